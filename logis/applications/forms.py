from django import forms

from logis.applications import reasons
from logis.core.forms import StyledFormMixin


class RefuseForm(StyledFormMixin, forms.Form):
    """The applicant refuses the dwelling offered: a reason of the list, words if they wish."""

    category = forms.ChoiceField(
        label="Pourquoi refusez-vous ce logement ?",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la raison de votre refus."},
    )
    comment = forms.CharField(
        label="Précisions (facultatif)",
        required=False,
        max_length=1000,
        help_text="Le bailleur peut les lire dans l'historique de la candidature.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = reasons.choices_for("refuse")


class WithdrawForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label="Pourquoi retirez-vous votre candidature ?",
        required=False,
        max_length=1000,
        help_text=(
            "Facultatif. Votre réponse figurera dans l'historique de la candidature, que le bailleur peut aussi "
            "consulter."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

from django import forms

from logis.core.forms import StyledFormMixin


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

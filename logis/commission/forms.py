from django import forms
from django.utils import timezone

from logis.applications import reasons
from logis.commission.models import Decision
from logis.core.forms import StyledFormMixin
from logis.organizations.models import Membership, Organization


class SessionForm(StyledFormMixin, forms.Form):
    landlord = forms.ModelChoiceField(label="Bailleur", queryset=Organization.objects.none(), empty_label=None)
    held_at = forms.DateTimeField(
        label="Date et heure de la séance",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    place = forms.CharField(label="Lieu", max_length=200, required=False)
    members = forms.ModelMultipleChoiceField(
        label="Membres de la commission présents",
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Les membres de la CALEOL du bailleur (voix délibérative, article R441-9 du CCH).",
    )

    def __init__(self, *args, landlords, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = landlords
        self.fields["members"].queryset = (
            Membership.objects.filter(organization__in=landlords, role=Membership.Role.COMMISSION, is_active=True)
            .select_related("user", "organization")
            .order_by("user__last_name")
        )
        self.fields["members"].label_from_instance = lambda m: f"{m.user.get_full_name()} ({m.organization.name})"

    def clean(self):
        data = super().clean()
        landlord = data.get("landlord")
        for member in data.get("members") or []:
            if landlord and member.organization_id != landlord.pk:
                self.add_error(
                    "members", f"{member.user.get_full_name()} n'est pas membre de la CALEOL de ce bailleur."
                )
        return data


class DecisionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Décision", choices=Decision.Kind.choices, widget=forms.RadioSelect)
    rank = forms.IntegerField(
        label="Rang (attribution avec classement)",
        min_value=1,
        max_value=20,
        required=False,
        help_text="1 pour le candidat à qui le logement est proposé en premier.",
    )
    missing_piece = forms.CharField(
        label="Pièce manquante (condition suspensive)",
        max_length=200,
        required=False,
        help_text="Une pièce de la liste limitative (article R441-2-4-1 du CCH).",
    )
    deadline = forms.DateField(
        label="Date limite pour la fournir",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason_category = forms.ChoiceField(
        label="Catégorie du motif (non-attribution, irrecevabilité)",
        choices=[("", "— Choisissez la catégorie —"), *reasons.all_choices()],
        required=False,
        help_text="Obligatoire pour une non-attribution ou une irrecevabilité ; le demandeur la reçoit.",
    )
    reason = forms.CharField(
        label="Motif (non-attribution, irrecevabilité)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Le demandeur le reçoit : écrivez-le pour lui.",
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Decision.Kind.RANKED and not data.get("rank"):
            self.add_error("rank", "Indiquez le rang du candidat.")
        if kind == Decision.Kind.CONDITIONAL:
            if not data.get("missing_piece"):
                self.add_error("missing_piece", "Indiquez la pièce manquante.")
            if not data.get("deadline"):
                self.add_error("deadline", "Indiquez la date limite pour fournir la pièce.")
            elif data["deadline"] < timezone.localdate():
                self.add_error("deadline", "Choisissez une date à venir.")
        refused = kind in (Decision.Kind.NOT_ATTRIBUTED, Decision.Kind.INADMISSIBLE)
        if refused and not data.get("reason"):
            self.add_error("reason", "Indiquez le motif : il est notifié au demandeur.")
        if refused:
            transition = "not_attribute" if kind == Decision.Kind.NOT_ATTRIBUTED else "declare_inadmissible"
            allowed = {code for code, _label in reasons.choices_for(transition)}
            if data.get("reason_category") not in allowed:
                self.add_error(
                    "reason_category",
                    "Choisissez la catégorie du motif"
                    + (" (irrecevabilité : une condition légale d'accès)" if transition != "not_attribute" else "")
                    + " : elle est notifiée au demandeur.",
                )
        elif kind and (data.get("reason") or data.get("reason_category")):
            message = "Seules une non-attribution et une irrecevabilité portent un motif : videz ce champ."
            if data.get("reason"):
                self.add_error("reason", message)
            if data.get("reason_category"):
                self.add_error("reason_category", message)
        return data

import datetime as dt

from django import forms

from logis.core.forms import StyledFormMixin
from logis.rules.moving import LEASE_KINDS


class MovingPlanForm(StyledFormMixin, forms.Form):
    moving_date = forms.DateField(
        label="Date du déménagement",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Indiquez la date du déménagement.",
            "invalid": "Indiquez une date valide (JJ/MM/AAAA).",
        },
    )
    lease_kind = forms.ChoiceField(
        label="Votre logement actuel", choices=list(LEASE_KINDS.items()), widget=forms.RadioSelect
    )
    zone_tendue = forms.BooleanField(
        label="Mon logement actuel est en zone tendue",
        required=False,
        help_text="Grandes agglomérations où le préavis est réduit à 1 mois.",
    )
    social_attributed = forms.BooleanField(label="Un logement social m'est attribué", required=False)
    children = forms.BooleanField(label="J'ai des enfants scolarisés ou gardés", required=False)
    car = forms.BooleanField(label="J'ai un véhicule à mon nom", required=False)
    residence_permit = forms.BooleanField(label="J'ai un titre de séjour", required=False)
    reminders = forms.BooleanField(label="M'envoyer des rappels par e-mail", required=False, initial=True)

    def clean_moving_date(self):
        day = self.cleaned_data["moving_date"]
        if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise forms.ValidationError("Indiquez une date entre 2000 et 2100.")
        return day

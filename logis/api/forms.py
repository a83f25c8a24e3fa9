from django import forms
from django.utils import timezone

from logis.api.models import EVENTS_BY_KIND, SCOPES_BY_KIND
from logis.core.forms import StyledFormMixin


class KeyForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="Nom de la clé",
        max_length=80,
        help_text="Pour la reconnaître, par exemple « Logiciel de gestion locative — production ».",
    )
    scopes = forms.MultipleChoiceField(label="Droits", widget=forms.CheckboxSelectMultiple, choices=())
    expires_on = forms.DateField(
        label="Expire le (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Laissez vide pour une clé sans date d'expiration ; vous pourrez la révoquer à tout moment.",
    )
    nonce = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (s.value, f"{s.value} — {s.label}") for s in SCOPES_BY_KIND[organization.kind]
        ]

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on and expires_on <= timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir, ou laissez vide.")
        return expires_on


class WebhookForm(StyledFormMixin, forms.Form):
    url = forms.URLField(
        label="Adresse HTTPS qui recevra les événements",
        max_length=500,
        assume_scheme="https",
        help_text="Par exemple https://gestion.exemple.fr/logis/webhooks.",
    )
    events = forms.MultipleChoiceField(label="Événements", widget=forms.CheckboxSelectMultiple, choices=())
    nonce = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [
            (e.value, f"{e.value} — {e.label}") for e in EVENTS_BY_KIND.get(organization.kind, ())
        ]

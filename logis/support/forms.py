from django import forms

from logis.core.forms import StyledFormMixin
from logis.support.models import PlanStep, SupportCase
from logis.support.services import ACCOUNT_MAX


class RequestForm(StyledFormMixin, forms.Form):
    event = forms.ChoiceField(
        label="Ce qui vous arrive",
        choices=SupportCase.Event.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez ce qui vous arrive dans la liste."},
    )
    account = forms.CharField(
        label="Votre situation en quelques mots",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=ACCOUNT_MAX,
        min_length=10,
        help_text="Ce qui s'est passé, depuis quand, ce qui vous inquiète le plus. 3 000 caractères au plus.",
        error_messages={
            "required": "Décrivez votre situation en quelques mots.",
            "min_length": "Décrivez votre situation en quelques mots (10 caractères au moins).",
            "max_length": "Votre récit est limité à 3 000 caractères.",
        },
    )
    consent = forms.BooleanField(
        label=(
            "J'accepte que ma demande et les informations de mon accompagnement soient lues par les conseillers "
            "sociaux de Logis. Elles ne sont jamais transmises à mon employeur ni à mon bailleur."
        ),
        error_messages={
            "required": "Sans votre accord, le conseiller ne peut pas lire votre demande : cochez la case pour "
            "l'envoyer."
        },
    )


class DiagnosisForm(StyledFormMixin, forms.Form):
    family = forms.CharField(label="Situation familiale", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    work = forms.CharField(label="Situation professionnelle", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    housing = forms.CharField(label="Situation de logement", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    budget = forms.CharField(label="Budget", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StepForm(StyledFormMixin, forms.Form):
    label = forms.CharField(label="Étape", max_length=250, error_messages={"required": "Décrivez l'étape."})
    owner = forms.ChoiceField(label="Qui la fait", choices=PlanStep.Owner.choices)
    partner = forms.CharField(label="Partenaire (si un partenaire la fait)", max_length=150, required=False)
    due_on = forms.DateField(
        label="Pour le",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Indiquez la date prévue.", "invalid": "Cette date n'est pas valide."},
    )


class NoteForm(StyledFormMixin, forms.Form):
    body = forms.CharField(
        label="Note de suivi",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Écrivez la note."},
    )


class CloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Issue",
        choices=[("", "Choisissez l'issue"), *SupportCase.Outcome.choices],
        error_messages={"required": "Choisissez l'issue de l'accompagnement."},
    )
    note = forms.CharField(label="Bilan", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

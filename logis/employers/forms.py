import re

from django import forms

from logis.core.forms import (
    RefusalNeedsReasonMixin,
    StyledFormMixin,
    person_name_fields,
    refusal_reason_field,
    sign_up_email_field,
)
from logis.demands.validation import clean_siret
from logis.employers.models import EmployerPriorities, StaffCategory

YES, NO = "oui", "non"


def _yes_no(label: str, *, yes: str, no: str, help_text: str = "", required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(YES, yes), (NO, no)],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=help_text,
        error_messages={"required": required_message},
    )


class EmployerSignupForm(StyledFormMixin, forms.Form):
    siret = forms.CharField(
        label="SIRET de l'entreprise",
        max_length=30,
        help_text="14 chiffres (SIREN de 9 chiffres suivi du NIC de l'établissement). Les espaces sont acceptés.",
        error_messages={"required": "Indiquez le SIRET de l'entreprise (14 chiffres)."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label="Raison sociale",
        max_length=200,
        error_messages={"required": "Indiquez la raison sociale de l'entreprise."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    headcount = forms.IntegerField(
        label="Effectif (nombre de salariés)",
        min_value=1,
        max_value=1_000_000,
        help_text="L'effectif de l'entreprise au sens de la sécurité sociale (moyenne de l'année précédente).",
        error_messages={
            "required": "Indiquez l'effectif de l'entreprise.",
            "invalid": "Saisissez un nombre entier de salariés, par exemple 120.",
            "min_value": "L'effectif compte au moins 1 salarié.",
        },
    )
    is_agricultural = _yes_no(
        "L'entreprise relève-t-elle du secteur agricole ?",
        yes="Oui, secteur agricole",
        no="Non",
        help_text="Les entreprises du secteur agricole doivent employer au moins 50 salariés (10 pour les autres).",
        required_message="Indiquez si l'entreprise relève du secteur agricole (oui ou non).",
    )
    pays_peec = _yes_no(
        "L'entreprise verse-t-elle la participation des employeurs à l'effort de construction (PEEC) ?",
        yes="Oui, elle cotise à la PEEC",
        no="Non",
        help_text=(
            "Depuis la loi PACTE, la PEEC est due à partir de 50 salariés ; les salariés des entreprises de 10 à 49 "
            "salariés restent éligibles."
        ),
        required_message="Indiquez si l'entreprise cotise à la PEEC (oui ou non).",
    )
    naf_code = forms.CharField(
        label="Code NAF (APE)",
        required=False,
        max_length=10,
        help_text="Facultatif. 4 chiffres et une lettre, par exemple 52.29A (sur l'avis de situation SIRENE).",
    )
    first_name, last_name = person_name_fields()
    email = sign_up_email_field(
        label="Votre adresse e-mail professionnelle",
        required_message="Indiquez votre adresse e-mail professionnelle.",
        example="prenom.nom@entreprise.fr",
    )

    def clean_siret(self):
        return clean_siret(self.cleaned_data["siret"])

    def clean_naf_code(self):
        value = re.sub(r"[\s.]", "", self.cleaned_data["naf_code"]).upper()
        if not value:
            return ""
        if not re.fullmatch(r"\d{4}[A-Z]", value):
            raise forms.ValidationError(
                "Le code NAF compte 4 chiffres et une lettre, par exemple 52.29A : vérifiez-le sur l'avis de "
                "situation SIRENE de l'entreprise."
            )
        return f"{value[:2]}.{value[2:]}"


class InvitationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail professionnelle de votre collègue",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Indiquez l'adresse e-mail de votre collègue.",
            "invalid": "Saisissez une adresse e-mail valide, par exemple prenom.nom@entreprise.fr.",
        },
    )


class InvitationAcceptForm(StyledFormMixin, forms.Form):
    first_name, last_name = person_name_fields(own=False)


class DecisionForm(RefusalNeedsReasonMixin, StyledFormMixin, forms.Form):
    POSITIVE = GIVE = "donner"

    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[(GIVE, "Donner l'accord"), (RefusalNeedsReasonMixin.REFUSE, "Refuser l'accord")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choisissez de donner ou de refuser l'accord."},
    )
    reason = refusal_reason_field("réponse")

    @property
    def given(self) -> bool:
        return self.positive


class EmployerDecisionForm(DecisionForm):
    """The employer's HR may also say which category of staff the employee belongs to."""

    staff_category = forms.ChoiceField(
        label="Catégorie de personnel du salarié",
        required=False,
        choices=[("", "Non précisée"), *StaffCategory.choices],
        help_text="Facultatif : elle sert à vos priorités dans la cotation (catégories de personnel prioritaires).",
    )


class PrioritiesForm(StyledFormMixin, forms.ModelForm):
    staff_categories = forms.MultipleChoiceField(
        label="Catégories de personnel prioritaires",
        required=False,
        choices=EmployerPriorities.StaffCategory.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = EmployerPriorities
        fields = [
            "permanent_contract_first",
            "permanent_contract_points",
            "min_seniority_months",
            "seniority_points",
            "staff_categories",
            "category_points",
        ]
        help_texts = {
            "permanent_contract_points": "De 0 à 100 points ajoutés au score d'un salarié en CDI.",
            "min_seniority_months": "Ancienneté dans l'entreprise à partir de laquelle les points s'appliquent.",
            "seniority_points": "De 0 à 100 points ajoutés une fois l'ancienneté minimale atteinte.",
            "category_points": "De 0 à 100 points pour un salarié d'une catégorie cochée.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("permanent_contract_points", "seniority_points", "category_points"):
            self.fields[name].max_value = 100
            self.fields[name].widget.attrs["max"] = 100
            self.fields[name].validators.append(_max_points)
        self.fields["min_seniority_months"].widget.attrs["max"] = 600


def _max_points(value):
    if value is not None and value > 100:
        raise forms.ValidationError("Saisissez un nombre de points entre 0 et 100.")


class ShareConsentForm(StyledFormMixin, forms.Form):
    share_application_status = forms.BooleanField(
        label="Mon employeur peut voir l'étape de ma candidature (envoyée, validée, en commission…)",
        required=False,
        help_text="Jamais vos ressources, votre foyer, votre santé ni vos documents. Vous pouvez changer d'avis.",
    )

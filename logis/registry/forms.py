"""The public filing form of a demand (content of CERFA 14069*05), one form per step.

Every step form turns its cleaned data into JSON-serialisable values for the session (`to_session`) and
back into initial values (`initial_from_session`), so a person can go back and find what they typed.
`demand_fields` gives the RegisteredDemand fields of the step for the filing service.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siret

from logis.core.forms import StyledFormMixin
from logis.geo.models import Commune
from logis.registry.communes import CommuneLookupError, commune_label, resolve_commune
from logis.registry.models import (
    CIVILITY_CHOICES,
    ContractType,
    CurrentHousing,
    FamilySituation,
    HousingKind,
    Nationality,
    Reason,
    RegisteredHouseholdMember,
    ResourceCode,
    Typology,
)

OLDEST_AGE = 120
YOUNGEST_APPLICANT_AGE = 16  # a minor may file once emancipated, which is possible from 16
WISHED_COMMUNES = 5
MAX_MEMBERS = 15


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_birth_date(value: dt.date, *, youngest: int = 0) -> None:
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError("La date de naissance doit être passée : vérifiez le jour, le mois et l'année.")
    if value < _years_before(today, OLDEST_AGE):
        raise forms.ValidationError(
            f"Vérifiez l'année de naissance : une personne née le {date_format(value, 'j F Y')} "
            f"aurait plus de {OLDEST_AGE} ans."
        )
    if youngest and value > _years_before(today, youngest):
        raise forms.ValidationError(
            f"La personne qui dépose la demande doit avoir au moins {youngest} ans (majeure ou mineure "
            "émancipée). Vérifiez la date de naissance, ou faites déposer la demande par un parent."
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": "Saisissez une date valide, par exemple 17/05/1990."}


class EuroField(forms.IntegerField):
    """An amount in whole euros; accepts "1 850", "1.850", "1850 €" and "1850,50" (rounded)."""

    default_error_messages = {
        "invalid": "Saisissez un montant en euros, en chiffres, par exemple 1850.",
        "min_value": "Le montant ne peut pas être négatif : saisissez 0 si vous n'avez rien à déclarer.",
        "max_value": "Ce montant semble trop élevé : vérifiez le nombre de chiffres.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10_000_000)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"[\s\u00a0\u202f€]", "", str(value))
        if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text):
            text = text.replace(".", "")  # "24.000": a thousands separator, not 24 euros
        text = text.replace(",", ".")
        if not re.fullmatch(r"-?[0-9]{1,12}(\.[0-9]{1,2})?", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(Decimal(text).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class CommuneInput(forms.TextInput):
    """A text input with a suggestion list (<datalist>) that htmx fills as the person types."""

    template_name = "registry/widgets/commune_input.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions_url"] = reverse_lazy("registry:commune_suggestions")
        context["widget"]["datalist_id"] = f"{context['widget']['attrs'].get('id', name)}_suggestions"
        return context


class CommuneField(forms.CharField):
    """Resolves "Lyon (69001)", "69001", "69123" or "Lyon" to one geo.Commune."""

    widget = CommuneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "help_text",
            "Tapez le nom ou le code postal de la commune, puis choisissez-la dans la liste proposée.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        return value

    def clean(self, value):
        if isinstance(value, Commune):
            return value
        text = super().clean(value)
        if not text:
            return None
        try:
            return resolve_commune(text)
        except CommuneLookupError as error:
            if not error.candidates:
                raise forms.ValidationError(
                    f"Aucune commune ne correspond à « {text} ». Vérifiez l'orthographe, ou saisissez le code "
                    "postal à 5 chiffres, puis choisissez la commune dans la liste proposée.",
                    code="not_found",
                ) from None
            names = ", ".join(commune_label(c) for c in error.candidates)
            raise forms.ValidationError(
                f"Plusieurs communes correspondent à « {text} » : {names}. Recopiez celle qui convient, avec "
                "son code postal entre parenthèses, par exemple « "
                f"{commune_label(error.candidates[0])} ».",
                code="ambiguous",
            ) from None


def _dump(value: Any) -> Any:
    """A cleaned value as JSON for the session (communes as INSEE codes, dates in ISO format)."""
    if isinstance(value, Commune):
        return value.insee
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    return value


def _load(fields: dict[str, forms.Field], stored: dict[str, Any]) -> dict[str, Any]:
    """Session values back to Python values, for the fields of a form."""
    insee_codes = [stored.get(name) for name, field in fields.items() if isinstance(field, CommuneField)]
    communes = Commune.objects.in_bulk([code for code in insee_codes if code])
    values = {}
    for name, field in fields.items():
        if name not in stored:
            continue
        value = stored[name]
        if value and isinstance(field, forms.DateField):
            value = dt.date.fromisoformat(value)
        elif value and isinstance(field, CommuneField):
            value = communes.get(value)
        values[name] = value
    return values


class StepForm(StyledFormMixin, forms.Form):
    """One step of the filing form."""

    def to_session(self) -> dict[str, Any]:
        return {name: _dump(value) for name, value in self.cleaned_data.items()}

    @classmethod
    def initial_from_session(cls, stored: dict[str, Any] | None) -> dict[str, Any]:
        return _load(cls.base_fields, stored or {})

    @classmethod
    def demand_fields(cls, stored: dict[str, Any]) -> dict[str, Any]:
        """The RegisteredDemand fields of this step, from its session data."""
        return cls.initial_from_session(stored)


# 1. Identity and nationality ------------------------------------------------------------------------------


class IdentityForm(StepForm):
    civility = forms.ChoiceField(
        label="Civilité",
        choices=CIVILITY_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages=_required("Choisissez « Madame » ou « Monsieur »."),
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages=_required("Indiquez votre nom, tel qu'il figure sur votre pièce d'identité."),
    )
    first_name = forms.CharField(
        label="Prénom",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages=_required("Indiquez votre prénom."),
    )
    birth_date = DateField(
        label="Date de naissance",
        help_text="Par exemple : 17/05/1990.",
        widget=DateInput(attrs={"autocomplete": "bday"}),
        error_messages=_required("Indiquez votre date de naissance."),
    )
    nationality = forms.ChoiceField(
        label="Nationalité",
        choices=Nationality.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages=_required("Choisissez votre nationalité."),
    )
    residence_permit_expires_on = DateField(
        label="Titre de séjour valable jusqu'au",
        required=False,
        help_text=(
            "Obligatoire si votre nationalité est hors Union européenne : indiquez la date de fin de validité "
            "de votre titre de séjour (ou du récépissé de demande de renouvellement)."
        ),
    )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        _check_birth_date(value, youngest=YOUNGEST_APPLICANT_AGE)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nationality") != Nationality.NON_EU:
            cleaned["residence_permit_expires_on"] = None
            return cleaned
        permit = cleaned.get("residence_permit_expires_on")
        if "residence_permit_expires_on" in self.errors:
            return cleaned
        if permit is None:
            self.add_error(
                "residence_permit_expires_on",
                "Indiquez la date de fin de validité de votre titre de séjour : elle est obligatoire pour une "
                "personne de nationalité hors Union européenne.",
            )
        elif permit < timezone.localdate():
            self.add_error(
                "residence_permit_expires_on",
                f"Votre titre de séjour a expiré le {date_format(permit, 'j F Y')} : une demande de logement "
                "social nécessite un titre de séjour en cours de validité. Si vous avez demandé son "
                "renouvellement, indiquez la date de fin de validité du récépissé.",
            )
        return cleaned


# 2. Contact -----------------------------------------------------------------------------------------------

PHONE_PATTERN = re.compile(r"^(?:0[1-9][0-9]{8}|\+33[1-9][0-9]{8}|\+(?!33)[0-9]{7,15})$")


class ContactForm(StepForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Votre attestation et votre numéro unique y seront envoyés.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            **_required("Indiquez votre adresse e-mail : votre attestation d'enregistrement y sera envoyée."),
            "invalid": "Saisissez une adresse e-mail complète, par exemple prenom.nom@exemple.fr.",
        },
    )
    phone = forms.CharField(
        label="Téléphone",
        required=False,
        max_length=20,
        help_text="Facultatif. Par exemple : 06 12 34 56 78.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address = forms.CharField(
        label="Adresse",
        max_length=200,
        help_text="Numéro et voie, complément éventuel (bâtiment, étage, chez…).",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages=_required("Indiquez votre adresse actuelle (numéro et voie)."),
    )
    postal_code = forms.CharField(
        label="Code postal",
        max_length=5,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        error_messages=_required("Indiquez votre code postal."),
    )
    commune = CommuneField(label="Commune", error_messages=_required("Indiquez la commune où vous habitez."))

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["phone"])
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                "Saisissez un numéro de téléphone à 10 chiffres, par exemple 06 12 34 56 78 (ou +33 6 12 34 56 78)."
            )
        return phone

    def clean_postal_code(self):
        postal_code = self.cleaned_data["postal_code"].replace(" ", "")
        if not re.fullmatch(r"[0-9]{5}", postal_code):
            raise forms.ValidationError("Le code postal comporte 5 chiffres, par exemple 69001.")
        return postal_code


# 3. Family situation and household ----------------------------------------------------------------------


class MemberForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=100, error_messages=_required("Indiquez son prénom."))
    last_name = forms.CharField(label="Nom", max_length=100, error_messages=_required("Indiquez son nom."))
    birth_date = DateField(label="Date de naissance", error_messages=_required("Indiquez sa date de naissance."))
    relation = forms.ChoiceField(
        label="Lien avec vous",
        choices=[("", "Choisissez…"), *RegisteredHouseholdMember.Relation.choices],
        error_messages=_required("Choisissez son lien avec vous (conjoint, enfant…)."),
    )
    is_dependent = forms.BooleanField(label="Personne à charge", required=False)
    has_disability = forms.BooleanField(label="En situation de handicap", required=False)
    alternating_custody = forms.BooleanField(
        label="Enfant en garde alternée",
        required=False,
        help_text="Il compte dans votre foyer comme dans celui de son autre parent (arrêté du 29 juillet 1987).",
    )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        _check_birth_date(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("alternating_custody") and data.get("relation") != RegisteredHouseholdMember.Relation.CHILD:
            self.add_error(
                "alternating_custody", "La garde alternée concerne un enfant : choisissez le lien « Enfant »."
            )
        return data


class BaseMemberFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Retirer cette personne de la demande"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept_forms(self) -> list[MemberForm]:
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def clean(self):
        if any(self.errors):
            return
        spouses = [
            f for f in self.kept_forms() if f.cleaned_data["relation"] == RegisteredHouseholdMember.Relation.SPOUSE
        ]
        if len(spouses) > 1:
            raise forms.ValidationError(
                "Vous avez déclaré plusieurs conjoints : ne gardez qu'une personne avec le lien « Conjoint, "
                "conjointe ou partenaire » et choisissez « Co-demandeur » ou « Autre » pour les autres."
            )


MemberFormSet = forms.formset_factory(
    MemberForm,
    formset=BaseMemberFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_MEMBERS,
    validate_max=True,
)


# The situations whose spouse or partner belongs to the household, and what to do when none is declared.
PARTNER_REQUIRED = {
    FamilySituation.MARRIED: (
        "Vous êtes marié ou mariée : ajoutez votre conjoint ci-dessous (lien « Conjoint, conjointe ou "
        "partenaire »), ou choisissez « Séparé ou séparée » si vous ne vivez plus ensemble."
    ),
    FamilySituation.PACS: (
        "Vous êtes pacsé ou pacsée : ajoutez votre partenaire ci-dessous (lien « Conjoint, conjointe ou "
        "partenaire »), ou choisissez votre situation actuelle si le PACS a pris fin."
    ),
}


class FamilyForm(StepForm):
    family_situation = forms.ChoiceField(
        label="Situation familiale",
        choices=[("", "Choisissez…"), *FamilySituation.choices],
        error_messages=_required("Choisissez votre situation familiale."),
    )
    expected_births = forms.IntegerField(
        label="Nombre d'enfants à naître",
        required=False,
        min_value=0,
        max_value=9,
        initial=0,
        help_text="Indiquez 0 s'il n'y a pas de naissance attendue.",
        error_messages={
            "invalid": "Saisissez un nombre en chiffres, par exemple 0 ou 1.",
            "min_value": "Le nombre d'enfants à naître ne peut pas être négatif : saisissez 0.",
            "max_value": "Vérifiez le nombre d'enfants à naître (9 au plus).",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = MemberFormSet(
            data=self.data if self.is_bound else None,
            initial=self.initial.get("members") or None,
            prefix="members",
        )

    def is_valid(self):
        form_valid = super().is_valid()
        members_valid = self.members.is_valid()
        situation = self.cleaned_data.get("family_situation") if form_valid else None
        if members_valid and situation in PARTNER_REQUIRED:
            spouse = RegisteredHouseholdMember.Relation.SPOUSE
            if not any(f.cleaned_data["relation"] == spouse for f in self.members.kept_forms()):
                # Married or in a PACS: the spouse or partner lives in the household the demand is for (CERFA
                # 14069), or the situation is another one — issue #15: « Marié(e) » alone was accepted.
                self.add_error("family_situation", PARTNER_REQUIRED[situation])
                return False
        return form_valid and members_valid

    def clean_expected_births(self):
        return self.cleaned_data["expected_births"] or 0

    def to_session(self):
        data = super().to_session()
        fields = MemberForm.base_fields
        data["members"] = [
            {name: _dump(value) for name, value in f.cleaned_data.items() if name in fields}
            for f in self.members.kept_forms()
        ]
        return data

    @classmethod
    def initial_from_session(cls, stored):
        stored = stored or {}
        initial = super().initial_from_session(stored)
        if "members" in stored:
            initial["members"] = [_load(MemberForm.base_fields, member) for member in stored["members"]]
        return initial


# 4. Professional situation ------------------------------------------------------------------------------


class ProfessionalForm(StepForm):
    profession = forms.CharField(label="Profession", required=False, max_length=100)
    contract_type = forms.ChoiceField(
        label="Situation ou type de contrat",
        choices=[("", "Choisissez…"), *ContractType.choices],
        error_messages=_required("Choisissez votre type de contrat ou votre situation (CDI, retraite…)."),
    )
    employer_name = forms.CharField(label="Nom de l'employeur", required=False, max_length=200)
    employer_siret = forms.CharField(
        label="SIRET de l'employeur",
        required=False,
        max_length=20,
        help_text="Facultatif. 14 chiffres, indiqués sur votre bulletin de paie.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    workplace_commune = CommuneField(
        label="Commune du lieu de travail",
        required=False,
        help_text="Facultatif. Tapez le nom ou le code postal de la commune : elle sert à vous proposer des "
        "logements proches de votre travail.",
    )

    def clean_employer_siret(self):
        value = siret.compact(self.cleaned_data["employer_siret"])
        if not value:
            return ""
        try:
            return siret.validate(value)
        except InvalidChecksum:
            raise forms.ValidationError(
                "Ce numéro SIRET n'existe pas : un chiffre est probablement erroné. Recopiez-le depuis votre "
                "bulletin de paie, ou laissez ce champ vide."
            ) from None
        except StdnumValidationError:
            raise forms.ValidationError(
                "Un numéro SIRET comporte 14 chiffres, sans lettres : vérifiez votre saisie, ou laissez ce champ vide."
            ) from None


# 5. Resources -------------------------------------------------------------------------------------------


def _resource_field_name(code: str) -> str:
    return f"resource_{code}"


class ResourcesForm(StepForm):
    rfr_n2 = EuroField(
        label="Revenu fiscal de référence de l'année N-2",
        error_messages=_required(
            "Indiquez le revenu fiscal de référence de votre avis d'imposition (0 si vous n'aviez pas de revenus)."
        ),
    )
    rfr_n1 = EuroField(label="Revenu fiscal de référence de l'année N-1", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["rfr_n2"].label = f"Revenu fiscal de référence {year - 2} (€)"
        self.fields["rfr_n2"].help_text = (
            f"Sur votre avis d'imposition {year - 1} sur les revenus {year - 2} (ménage entier). "
            "Saisissez 0 si vous n'aviez pas de revenus."
        )
        self.fields["rfr_n1"].label = f"Revenu fiscal de référence {year - 1} (€)"
        self.fields[
            "rfr_n1"
        ].help_text = (
            f"Facultatif : sur votre avis d'imposition {year} sur les revenus {year - 1}, si vous l'avez déjà reçu."
        )
        for code, label in ResourceCode.choices:
            self.fields[_resource_field_name(code)] = EuroField(label=f"{label} (€ par mois)", required=False)
        # the mixin styled the fields declared on the class; style the ones added here too
        for code in ResourceCode.values:
            self.fields[_resource_field_name(code)].widget.attrs["class"] = "form-control"

    @classmethod
    def initial_from_session(cls, stored):
        stored = stored or {}
        initial = super().initial_from_session(stored)
        initial.update({_resource_field_name(code): stored.get(_resource_field_name(code)) for code in ResourceCode})
        return initial

    @classmethod
    def demand_fields(cls, stored):
        return {
            "rfr_n2": stored["rfr_n2"],
            "rfr_n1": stored.get("rfr_n1"),
            "monthly_resources": [
                {"code": code, "amount": stored[_resource_field_name(code)]}
                for code in ResourceCode.values
                if stored.get(_resource_field_name(code))
            ],
        }


# 6. Current housing -------------------------------------------------------------------------------------


class CurrentHousingForm(StepForm):
    current_housing = forms.ChoiceField(
        label="Votre logement actuel",
        choices=[("", "Choisissez…"), *CurrentHousing.choices],
        error_messages=_required("Choisissez votre situation de logement actuelle."),
    )
    current_rent = EuroField(
        label="Loyer mensuel, charges comprises (€)",
        required=False,
        help_text="Laissez vide si vous ne payez pas de loyer.",
    )
    current_occupants = forms.IntegerField(
        label="Nombre de personnes qui y vivent, vous compris",
        min_value=1,
        max_value=30,
        initial=1,
        error_messages={
            **_required("Indiquez combien de personnes vivent dans ce logement, vous compris."),
            "invalid": "Saisissez un nombre en chiffres, par exemple 2.",
            "min_value": "Comptez-vous : le nombre de personnes est au moins 1.",
            "max_value": "Vérifiez le nombre de personnes (30 au plus).",
        },
    )
    current_surface = forms.IntegerField(
        label="Surface habitable (m²)",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Facultatif. Une valeur approximative suffit.",
        error_messages={
            "invalid": "Saisissez la surface en chiffres, par exemple 45.",
            "min_value": "La surface doit être d'au moins 1 m².",
            "max_value": "Vérifiez la surface : elle semble trop grande.",
        },
    )


# 7. Reasons ---------------------------------------------------------------------------------------------


class ReasonsForm(StepForm):
    reasons = forms.MultipleChoiceField(
        label="Pourquoi demandez-vous un logement social ?",
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="Cochez tous les motifs qui s'appliquent à votre situation.",
        error_messages=_required("Cochez au moins un motif de demande."),
    )


# 8. Housing wished --------------------------------------------------------------------------------------


WISHED_COMMUNE_FIELDS = [f"wished_commune_{index}" for index in range(1, WISHED_COMMUNES + 1)]


def _wished_commune_field(index: int) -> CommuneField:
    return CommuneField(
        label=f"Commune souhaitée n° {index}",
        required=False,
        help_text=(
            f"Au moins une commune, jusqu'à {WISHED_COMMUNES}. Tapez le nom ou le code postal de la commune, "
            "puis choisissez-la dans la liste proposée."
            if index == 1
            else "Facultatif."
        ),
    )


class WishesForm(StepForm):
    wished_commune_1 = _wished_commune_field(1)
    wished_commune_2 = _wished_commune_field(2)
    wished_commune_3 = _wished_commune_field(3)
    wished_commune_4 = _wished_commune_field(4)
    wished_commune_5 = _wished_commune_field(5)
    wished_typologies = forms.MultipleChoiceField(
        label="Types de logement recherchés",
        choices=Typology.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="Cochez un ou plusieurs types, selon le nombre de pièces.",
        error_messages=_required("Cochez au moins un type de logement, de T1 à T6."),
    )
    wished_kind = forms.ChoiceField(
        label="Maison ou appartement",
        choices=HousingKind.choices,
        initial=HousingKind.ANY,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages=_required("Choisissez maison, appartement ou indifférent."),
    )
    max_rent = EuroField(
        label="Loyer maximum, charges comprises (€ par mois)",
        required=False,
        help_text="Facultatif.",
    )
    accessibility_needed = forms.BooleanField(
        label="J'ai besoin d'un logement accessible ou adapté à un handicap ou à une mobilité réduite",
        required=False,
    )
    accessibility_details = forms.CharField(
        label="Adaptations nécessaires",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : fauteuil roulant, pas de marches, ascenseur indispensable, douche de plain-pied.",
    )
    applicant_has_disability = forms.BooleanField(label="Je suis en situation de handicap", required=False)

    @classmethod
    def demand_fields(cls, stored):
        values = super().demand_fields(stored)
        for name in WISHED_COMMUNE_FIELDS:
            values.pop(name, None)
        values["wished_communes"] = [stored[name] for name in WISHED_COMMUNE_FIELDS if stored.get(name)]
        return values

    def clean(self):
        cleaned = super().clean()
        if not any(name in self.errors for name in WISHED_COMMUNE_FIELDS):
            # Without gaps nor duplicates, in the order typed.
            communes = list(dict.fromkeys(c for c in (cleaned.get(name) for name in WISHED_COMMUNE_FIELDS) if c))
            if not communes:
                self.add_error(WISHED_COMMUNE_FIELDS[0], "Indiquez au moins une commune où vous souhaitez habiter.")
            for position, name in enumerate(WISHED_COMMUNE_FIELDS):
                cleaned[name] = communes[position] if position < len(communes) else None
        if cleaned.get("accessibility_needed"):
            if not cleaned.get("accessibility_details", "").strip():
                self.add_error(
                    "accessibility_details",
                    "Décrivez les adaptations nécessaires, pour que les bailleurs vous proposent un logement qui "
                    "vous convient.",
                )
        else:
            cleaned["accessibility_details"] = ""
        return cleaned


# Summary ------------------------------------------------------------------------------------------------


class ConfirmForm(StyledFormMixin, forms.Form):
    certify = forms.BooleanField(
        label="Je certifie sur l'honneur l'exactitude des informations de cette demande.",
        error_messages=_required("Cochez la case pour certifier l'exactitude des informations avant de déposer."),
    )

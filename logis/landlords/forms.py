import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from logis.applications import reasons
from logis.commission.models import AgendaOffer
from logis.core.forms import StyledFormMixin, person_name_fields, sign_up_email_field
from logis.core.text import plural
from logis.demands.validation import clean_siren
from logis.landlords.private import private_offer_problems
from logis.offers.models import Financing, Offer
from logis.organizations.models import Organization
from logis.registry.forms import CommuneField
from logis.rules import accession, private_letting
from logis.rules.private_letting import InvalidCard, clean_professional_card

with (Path(__file__).parent / "data" / "offer_checks.toml").open("rb") as _file:
    OFFER_CHECKS = tomllib.load(_file)


def typology_for_rooms(rooms: int) -> str:
    """A Tn has n main rooms; T6 means six and more."""
    return f"T{min(max(rooms, 1), 6)}"


class OfferForm(StyledFormMixin, forms.ModelForm):
    commune = CommuneField(label="Commune")

    class Meta:
        model = Offer
        fields = [
            "title",
            "reference",
            "financing",
            "kind",
            "typology",
            "rooms",
            "bedrooms",
            "surface",
            "floor",
            "has_lift",
            "is_accessible",
            "rent",
            "charges",
            "annex_rent",
            "energy_contribution",
            "individual_water",
            "individual_heating",
            "individual_flat_charge",
            "address",
            "commune",
            "available_on",
            "energy_class",
            "description",
        ]
        labels = {"reference": "Votre référence (facultatif)"}
        error_messages = {
            "reference": {
                "unique": (
                    "Cette référence est déjà celle d'une autre offre : choisissez-en une autre, ou laissez le champ "
                    "vide pour qu'une référence soit attribuée automatiquement."
                )
            }
        }
        help_texts = {
            "title": "Ce que les demandeurs lisent en premier, par exemple « T3 lumineux avec balcon ».",
            "reference": "Laissez vide pour qu'une référence soit attribuée automatiquement.",
            "typology": "Un Tn compte n pièces principales (séjour et chambres).",
            "rooms": "Pièces principales : séjour et chambres, sans la cuisine ni la salle d'eau.",
            "surface": "Surface habitable, en m².",
            "rent": "Loyer mensuel hors charges, en euros.",
            "charges": "Provision mensuelle pour charges, en euros.",
        }
        widgets = {
            "available_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        if "financing" in self.fields:
            self.fields["financing"].required = True  # blank in the model for homes to buy only
        for name in ("annex_rent", "energy_contribution", "individual_flat_charge"):
            if name in self.fields:
                self.fields[name].required = False  # 0 when left empty

    def clean_rent(self):
        rent = self.cleaned_data["rent"]
        if rent is not None and rent <= 0:
            raise forms.ValidationError("Indiquez un loyer hors charges supérieur à 0 €.")
        return rent

    def clean_charges(self):
        charges = self.cleaned_data["charges"]
        if charges is not None and charges < 0:
            raise forms.ValidationError("Les charges ne peuvent pas être négatives : indiquez 0 s'il n'y en a pas.")
        return charges

    def _clean_effort_terms(self, data) -> None:
        """The other terms of the taux d'effort: 0 when empty, never negative, a flat charge when individual."""
        for name in ("annex_rent", "energy_contribution", "individual_flat_charge"):
            if data.get(name) is None and name not in self.errors:
                data[name] = Decimal(0)
            elif data.get(name) is not None and data[name] < 0:
                self.add_error(name, "Ce montant ne peut pas être négatif : indiquez 0 s'il n'y en a pas.")
        individual = data.get("individual_water") or data.get("individual_heating")
        if individual and not data.get("individual_flat_charge"):
            self.add_error(
                "individual_flat_charge",
                "L'eau ou le chauffage est individuel : indiquez le forfait mensuel retenu pour le taux d'effort "
                "(arrêté du 10 mars 2011), selon la taille du logement et le nombre d'occupants.",
            )

    def clean_rooms(self):
        rooms = self.cleaned_data["rooms"]
        if rooms is not None and rooms < 1:
            raise forms.ValidationError("Un logement compte au moins une pièce principale.")
        return rooms

    def clean(self):
        data = super().clean()
        self._clean_effort_terms(data)
        rooms, bedrooms = data.get("rooms"), data.get("bedrooms")
        surface, typology = data.get("surface"), data.get("typology")
        if rooms and bedrooms is not None and bedrooms > max(rooms - 1, 0):
            self.add_error(
                "bedrooms",
                f"Avec {plural(rooms, 'pièce principale', 'pièces principales')}, il y a au plus "
                f"{plural(max(rooms - 1, 0), 'chambre')} : le séjour "
                "compte parmi les pièces. Corrigez le nombre de chambres ou de pièces.",
            )
        if rooms and typology and typology != typology_for_rooms(rooms):
            self.add_error(
                "typology",
                f"Un logement de {plural(rooms, 'pièce principale', 'pièces principales')} est un "
                f"{typology_for_rooms(rooms)} : corrigez la "
                "typologie ou le nombre de pièces.",
            )
        minimum = OFFER_CHECKS["min_surface_per_room"]
        if rooms and surface is not None and surface < Decimal(minimum * rooms):
            self.add_error(
                "surface",
                f"{surface} m² pour {plural(rooms, 'pièce principale', 'pièces principales')}, c'est moins de "
                f"{minimum} m² par pièce : "
                "vérifiez la surface habitable ou le nombre de pièces.",
            )
        return data


SALE_TYPE = "vente"  # ?type=vente: the form of a home to buy

SALE_TERMS = {
    "BRS": ("land_fee",),
    "PSLA": ("psla_fee", "psla_acquisitive_part", "psla_rental_months"),
    "VENTE_HLM": ("priority_until",),
}


class SaleOfferForm(OfferForm):
    """A home to buy (accession sociale, docs/adr/0015): the price and the terms of its kind instead of a rent.

    The kind's terms are required for that kind and cleared for the others; the dwelling's checks are those of
    OfferForm. The rent is 0 and the financing empty (the database's constraints keep them so)."""

    class Meta(OfferForm.Meta):
        fields = [
            "title",
            "reference",
            "accession",
            "kind",
            "typology",
            "rooms",
            "bedrooms",
            "surface",
            "floor",
            "has_lift",
            "is_accessible",
            "price",
            "charges",
            "land_fee",
            "psla_fee",
            "psla_acquisitive_part",
            "psla_rental_months",
            "priority_until",
            "address",
            "commune",
            "available_on",
            "energy_class",
            "description",
        ]
        labels = {
            **OfferForm.Meta.labels,
            "accession": "Forme d'accession",
            "charges": "Charges mensuelles estimées (€/mois)",
        }
        help_texts = {
            **OfferForm.Meta.help_texts,
            "price": "Prix de vente, en euros (pour un PSLA, le prix à la levée d'option).",
            "charges": "Charges de copropriété et d'entretien que l'acquéreur paiera chaque mois, en euros.",
        }
        widgets = {
            **OfferForm.Meta.widgets,
            "priority_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accession"].required = True
        self.fields["price"].required = True

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and price <= 0:
            raise forms.ValidationError("Indiquez un prix de vente supérieur à 0 €.")
        return price

    def clean(self):
        data = super().clean()
        data["rent"] = Decimal(0)
        data["financing"] = ""
        kind = data.get("accession")
        for other, names in SALE_TERMS.items():
            if other != kind:
                for name in names:
                    data[name] = None  # another kind's terms are not kept
        if kind == "BRS":
            self._clean_brs(data)
        elif kind == "PSLA":
            self._clean_psla(data)
        elif kind == "VENTE_HLM":
            self._clean_vente_hlm(data)
        return data

    def _clean_brs(self, data):
        fee = data.get("land_fee")
        if fee is None and "land_fee" not in self.errors:
            self.add_error(
                "land_fee",
                "Un BRS a une redevance foncière : indiquez le montant mensuel versé à l'organisme de foncier "
                "solidaire (0 s'il n'y en a pas pendant les premières années).",
            )
        elif fee is not None and fee < 0:
            self.add_error("land_fee", "La redevance foncière ne peut pas être négative.")

    def _clean_psla(self, data):
        fee, part, months = data.get("psla_fee"), data.get("psla_acquisitive_part"), data.get("psla_rental_months")
        if fee is None and "psla_fee" not in self.errors:
            self.add_error("psla_fee", "Indiquez la redevance mensuelle de la phase locative du PSLA, en euros.")
        elif fee is not None and fee <= 0:
            self.add_error("psla_fee", "La redevance de la phase locative est supérieure à 0 €.")
        if part is None and "psla_acquisitive_part" not in self.errors:
            self.add_error(
                "psla_acquisitive_part",
                "Indiquez la part acquisitive de la redevance (l'épargne déduite du prix), en euros par mois.",
            )
        elif part is not None and (part < 0 or (fee is not None and part >= fee)):
            self.add_error(
                "psla_acquisitive_part",
                "La part acquisitive fait partie de la redevance : indiquez un montant de 0 € à moins que la "
                "redevance.",
            )
        low, high = accession.psla_rental_months_bounds()
        if months is None and "psla_rental_months" not in self.errors:
            self.add_error(
                "psla_rental_months",
                f"Indiquez la durée de la phase locative, de {low} à {high} mois, avant la levée d'option.",
            )
        elif months is not None and not low <= months <= high:
            self.add_error(
                "psla_rental_months", f"La phase locative d'un PSLA dure de {low} à {high} mois : corrigez la durée."
            )

    def _clean_vente_hlm(self, data):
        if data.get("energy_class") in accession.vente_hlm_excluded_energy_classes():
            self.add_error(
                "energy_class",
                "Un logement social classé F ou G au diagnostic de performance énergétique ne peut pas être vendu "
                "(CCH, L443-7) : faites d'abord les travaux.",
            )
        until = data.get("priority_until")
        if until is not None and until < timezone.localdate() and not self.instance.pk:
            self.add_error(
                "priority_until",
                "Cette date est passée : laissez le champ vide si la période réservée aux acquéreurs prioritaires "
                "est finie.",
            )


class InterestAnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label="Votre réponse",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une visite, la suite à donner, ou pourquoi ce n'est pas possible.",
        error_messages={"required": "Écrivez votre réponse : elle est envoyée à la personne."},
    )


class OfferActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("suspend", "suspend"), ("close", "close")])


class ReasonForm(StyledFormMixin, forms.Form):
    """The reason of a set-aside or an unmet condition: a category of the list and words for the applicant."""

    category = forms.ChoiceField(
        label="Catégorie du motif",
        choices=(),
        help_text="Le demandeur la reçoit, avec ce qui pourrait changer la décision.",
        error_messages={"required": "Choisissez la catégorie du motif : le demandeur la reçoit."},
    )
    comment = forms.CharField(
        label="Raison",
        max_length=1000,
        help_text="Le demandeur la reçoit par e-mail : écrivez-la pour lui, sans jargon.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Expliquez la raison en quelques mots : le demandeur la reçoit par e-mail."},
    )

    def __init__(self, *args, transition: str, **kwargs):
        super().__init__(*args, prefix=transition, **kwargs)
        self.fields["category"].choices = [("", "— Choisissez —"), *reasons.choices_for(transition)]


class AgendaForm(StyledFormMixin, forms.Form):
    session = forms.ModelChoiceField(label="Séance de la CALEOL", queryset=None, empty_label=None)
    applications = forms.ModelMultipleChoiceField(
        label="Candidats à présenter",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les dossiers validés de cette offre. Présentez au moins trois candidats par logement.",
    )
    fewer_reason = forms.ChoiceField(
        label="Motif légal pour présenter moins de trois candidats",
        choices=[("", "Aucun : je présente au moins trois candidats"), *AgendaOffer.FewerReason.choices],
        required=False,
        help_text="Article R441-3 du code de la construction et de l'habitation.",
    )

    def __init__(self, *args, sessions, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: f"{s} — {s.place}" if s.place else str(s)
        self.fields["applications"].queryset = applications
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.demand.owner.get_full_name()} — candidature n° {a.pk}"
        )


class VisitForm(StyledFormMixin, forms.Form):
    at = forms.DateTimeField(
        label="Date et heure de la visite",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text="Le demandeur la reçoit par e-mail.",
    )
    meeting_point = forms.CharField(label="Lieu de rendez-vous", max_length=200, required=False)

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError("Choisissez une date et une heure à venir.")
        return at


class LeaseForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(
        label="Date de signature du bail",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate() + dt.timedelta(days=1):
            raise forms.ValidationError("Enregistrez le bail une fois signé : la date ne peut pas être à venir.")
        return signed_on


class LessorSignupForm(StyledFormMixin, forms.Form):
    """Sign-up of an estate agency or a private owner (issue #19)."""

    kind = forms.ChoiceField(
        label="Vous êtes",
        choices=[
            (Organization.Kind.AGENCY, "Une agence immobilière (titulaire de la carte professionnelle)"),
            (Organization.Kind.PRIVATE_OWNER, "Un propriétaire particulier qui loue lui-même son logement"),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Indiquez si vous êtes une agence immobilière ou un propriétaire particulier."},
    )
    name = forms.CharField(
        label="Nom de l'agence",
        required=False,
        max_length=200,
        help_text="Pour une agence seulement : sa raison sociale, telle qu'elle figure sur l'extrait Kbis.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    siren = forms.CharField(
        label="SIREN de l'agence",
        required=False,
        max_length=20,
        help_text="Pour une agence seulement : 9 chiffres, les espaces sont acceptés.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    professional_card = forms.CharField(
        label="Numéro de carte professionnelle (carte T)",
        required=False,
        max_length=40,
        help_text="Pour une agence seulement : « CPI » suivi de 17 chiffres, comme sur la carte délivrée par la CCI.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_name, last_name = person_name_fields()
    email = sign_up_email_field(
        label="Votre adresse e-mail",
        required_message="Indiquez votre adresse e-mail.",
        example="prenom.nom@exemple.fr",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") != Organization.Kind.AGENCY:
            data["name"] = data["siren"] = data["professional_card"] = ""
            return data
        if not data.get("name", "").strip():
            self.add_error("name", "Indiquez la raison sociale de l'agence.")
        try:
            data["siren"] = clean_siren(data.get("siren", ""))
        except ValidationError as error:
            self.add_error("siren", error)
        try:
            data["professional_card"] = clean_professional_card(
                data.get("professional_card", ""), today=timezone.localdate()
            )
        except InvalidCard as error:
            self.add_error("professional_card", str(error))
        return data


RENT_REGIMES = [
    (private_letting.RentRegime.FREE, "Loyer libre"),
    (private_letting.RentRegime.INTERMEDIATE, "Loyer intermédiaire (plafonné selon la zone)"),
]
PRIVATE_FIELDS = [
    name
    for name in OfferForm.Meta.fields
    if name
    not in (
        "financing",
        "annex_rent",
        "energy_contribution",
        "individual_water",
        "individual_heating",
        "individual_flat_charge",
    )
]


class PrivateOfferForm(OfferForm):
    """The offer of an estate agency or a private owner: the fields of a private letting, checked against the caps
    of logis.rules.private_letting (deposit, agency fees, intermediate rent, energy class)."""

    rent_regime = forms.ChoiceField(
        label="Loyer",
        choices=RENT_REGIMES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="Un loyer intermédiaire ne dépasse pas le plafond par m² de la zone de la commune ; il est réservé "
        "aux ménages sous les plafonds de ressources du logement intermédiaire.",
        error_messages={"required": "Choisissez loyer libre ou loyer intermédiaire."},
    )

    class Meta(OfferForm.Meta):
        fields = [
            *PRIVATE_FIELDS[: PRIVATE_FIELDS.index("rent")],
            "furnished",
            "rent",
            "charges",
            "deposit",
            "tenant_fees",
            "inventory_fee",
            *PRIVATE_FIELDS[PRIVATE_FIELDS.index("charges") + 1 :],
        ]
        help_texts = {
            **OfferForm.Meta.help_texts,
            "deposit": "Au plus 1 mois de loyer hors charges pour un logement vide, 2 mois pour un meublé.",
            "tenant_fees": "Agences seulement, plafonnés par m² selon la zone (décret n° 2014-890) ; 0 pour un "
            "propriétaire qui loue lui-même.",
            "inventory_fee": "Agences seulement, au plus 3 € par m² ; 0 pour un propriétaire qui loue lui-même.",
            "energy_class": "Un logement classé G ne se loue plus par un nouveau bail depuis le 1er janvier 2025 "
            "(métropole).",
        }

    field_order = ["rent_regime"]

    def __init__(self, *args, lessor_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.lessor_kind = lessor_kind
        for name in ("deposit", "tenant_fees", "inventory_fee"):
            self.fields[name].required = False  # 0 when left empty
        if self.instance.pk and not self.is_bound:
            self.initial["rent_regime"] = (
                private_letting.RentRegime.FREE
                if self.instance.financing == Financing.FREE
                else private_letting.RentRegime.INTERMEDIATE
            )
        order = ["title", "reference", "rent_regime"]
        self.order_fields([*order, *(name for name in self.fields if name not in order)])

    def clean(self):
        data = super().clean()
        for name in ("deposit", "tenant_fees", "inventory_fee"):
            if data.get(name) is None and name not in self.errors:
                data[name] = Decimal(0)
            elif data.get(name) is not None and data[name] < 0:
                self.add_error(name, "Ce montant ne peut pas être négatif : indiquez 0 s'il n'y en a pas.")
        regime = data.get("rent_regime")
        data["financing"] = Financing.FREE if regime == private_letting.RentRegime.FREE else Financing.LLI
        needed = ("rent", "surface", "commune", "energy_class", "deposit", "tenant_fees", "inventory_fee")
        if regime and not any(name in self.errors for name in needed) and all(data.get(n) is not None for n in needed):
            for problem in private_offer_problems(data, lessor_kind=self.lessor_kind, today=timezone.localdate()):
                self.add_error(problem.field, problem.message)
        return data

    def _post_clean(self):
        super()._post_clean()
        if "financing" in self.cleaned_data:
            self.instance.financing = self.cleaned_data["financing"]


class ProposeForm(StyledFormMixin, forms.Form):
    """A private letting: the delay the owner gives the candidate to answer the home proposed."""

    days = forms.IntegerField(label="Délai de réponse (jours)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum, default, maximum = private_letting.answer_bounds()
        field = self.fields["days"]
        field.initial = default
        field.min_value, field.max_value = minimum, maximum
        field.validators = [
            MinValueValidator(minimum, message=f"Laissez au candidat au moins {minimum} jours pour répondre."),
            MaxValueValidator(maximum, message=f"Choisissez un délai de {maximum} jours au plus."),
        ]
        field.widget.attrs.update({"min": minimum, "max": maximum})
        field.help_text = (
            f"De {minimum} à {maximum} jours (règle de Logis, pas de délai légal pour une location privée) ; "
            "reporté au jour ouvré suivant un week-end ou un jour férié."
        )
        field.error_messages["required"] = "Indiquez le délai de réponse laissé au candidat, en jours."

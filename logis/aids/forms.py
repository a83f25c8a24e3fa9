"""The simulators' forms: plain text fields (French numbers such as « 1 200,50 » are accepted), validated by the
pure rule modules through logis.aids.simulators, whose French messages land on the field they concern."""

from django import forms
from django.utils import timezone

from logis.aids import simulators
from logis.core.forms import QuickBoundField, RefusalNeedsReasonMixin, StyledFormMixin, refusal_reason_field
from logis.rules.loan import LoanInputError


def _text(label, *, required=True, help_text="", inputmode="decimal", **attrs):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": inputmode, "autocomplete": "off", **attrs}),
    )


class SimulatorForm(StyledFormMixin, forms.Form):
    """Validation delegated to the rule module: `result` holds its output once valid."""

    bound_field_class = QuickBoundField  # the simulator pages' fields, rendered without templates

    kind = ""
    field_aliases: dict[str, str] = {}

    def raw(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.result = simulators.result(self.kind, self.raw(), today=timezone.localdate())
        except LoanInputError as error:
            name = self.field_aliases.get(error.field, error.field)
            self.add_error(name if name in self.fields else None, error.message)
        return cleaned


INSURANCE_CHOICES = [
    ("", "Sans assurance"),
    ("initial", "Sur le capital initial (cotisation constante)"),
    ("remaining", "Sur le capital restant dû (cotisation décroissante)"),
]


class LoanForm(SimulatorForm):
    kind = "loan"
    field_aliases = {"insurance_basis": "insurance_basis", "insurance_rate_pct": "insurance_rate_pct"}

    principal = _text("Montant emprunté (€)", help_text="Par exemple 30 000.")
    annual_rate_pct = _text("Taux nominal annuel (%)", help_text="Hors assurance, par exemple 1 ou 3,45.")
    months = _text("Durée (mois)", help_text="300 mois = 25 ans.", inputmode="numeric")
    insurance_basis = forms.ChoiceField(label="Assurance emprunteur", choices=INSURANCE_CHOICES, required=False)
    insurance_rate_pct = _text(
        "Taux annuel de l'assurance (%)", required=False, help_text="Par exemple 0,30 ; il figure sur votre offre."
    )
    deferral_months = _text(
        "Différé (mois)",
        required=False,
        inputmode="numeric",
        help_text="Différé partiel : seulement les intérêts pendant ces mois (construction, VEFA). 24 mois au plus.",
    )
    fees = _text("Frais de dossier et de garantie (€)", required=False)
    monthly_income = _text(
        "Revenus nets du foyer (€ par mois)", required=False, help_text="Pour calculer votre taux d'endettement."
    )
    existing_credits = _text("Crédits en cours (€ par mois)", required=False)

    def raw(self) -> dict:
        data = self.cleaned_data
        raw = {key: data.get(key) for key in ("principal", "annual_rate_pct", "months", "deferral_months", "fees")}
        if data.get("insurance_basis"):
            raw["insurance"] = {"basis": data["insurance_basis"], "annual_rate_pct": data.get("insurance_rate_pct")}
        return raw


class CapacityForm(StyledFormMixin, forms.Form):
    bound_field_class = QuickBoundField
    monthly_income = _text("Revenus nets du foyer (€ par mois)")
    existing_credits = _text("Crédits en cours (€ par mois)", required=False)
    annual_rate_pct = _text("Taux nominal annuel (%)", help_text="Hors assurance.")
    months = _text("Durée (mois)", inputmode="numeric", help_text="300 mois = 25 ans (règle du HCSF).")
    insurance_basis = forms.ChoiceField(label="Assurance emprunteur", choices=INSURANCE_CHOICES, required=False)
    insurance_rate_pct = _text("Taux annuel de l'assurance (%)", required=False)


class PlanForm(StyledFormMixin, forms.Form):
    bound_field_class = QuickBoundField
    accession_principal = _text("Prêt Accession (€)", help_text="30 000 € au plus, à 1 %.")
    accession_months = _text("Durée du Prêt Accession (mois)", inputmode="numeric", help_text="300 mois au plus.")
    bank_principal = _text("Prêt bancaire (€)")
    bank_rate_pct = _text("Taux du prêt bancaire (%)")
    bank_months = _text("Durée du prêt bancaire (mois)", inputmode="numeric")
    insurance_rate_pct = _text(
        "Assurance sur le capital initial (% par an)", required=False, help_text="Appliquée aux deux prêts."
    )
    monthly_income = _text("Revenus nets du foyer (€ par mois)", required=False)
    existing_credits = _text("Crédits en cours (€ par mois)", required=False)


HOUSING_CHOICES = [("private", "Logement du parc privé (ALF / ALS)"), ("social", "Logement social (APL)")]


class HousingBenefitForm(SimulatorForm):
    kind = "apl"
    field_aliases = {
        "annual_taxable_salaries_0": "salary",
        "annual_taxable_salaries_1": "partner_salary",
        "annual_taxable_salaries": "salary",
    }

    commune = _text(
        "Commune du logement",
        inputmode="text",
        help_text="Son nom (par exemple Villeurbanne) ou son code INSEE à 5 caractères (69266).",
    )
    rent = _text("Loyer mensuel hors charges (€)")
    housing = forms.ChoiceField(label="Logement", choices=HOUSING_CHOICES, widget=forms.RadioSelect, initial="private")
    couple = forms.BooleanField(label="Je vis en couple", required=False)
    salary = _text(
        "Votre salaire net imposable des 12 derniers mois (€)",
        help_text="Le cumul net imposable de vos bulletins de salaire ; 0 si vous n'avez pas de salaire.",
    )
    partner_salary = _text(
        "Salaire net imposable des 12 derniers mois de votre conjoint ou conjointe (€)", required=False
    )
    dependants = _text("Personnes à charge (enfants…)", inputmode="numeric", required=False)
    month = forms.CharField(
        label="Mois de l'estimation",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="AAAA-MM.",
    )

    def __init__(self, *args, commune_resolver=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune_resolver = commune_resolver

    def clean_commune(self):
        value = self.cleaned_data["commune"].strip()
        if self.commune_resolver is not None:
            return self.commune_resolver(value)
        return value

    def raw(self) -> dict:
        data = self.cleaned_data
        salaries = [data.get("salary")]
        if data.get("couple"):
            if not data.get("partner_salary"):
                raise LoanInputError(
                    "annual_taxable_salaries_1",
                    "Indiquez le salaire net imposable de votre conjoint ou conjointe (0 s'il ou elle n'en a pas).",
                )
            salaries.append(data["partner_salary"])
        return {
            "commune": data.get("commune"),
            "rent": data.get("rent"),
            "housing": data.get("housing"),
            "annual_taxable_salaries": salaries,
            "dependants": data.get("dependants") or 0,
            "month": data.get("month"),
        }

    def clean(self):
        try:
            return super().clean()
        except LoanInputError as error:
            self.add_error(self.field_aliases.get(error.field, error.field), error.message)
            return self.cleaned_data


CONTRACT_CHOICES = [
    ("apprentissage", "Contrat d'apprentissage"),
    ("professionnalisation", "Contrat de professionnalisation"),
    ("autre", "Autre contrat"),
]
SECTOR_CHOICES = [
    ("prive", "Entreprise privée non agricole"),
    ("agricole", "Entreprise agricole"),
    ("public", "Secteur public"),
]


class MobiliJeuneForm(SimulatorForm):
    kind = "mobili-jeune"

    age = _text("Votre âge (ans)", inputmode="numeric")
    contract = forms.ChoiceField(label="Contrat", choices=CONTRACT_CHOICES)
    sector = forms.ChoiceField(label="Employeur", choices=SECTOR_CHOICES)
    contract_start = forms.DateField(label="Début du contrat", widget=forms.DateInput(attrs={"type": "date"}))
    contract_years = _text("Durée du contrat (années)", inputmode="numeric", required=False)
    monthly_gross_salary = _text("Salaire brut mensuel (€)")
    rent = _text("Loyer charges comprises (€ par mois)")
    housing_benefit = _text("Aide au logement (€ par mois)", required=False, help_text="0 si vous n'en avez pas.")
    distance_km = _text("Distance entre l'ancien et le nouveau logement (km)", required=False)
    travel_minutes = _text("Ou temps de trajet (minutes)", required=False)
    double_rent = forms.BooleanField(label="Je paie deux loyers (l'ancien et le nouveau)", required=False)

    def raw(self) -> dict:
        raw = super().raw()
        raw["contract_start"] = self.cleaned_data["contract_start"].isoformat()
        return raw


class LocaPassForm(SimulatorForm):
    kind = "loca-pass"

    deposit = _text("Dépôt de garantie (€)")
    move_in_date = forms.DateField(
        label="Date d'entrée dans le logement", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    months = _text("Durée de remboursement (mois)", inputmode="numeric", required=False, help_text="25 mois au plus.")
    lease_months = _text("Durée du bail si moins de 25 mois (mois)", inputmode="numeric", required=False)

    def raw(self) -> dict:
        raw = super().raw()
        if raw.get("move_in_date"):
            raw["move_in_date"] = raw["move_in_date"].isoformat()
        return raw


STATUS_CHOICES = [
    ("salarie", "Salarié ou salariée"),
    ("alternant", "Alternant ou alternante"),
    ("etudiant", "Étudiant ou étudiante"),
    ("demandeur_emploi", "Demandeur ou demandeuse d'emploi"),
    ("autre", "Autre"),
]
SITUATION_CHOICES = [
    ("cdi_confirme", "CDI confirmé"),
    ("nouvel_embauche", "Embauché ou embauchée depuis moins de 6 mois"),
    ("promesse", "Promesse d'embauche"),
    ("mobilite", "Mobilité professionnelle"),
    ("autre", "Autre"),
]
ZONE_CHOICES = [
    ("I", "Zone I — Île-de-France"),
    ("II", "Zone II — agglomération de plus de 100 000 habitants, Corse, outre-mer"),
    ("III", "Zone III — ailleurs"),
]


class VisaleForm(SimulatorForm):
    kind = "visale"

    age = _text("Votre âge (ans)", inputmode="numeric")
    status = forms.ChoiceField(label="Votre situation", choices=STATUS_CHOICES)
    sector = forms.ChoiceField(label="Secteur de votre employeur", choices=SECTOR_CHOICES[:2] + [SECTOR_CHOICES[2]])
    situation = forms.ChoiceField(label="Votre emploi", choices=SITUATION_CHOICES)
    monthly_net_income = _text("Revenus nets mensuels (€)")
    rent_with_charges = _text("Loyer charges comprises (€ par mois)")
    zone = forms.ChoiceField(label="Zone du logement", choices=ZONE_CHOICES, widget=forms.RadioSelect)
    housing = forms.ChoiceField(label="Logement", choices=HOUSING_CHOICES, widget=forms.RadioSelect, initial="private")
    bail_mobilite = forms.BooleanField(label="Bail mobilité", required=False)
    lease_signed = forms.BooleanField(label="J'ai déjà signé le bail", required=False)


class AidRequestForm(StyledFormMixin, forms.Form):
    """What the applicant says with the request (the pieces come from the file)."""

    amount = _text(
        "Montant demandé (€)",
        required=False,
        help_text="Pour un prêt ou une avance : le montant souhaité (par exemple le dépôt de garantie).",
    )
    move_in_date = forms.DateField(
        label="Date d'entrée dans le logement",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Pour l'Avance LOCA-PASS : la demande se fait dans les 2 mois après l'entrée.",
    )
    message = forms.CharField(
        label="Message pour le conseiller", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def details(self) -> dict:
        data = self.cleaned_data
        details = {}
        if data.get("move_in_date"):
            details["move_in_date"] = data["move_in_date"].isoformat()
        if data.get("message"):
            details["message"] = data["message"].strip()
        return details


class AidDecisionForm(RefusalNeedsReasonMixin, StyledFormMixin, forms.Form):
    POSITIVE = GRANT = "accorder"

    decision = forms.ChoiceField(
        label="Votre décision",
        choices=[(GRANT, "Accorder"), (RefusalNeedsReasonMixin.REFUSE, "Refuser")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choisissez d'accorder ou de refuser la demande."},
    )
    reason = refusal_reason_field("décision")

    @property
    def granted(self) -> bool:
        return self.positive

"""The filters of "Mes offres" (a GET form: the address of a search can be bookmarked and shared).

Field names are French because they appear in the address bar (?loyer_max=800&par_page=50).
"""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from logis.core.forms import StyledFormMixin
from logis.geo.departements import departement_names
from logis.offers.models import Accession, Offer
from logis.offers.purchase import PurchaseFilters, PurchaseSort
from logis.offers.selectors import Eligibility, FinancingScope, OfferFilters, Sort, unknown_commune

MAX_PAGE_SIZE = 100

ELIGIBLE = "eligibles"
OTHERS = "autres"
ELIGIBILITIES = {ELIGIBLE: Eligibility.ELIGIBLE, OTHERS: Eligibility.OTHERS}
SCOPE_FIT = "adaptees"
SCOPE_ALL = "toutes"
FINANCING_CHOICES = [
    ("tous", "Toutes : social, intermédiaire et parc privé"),
    ("social", "Logement social (PLAI, PLUS, PLS)"),
    ("intermediaire", "Logement intermédiaire (LLI)"),
    ("prive", "Parc privé : agences et propriétaires"),
]
FINANCING_SCOPES = {
    "tous": FinancingScope.ALL,
    "social": FinancingScope.SOCIAL,
    "intermediaire": FinancingScope.INTERMEDIATE,
    "prive": FinancingScope.PRIVATE,
}
SORT_CHOICES = [
    ("distance", "Les plus proches de mon lieu de travail"),
    ("loyer", "Les loyers les moins chers"),
    ("recentes", "Les plus récentes"),
]
SORTS = {"distance": Sort.DISTANCE, "loyer": Sort.RENT, "recentes": Sort.NEWEST}
RADIUS_CHOICES = [("", "Toutes distances")] + [(str(km), f"{km} km") for km in (5, 10, 20, 30, 50, 100)]
ROOMS_CHOICES = [("", "Indifférent")] + [(str(n), f"{n} ou plus") for n in range(1, 7)]
BEDROOMS_CHOICES = [("", "Indifférent")] + [(str(n), f"{n} ou plus") for n in range(1, 6)]
KIND_CHOICES = [("", "Indifférent"), *Offer.Kind.choices]

# Form field of each OfferFilters attribute: to remove one filter from the address.
FIELD_OF_FILTER = {
    "financing": "financement",
    "commune": "commune",
    "departement": "departement",
    "radius_km": "distance",
    "max_rent": "loyer_max",
    "min_surface": "surface_min",
    "min_rooms": "pieces",
    "min_bedrooms": "chambres",
    "kind": "type_logement",
    "accessible_only": "accessible",
}


class LongSelect(forms.Select):
    """A select whose options are written in Python: the template of each option costs ~0.1 ms, the filters
    have some 130 options (a hundred départements) and the page must answer in a few milliseconds. Same HTML as
    Django's Select (name, id, attributes, selected option)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(item) for item in (value if isinstance(value, list | tuple) else [value]) if item is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in selected else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class SearchFiltersMixin:
    """The filters of Mes offres, to rent or to buy: the values missing from the address (a first visit) take
    DEFAULTS, the département list is the platform's, an unknown commune is named with the close ones, and an
    invalid filter is ignored (and shown)."""

    DEFAULTS: dict[str, str] = {}

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            for name, value in self.DEFAULTS.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, **kwargs)
        self.fields["departement"].choices = [("", "Tous les départements")] + [
            (code, f"{name} ({code})") for code, name in departement_names().items()
        ]

    def clean_commune(self):
        commune = " ".join(self.cleaned_data["commune"].split())
        unknown, close = unknown_commune(commune)
        if not unknown:
            return commune
        if commune.isdigit():
            raise forms.ValidationError(
                f"Aucune commune n'a le code postal « {commune} » : vérifiez-le, ou tapez le nom de la commune."
            )
        if close:
            names = " ou ".join(f"« {name} »" for name in close)
            raise forms.ValidationError(
                f"La commune « {commune} » est inconnue. Vouliez-vous dire {names} ? Sinon, tapez son code postal."
            )
        raise forms.ValidationError(
            f"La commune « {commune} » est inconnue : vérifiez son orthographe, ou tapez son code postal."
        )

    def _value(self, name, default=None):
        """A cleaned value, or the default when the field is invalid: invalid filters are ignored, and shown."""
        value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return default if value in (None, "") else value


class OfferFilterForm(SearchFiltersMixin, StyledFormMixin, forms.Form):
    eligibilite = forms.ChoiceField(
        label="Éligibilité",
        choices=[
            (ELIGIBLE, "Les offres auxquelles je peux postuler"),
            (OTHERS, "Les autres offres, avec la raison"),
        ],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="Plafond de ressources, typologie adaptée au foyer, taux d'effort et reste à vivre, accessibilité.",
    )
    perimetre = forms.ChoiceField(
        label="Offres affichées",
        choices=[(SCOPE_FIT, "Les offres adaptées à ma demande"), (SCOPE_ALL, "Toutes les offres disponibles")],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    financement = forms.ChoiceField(
        label="Type de logement",
        choices=FINANCING_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    commune = forms.CharField(
        label="Commune ou code postal",
        max_length=100,
        required=False,
        help_text="Par exemple : Villeurbanne, 69100 ou Lyon (tous les arrondissements).",
        widget=forms.TextInput(attrs={"list": "communes-proposees", "autocomplete": "off"}),
    )
    departement = forms.ChoiceField(label="Département", required=False, widget=LongSelect)
    distance = forms.TypedChoiceField(
        label="Distance maximale du lieu de travail",
        choices=RADIUS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=LongSelect,
    )
    loyer_max = forms.IntegerField(
        label="Loyer charges comprises maximum (€ par mois)", min_value=1, max_value=20000, required=False
    )
    surface_min = forms.IntegerField(label="Surface minimum (m²)", min_value=1, max_value=1000, required=False)
    pieces = forms.TypedChoiceField(
        label="Nombre de pièces",
        choices=ROOMS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=LongSelect,
    )
    chambres = forms.TypedChoiceField(
        label="Nombre de chambres",
        choices=BEDROOMS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=LongSelect,
    )
    type_logement = forms.ChoiceField(
        label="Maison ou appartement", choices=KIND_CHOICES, required=False, widget=LongSelect
    )
    accessible = forms.BooleanField(
        label="Uniquement les logements accessibles aux personnes à mobilité réduite", required=False
    )
    tri = forms.ChoiceField(label="Trier par", choices=SORT_CHOICES, required=False, widget=LongSelect)
    par_page = forms.IntegerField(required=False, widget=forms.HiddenInput)

    # Missing from the address (first visit): the form shows, and the search uses, these values.
    DEFAULTS = {"eligibilite": ELIGIBLE, "perimetre": SCOPE_FIT, "financement": "tous", "tri": "distance"}

    def __init__(self, data=None, *, workplace_name: str = "", **kwargs):
        super().__init__(data, **kwargs)
        if workplace_name:
            # The workplace is named in the list's criteria; the form stays the same for everyone (cached).
            self.fields["distance"].help_text = "Autour du lieu de travail indiqué dans votre demande."
        else:
            self.fields[
                "distance"
            ].help_text = "Votre demande n'indique pas de lieu de travail : ce filtre est inactif."
            self.fields["distance"].disabled = True
            self.fields[
                "tri"
            ].help_text = "Sans lieu de travail, les offres les plus récentes sont affichées en premier."

    def clean_par_page(self):
        value = self.cleaned_data["par_page"]
        if value is None:
            return None
        return min(max(value, 1), MAX_PAGE_SIZE)

    def to_filters(self) -> OfferFilters:
        return OfferFilters(
            fit=self._value("perimetre", SCOPE_FIT) != SCOPE_ALL,
            financing=FINANCING_SCOPES[self._value("financement", "tous")],
            commune=self._value("commune", ""),
            departement=self._value("departement", ""),
            radius_km=self._value("distance"),
            max_rent=self._value("loyer_max"),
            min_surface=self._value("surface_min"),
            min_rooms=self._value("pieces"),
            min_bedrooms=self._value("chambres"),
            kind=self._value("type_logement", ""),
            accessible_only=bool(self._value("accessible", False)),
            sort=SORTS[self._value("tri", "distance")],
            eligibility=ELIGIBILITIES[self._value("eligibilite", ELIGIBLE)],
        )

    def page_size(self) -> int:
        return self._value("par_page") or settings.LOGIS_OFFERS_PAGE_SIZE


# The « Louer / Acheter » switch of Mes offres (docs/adr/0015).
PROJECT_PARAM = "projet"
PROJECT_BUY = "acheter"
PURCHASE_SORT_CHOICES = [
    ("distance", "Les plus proches de mon lieu de travail"),
    ("prix", "Les prix les moins élevés"),
    ("recentes", "Les plus récentes"),
]
PURCHASE_SORTS = {"distance": PurchaseSort.DISTANCE, "prix": PurchaseSort.PRICE, "recentes": PurchaseSort.NEWEST}
ACCESSION_CHOICES = [("", "Toutes les formes d'accession"), *Accession.choices]


class PurchaseFilterForm(SearchFiltersMixin, StyledFormMixin, forms.Form):
    projet = forms.CharField(required=False, widget=forms.HiddenInput)
    eligibilite = forms.ChoiceField(
        label="Éligibilité",
        choices=[
            (ELIGIBLE, "Les logements que mes revenus permettent d'acheter"),
            (SCOPE_ALL, "Tous les logements à acheter, avec mon verdict"),
        ],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="Plafonds de ressources du PSLA et du BRS selon la zone ; la vente HLM classe les acquéreurs.",
    )
    perimetre = forms.ChoiceField(
        label="Lieu",
        choices=[(SCOPE_FIT, "Près de mon lieu de travail et de mes communes souhaitées"), (SCOPE_ALL, "Partout")],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    accession = forms.ChoiceField(
        label="Forme d'accession", choices=ACCESSION_CHOICES, required=False, widget=LongSelect
    )
    commune = forms.CharField(
        label="Commune ou code postal",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "communes-proposees", "autocomplete": "off"}),
    )
    departement = forms.ChoiceField(label="Département", required=False, widget=LongSelect)
    prix_max = forms.IntegerField(label="Prix maximum (€)", min_value=1, max_value=5_000_000, required=False)
    pieces = forms.TypedChoiceField(
        label="Nombre de pièces",
        choices=ROOMS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=LongSelect,
    )
    type_logement = forms.ChoiceField(
        label="Maison ou appartement", choices=KIND_CHOICES, required=False, widget=LongSelect
    )
    tri = forms.ChoiceField(label="Trier par", choices=PURCHASE_SORT_CHOICES, required=False, widget=LongSelect)

    DEFAULTS = {"eligibilite": ELIGIBLE, "perimetre": SCOPE_FIT, "tri": "distance", "projet": PROJECT_BUY}

    def to_filters(self) -> PurchaseFilters:
        return PurchaseFilters(
            accession=self._value("accession", ""),
            fit=self._value("perimetre", SCOPE_FIT) != SCOPE_ALL,
            commune=self._value("commune", ""),
            departement=self._value("departement", ""),
            max_price=self._value("prix_max"),
            min_rooms=self._value("pieces"),
            kind=self._value("type_logement", ""),
            eligible_only=self._value("eligibilite", ELIGIBLE) == ELIGIBLE,
            sort=PURCHASE_SORTS[self._value("tri", "distance")],
        )


class PurchaseInterestForm(StyledFormMixin, forms.Form):
    message = forms.CharField(
        label="Votre message au vendeur (facultatif)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple vos disponibilités pour une visite.",
    )
    consent = forms.BooleanField(
        label="J'accepte que Logis transmette au vendeur ces informations, telles qu'elles sont aujourd'hui.",
        required=True,
        error_messages={
            "required": "Cochez la case pour accepter la transmission de ces informations : sans elles, le vendeur "
            "ne peut pas étudier votre intérêt."
        },
    )

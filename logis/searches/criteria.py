"""The criteria of a saved search: the filters of "Mes offres" as they appear in its address, cleaned.

Stored as strings under the form's field names (logis.offers.forms.OfferFilterForm), without the page, the view
or the eligibility side (a saved search has its own `eligible_only`). Read back into the search's OfferFilters
without building the form again (the daily job reads a hundred thousand of them).
"""

from django.http import QueryDict

from logis.geo.departements import departement_label
from logis.offers.forms import FINANCING_CHOICES, FINANCING_SCOPES, SCOPE_ALL, SCOPE_FIT, SORTS
from logis.offers.models import Offer
from logis.offers.selectors import Eligibility, OfferFilters, Sort

# The filters, in the order « Mes recherches » describes them.
FILTER_FIELDS = (
    "financement",
    "commune",
    "departement",
    "distance",
    "loyer_max",
    "surface_min",
    "pieces",
    "chambres",
    "type_logement",
    "accessible",
)
KEPT = ("perimetre", *FILTER_FIELDS, "tri")
# Values that are the form's defaults: not stored (a search with these only has no filter).
DEFAULTS = {"financement": "tous", "tri": "distance", "accessible": "False"}
INTEGERS = ("distance", "loyer_max", "surface_min", "pieces", "chambres")


def criteria_of(cleaned_data: dict) -> dict[str, str]:
    """The criteria to store from the cleaned data of a valid OfferFilterForm."""
    criteria = {}
    for name in KEPT:
        value = cleaned_data.get(name)
        if value in (None, "", False):
            continue
        text = "1" if value is True else str(value)
        if DEFAULTS.get(name) == text:
            continue
        criteria[name] = text
    criteria.setdefault("perimetre", SCOPE_FIT)
    return criteria


def has_criterion(criteria: dict) -> bool:
    """Whether the search narrows the offers at all: a filter, or the offers fitting the demand."""
    return criteria.get("perimetre", SCOPE_FIT) != SCOPE_ALL or any(criteria.get(name) for name in FILTER_FIELDS)


def _int(criteria: dict, name: str) -> int | None:
    try:
        return int(criteria[name])
    except (KeyError, TypeError, ValueError):
        return None


def filters_of(criteria: dict, *, eligible_only: bool = True) -> OfferFilters:
    """The OfferFilters of "Mes offres" that the criteria stand for (unknown values are ignored, as the form does)."""
    return OfferFilters(
        fit=criteria.get("perimetre", SCOPE_FIT) != SCOPE_ALL,
        financing=FINANCING_SCOPES.get(criteria.get("financement", "tous"), FINANCING_SCOPES["tous"]),
        commune=criteria.get("commune", ""),
        departement=criteria.get("departement", ""),
        radius_km=_int(criteria, "distance"),
        max_rent=_int(criteria, "loyer_max"),
        min_surface=_int(criteria, "surface_min"),
        min_rooms=_int(criteria, "pieces"),
        min_bedrooms=_int(criteria, "chambres"),
        kind=criteria.get("type_logement", ""),
        accessible_only=criteria.get("accessible") == "1",
        sort=SORTS.get(criteria.get("tri", "distance"), Sort.DISTANCE),
        eligibility=Eligibility.ELIGIBLE if eligible_only else Eligibility.ANY,
    )


def query_of(criteria: dict, *, eligible_only: bool = True) -> str:
    """The address of "Mes offres" showing the search (its query string, with the leading "?")."""
    query = QueryDict(mutable=True)
    for name in KEPT:
        if name in criteria:
            query[name] = "on" if name == "accessible" else criteria[name]
    if not eligible_only:
        query["eligibilite"] = "autres"
    return "?" + query.urlencode()


FINANCING_LABELS = dict(FINANCING_CHOICES)
KIND_LABELS = dict(Offer.Kind.choices)


def labels(criteria: dict) -> list[str]:
    """The criteria in words, for « Mes recherches » and the alerts."""
    result = []
    if criteria.get("perimetre", SCOPE_FIT) != SCOPE_ALL:
        result.append("Offres adaptées à ma demande")
    if "financement" in criteria:
        result.append(FINANCING_LABELS.get(criteria["financement"], criteria["financement"]))
    if criteria.get("commune"):
        result.append(f"Commune : {criteria['commune']}")
    if criteria.get("departement"):
        result.append(f"Département : {departement_label(criteria['departement'])}")
    if _int(criteria, "distance"):
        result.append(f"À moins de {criteria['distance']} km du lieu de travail")
    if _int(criteria, "loyer_max"):
        result.append(f"Loyer charges comprises jusqu'à {criteria['loyer_max']} €")
    if _int(criteria, "surface_min"):
        result.append(f"Au moins {criteria['surface_min']} m²")
    if _int(criteria, "pieces"):
        n = _int(criteria, "pieces")
        result.append(f"Au moins {n} pièce{'s' if n > 1 else ''}")
    if _int(criteria, "chambres"):
        n = _int(criteria, "chambres")
        result.append(f"Au moins {n} chambre{'s' if n > 1 else ''}")
    if criteria.get("type_logement") in KIND_LABELS:
        result.append(KIND_LABELS[criteria["type_logement"]] + "s uniquement")
    if criteria.get("accessible") == "1":
        result.append("Accessibles aux personnes à mobilité réduite")
    return result

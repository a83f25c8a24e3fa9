"""Reads of homes to buy (accession sociale, docs/adr/0015): the buyer's verdict and the « Acheter » search.

The rental search (`logis.offers.selectors.OfferSearch`) never sees a home to buy; this one sees only them. The
buyer's rules are `logis.rules.accession` (pure): the SQL filter keeps, for PSLA and BRS, the ABC zones whose
ceiling the household's income is under, and every vente HLM (above the ceilings a buyer is ranked last, not
refused; the verdict of each card says which rank).
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Q, QuerySet

from logis.offers.models import Accession, Offer, PurchaseInterest
from logis.offers.purchase_workflow import OPEN_STATES
from logis.offers.selectors import Origin, _distance_sq, commune_q, fit_criteria, search_origin
from logis.rules import accession as rules
from logis.rules.loan import load_loan_parameters

# The demand says where the household lives now: a social tenant comes first in a vente HLM (CCH L443-11).
SOCIAL_TENANT_HOUSING = "locataire_hlm"


class PurchaseSort:
    DISTANCE = "distance"
    PRICE = "price"
    NEWEST = "newest"


@dataclass(frozen=True)
class PurchaseFilters:
    accession: str = ""
    fit: bool = True
    commune: str = ""
    departement: str = ""
    max_price: int | None = None
    min_rooms: int | None = None
    kind: str = ""
    eligible_only: bool = True
    sort: str = PurchaseSort.DISTANCE


def buyer_of(demand, today: dt.date) -> rules.Buyer:
    """The household of a demand as the buyer's rules read it: size, RFR N-2 retained, social tenant or not."""
    snapshot = demand.snapshot or {}
    return rules.Buyer(
        household_size=demand.household_size,
        reference_income=demand.reference_income,
        social_tenant=snapshot.get("current_housing") == SOCIAL_TENANT_HOUSING,
        income_year=today.year - 2,
    )


def home_of(offer: Offer) -> rules.Home:
    return rules.Home(
        kind=offer.accession, abc_zone=offer.abc_zone, price=offer.price, priority_until=offer.priority_until
    )


def purchase_verdict(demand, offer: Offer, *, today: dt.date) -> rules.BuyerVerdict:
    return rules.buyer_verdict(buyer_of(demand, today), home_of(offer), today=today)


def eligible_q(demand, today: dt.date) -> Q:
    """Homes to buy within the household's reach: PSLA and BRS of the zones it is under the ceiling of, and every
    vente HLM."""
    zones = rules.zones_within_ceilings(demand.household_size, demand.reference_income, today.year)
    return Q(accession=Accession.VENTE_HLM) | Q(accession__in=[Accession.PSLA, Accession.BRS], abc_zone__in=zones)


class PurchaseSearch:
    """The « Acheter » list of one person: location from the demand (unless « toutes »), filters, eligibility."""

    def __init__(self, demand, filters: PurchaseFilters, *, today: dt.date):
        self.demand = demand
        self.filters = filters
        self.today = today
        self.origin: Origin | None = search_origin(demand)

    def _location_q(self) -> Q | None:
        if not self.filters.fit or self.filters.commune or self.filters.departement:
            return None
        for criterion in fit_criteria(self.demand, self.origin):
            if criterion.key == "fit_location":
                return criterion.q
        return None

    def matches(self) -> QuerySet:
        # The demand's location criterion may filter on the squared distance (selectors._radius_q): same alias.
        qs = Offer.objects.live().to_buy()
        if self.origin is not None:
            qs = qs.alias(distance_sq=_distance_sq(self.origin))
        location = self._location_q()
        if location is not None:
            qs = qs.filter(location)
        f = self.filters
        if f.accession:
            qs = qs.filter(accession=f.accession)
        if f.commune:
            qs = qs.filter(commune_q(f.commune))
        if f.departement:
            qs = qs.filter(departement=f.departement)
        if f.max_price is not None:
            qs = qs.filter(price__lte=f.max_price)
        if f.min_rooms:
            qs = qs.filter(rooms__gte=f.min_rooms)
        if f.kind in (Offer.Kind.FLAT, Offer.Kind.HOUSE):
            qs = qs.filter(kind=f.kind)
        if f.eligible_only:
            qs = qs.filter(eligible_q(self.demand, self.today))
        return qs

    def results(self) -> QuerySet:
        qs = self.matches().select_related("commune")
        if self.filters.sort == PurchaseSort.PRICE:
            return qs.order_by("price", "id")
        if self.filters.sort == PurchaseSort.NEWEST or self.origin is None:
            return qs.order_by(F("published_at").desc(nulls_last=True), "-id")
        return qs.order_by("distance_sq", "id")


def with_purchase_verdicts(offers, demand, *, today: dt.date, origin: Origin | None):
    """Set `purchase` (the buyer's verdict) and `distance_km` on each offer of a page."""
    offers = list(offers)
    buyer = buyer_of(demand, today)
    for offer in offers:
        offer.purchase = rules.buyer_verdict(buyer, home_of(offer), today=today)
        offer.distance_km = origin.distance_km(offer.lat, offer.lng) if origin is not None else None
    return offers


def open_interest(user, offer: Offer) -> PurchaseInterest | None:
    if not user.is_authenticated:
        return None
    return (
        PurchaseInterest.objects.filter(applicant=user, offer=offer, state__in=[s.value for s in OPEN_STATES])
        .order_by("-created_at")
        .first()
    )


def last_interest(user, offer: Offer) -> PurchaseInterest | None:
    if not user.is_authenticated:
        return None
    return PurchaseInterest.objects.filter(applicant=user, offer=offer).order_by("-created_at", "-id").first()


def interested_offer_ids(user, offer_ids) -> set[int]:
    """Which of these homes the person has an open interest in (one query for a page)."""
    return set(
        PurchaseInterest.objects.filter(
            applicant=user, offer_id__in=list(offer_ids), state__in=[s.value for s in OPEN_STATES]
        ).values_list("offer_id", flat=True)
    )


@dataclass(frozen=True)
class SimulatorLink:
    """The financing plan simulator prefilled for a price: the Prêt Accession at its cap, the rest from a bank."""

    accession_principal: int
    accession_months: int
    bank_principal: int
    bank_months: int

    def query(self) -> str:
        return urlencode(
            {
                "accession_principal": self.accession_principal,
                "accession_months": self.accession_months,
                "bank_principal": self.bank_principal,
                "bank_months": self.bank_months,
            }
        )


def simulator_link(offer: Offer) -> SimulatorLink:
    parameters = load_loan_parameters()
    price = int(offer.price)
    accession_principal = min(int(parameters.accession_max_principal), price)
    return SimulatorLink(
        accession_principal=accession_principal,
        accession_months=int(parameters.accession_max_months),
        bank_principal=max(price - accession_principal, 0),
        bank_months=int(parameters.max_months),
    )

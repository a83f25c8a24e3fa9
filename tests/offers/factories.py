"""Offers at chosen places, for the search tests."""

from decimal import Decimal
from math import cos, radians

from tests.factories import CommuneFactory, OfferFactory

KM_PER_DEGREE = 111.2


def lyon():
    return CommuneFactory()


def offer_at(commune, *, north_km=0.0, east_km=0.0, **kwargs):
    """A live offer placed north_km and east_km away from the centre of a commune."""
    lat = commune.lat + north_km / KM_PER_DEGREE
    lng = commune.lng + east_km / (KM_PER_DEGREE * cos(radians(commune.lat)))
    defaults = {
        "typology": "T2",
        "rooms": 2,
        "bedrooms": 1,
        "surface": Decimal("45.00"),
        "rent": Decimal("400.00"),
        "charges": Decimal("80.00"),
        "financing": "PLUS",
    }
    defaults.update(kwargs)
    return OfferFactory(commune=commune, lat=lat, lng=lng, **defaults)


SALE_TERMS = {
    "PSLA": {
        "price": Decimal("215000"),
        "psla_fee": Decimal("780"),
        "psla_acquisitive_part": Decimal("180"),
        "psla_rental_months": 24,
    },
    "BRS": {"price": Decimal("165000"), "land_fee": Decimal("95")},
    "VENTE_HLM": {"price": Decimal("128000")},
}


def home_to_buy(commune, kind="PSLA", **kwargs):
    """A live home to buy (accession sociale) of `kind`, with the terms its kind needs."""
    values = {
        "accession": kind,
        "financing": "",
        "rent": Decimal("0"),
        "charges": Decimal("60"),
        "title": f"T3 à acheter ({kind})",
        **SALE_TERMS[kind],
    }
    values.update(kwargs)
    return offer_at(commune, **values)

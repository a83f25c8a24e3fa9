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

"""The private letting's rules applied to an offer of the workspace (logis.rules.private_letting), for the form
and the services."""

import datetime as dt
from decimal import Decimal

from logis.offers.models import Financing, zones_of_commune
from logis.rules import private_letting


def private_offer_problems(data, *, lessor_kind: str, today: dt.date) -> list[private_letting.Problem]:
    """What a private offer breaks; `data`: the offer's fields (a dict of the form, or an Offer's __dict__ with its
    commune)."""
    commune = data["commune"]
    _social, abc = zones_of_commune(commune.insee, commune.departement)
    return private_letting.check_offer(
        private_letting.PrivateOffer(
            lessor=private_letting.Lessor.AGENCY if lessor_kind == "agency" else private_letting.Lessor.PRIVATE_OWNER,
            rent_regime=private_letting.RentRegime.FREE
            if data["financing"] == Financing.FREE
            else private_letting.RentRegime.INTERMEDIATE,
            furnished=bool(data.get("furnished")),
            rent=Decimal(data["rent"]),
            surface=Decimal(data["surface"]),
            deposit=Decimal(data.get("deposit") or 0),
            tenant_fees=Decimal(data.get("tenant_fees") or 0),
            inventory_fee=Decimal(data.get("inventory_fee") or 0),
            landlord_fees=None,
            energy_class=data["energy_class"],
            abc_zone=abc,
            departement=commune.departement,
        ),
        today=today,
    )


def offer_problems(offer, *, today: dt.date) -> list[private_letting.Problem]:
    """The problems of a saved private offer (none for a social offer)."""
    if not offer.is_private:
        return []
    data = {name: getattr(offer, name) for name in ("financing", "furnished", "rent", "surface", "deposit")}
    data |= {
        "tenant_fees": offer.tenant_fees,
        "inventory_fee": offer.inventory_fee,
        "energy_class": offer.energy_class,
    }
    data["commune"] = offer.commune
    return private_offer_problems(data, lessor_kind=offer.landlord.kind, today=today)

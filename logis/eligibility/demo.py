"""Demo data of the eligibility area (called at the end of `manage.py load_demo`; idempotent and fast)."""

from decimal import Decimal

from logis.eligibility.models import LandlordPolicy
from logis.offers.models import Offer, zones_of_commune
from logis.organizations.models import Organization


def fill_offer_zones() -> int:
    """Ceiling zones of the offers written in bulk (bulk_create skips Offer.save): social zone and ABC zone."""
    offers = list(Offer.objects.filter(social_zone="").only("pk", "commune_id", "departement"))
    for offer in offers:
        offer.social_zone, offer.abc_zone = zones_of_commune(offer.commune_id, offer.departement)
    Offer.objects.bulk_update(offers, ["social_zone", "abc_zone"], batch_size=1000)
    return len(offers)


def load_eligibility_demo() -> list[str]:
    """Zones of the demo offers, and one landlord with its own thresholds (the others keep the defaults)."""
    zoned = fill_offer_zones()
    lines = [f"Éligibilité : zones des plafonds renseignées pour {zoned} offre{'s' if zoned > 1 else ''}."]
    landlord = Organization.objects.filter(kind=Organization.Kind.LANDLORD).order_by("name").first()
    if landlord is not None:
        policy, _ = LandlordPolicy.objects.get_or_create(
            organization=landlord,
            defaults={"max_effort_rate": Decimal("0.30"), "min_reste_a_vivre_per_uc": Decimal("300")},
        )
        lines.append(
            f"Éligibilité : {landlord.name} retient un taux d'effort de {policy.max_effort_rate * 100:.0f} % au plus "
            f"et un reste à vivre d'au moins {policy.min_reste_a_vivre_per_uc:.0f} € par unité de consommation ; "
            "les autres bailleurs, 33 % et 0 €."
        )
    return lines

"""Demo data of the eligibility area (section "eligibility" of `manage.py load_demo`; idempotent and fast).

The ceiling zones of the demo offers written in bulk are filled by the offers' section (logis/offers/demo.py).
"""

from decimal import Decimal

from logis.core.demo import DemoContext, demo_section
from logis.eligibility.models import LandlordPolicy
from logis.organizations.models import Organization


@demo_section("eligibility", after=("organizations",))
def load_eligibility_demo(ctx: DemoContext | None = None) -> list[str]:
    """One landlord with its own thresholds (the others keep the defaults)."""
    lines = []
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

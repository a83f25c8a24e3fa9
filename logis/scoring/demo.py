"""Demo data of the cotation (sections of `manage.py load_demo`):

- "scoring": the platform's default grid stored as the national version 1, once;
- "attribution_history": a history of past attributions (signed leases of former applicants, on dwellings now
  let), so that the average waits by typology and place shown to applicants (R441-2-17 CCH) mean something.
  Deterministic; found by reference (DEMO-HIST-…), created when missing; no e-mail, no login for these people.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from logis.applications.models import Application, TransitionLog
from logis.applications.workflow import State
from logis.core.demo import DemoContext, demo_section
from logis.demands.models import Demand
from logis.offers.models import Offer
from logis.scoring.services import grid_version_ensure_default

User = get_user_model()
# (typology, months between filing and the signed lease, months ago the lease was signed): per demo département.
HISTORY = [
    ("T1", 7, 20),
    ("T2", 11, 18),
    ("T2", 16, 9),
    ("T2", 9, 4),
    ("T3", 21, 15),
    ("T3", 14, 6),
    ("T3", 27, 2),
    ("T4", 30, 12),
    ("T4", 19, 5),
    ("T5", 36, 8),
]


@demo_section("scoring")
def load_scoring(ctx: DemoContext) -> list[str]:
    version = grid_version_ensure_default()
    return [f"Cotation : grille « {version.label} » en vigueur."]


def _months_before(moment: dt.datetime, months: int) -> dt.datetime:
    return moment - dt.timedelta(days=round(months * 30.44))


@demo_section("attribution_history", after=("offers", "scoring"))
def load_attribution_history(ctx: DemoContext) -> list[str]:
    """Past signed leases in each département of the demo offers (a closed copy of one of its offers each)."""
    templates = {}  # (département, typology) → a live demo offer to copy (surface, rent and place stay plausible)
    for offer in Offer.objects.filter(reference__startswith="DEMO-", status=Offer.Status.PUBLISHED).order_by(
        "reference"
    ):
        templates.setdefault((offer.departement, offer.typology), offer)
    departements = sorted({departement for departement, _typology in templates})
    created = 0
    for departement in departements:
        for index, (typology, wait_months, ago_months) in enumerate(HISTORY, start=1):
            template = templates.get((departement, typology))
            reference = f"DEMO-HIST-{departement}-{index:02d}"
            if template is None or Offer.objects.filter(reference=reference).exists():
                continue
            signed_at = _months_before(ctx.now, ago_months)
            filed_at = _months_before(signed_at, wait_months)
            offer = Offer(
                **{
                    f.attname: getattr(template, f.attname)
                    for f in Offer._meta.concrete_fields
                    if f.attname not in ("id", "reference", "status", "published_at", "created_at")
                },
                reference=reference,
                status=Offer.Status.CLOSED,
                published_at=_months_before(signed_at, 2),
            )
            offer.title = f"{typology} attribué en {signed_at:%m/%Y} (historique de démonstration)"
            offer.save()
            # Not a demo account (no password, never printed): a reserved domain that no one can log in from.
            email = f"ancien.locataire.{departement.lower()}.{index:02d}@historique.invalid"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email,
                password=None,
                first_name="Ancien",
                last_name=f"Locataire {departement}-{index:02d}",
                kind=User.Kind.APPLICANT,
            )
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            size = max(int(typology[1]) - 1, 1)
            demand = Demand.objects.create(
                owner=user,
                numero_unique=f"HIST{departement:0>3}{index:02d}{ctx.now:%y}G0000"[:18],
                imported_at=filed_at,
                refreshed_at=signed_at,
                expires_on=timezone.localdate(signed_at),
                register_status="attributed",
                household_size=size,
                snapshot={"filed_at": filed_at.isoformat()},
            )
            application = Application.objects.create(
                demand=demand,
                offer=offer,
                state=State.LEASE_SIGNED.value,
                created_at=_months_before(signed_at, 2),
                updated_at=signed_at,
            )
            TransitionLog.objects.create(
                application=application,
                transition="sign_lease",
                from_state=State.VISIT_SCHEDULED.value,
                to_state=State.LEASE_SIGNED.value,
                at=signed_at,
                comment="Historique de démonstration.",
            )
            created += 1
    total = Application.objects.filter(offer__reference__startswith="DEMO-HIST-").count()
    return [
        f"Historique des attributions : {total} baux signés dans {len(departements)} départements "
        f"({created} créés), pour les délais moyens d'attente par typologie et par lieu."
    ]

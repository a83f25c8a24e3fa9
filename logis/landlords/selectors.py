"""Reads of the landlord's workspace, always scoped to the landlords where the user is an active agent."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, prefetch_related_objects

from logis.applications.models import Application
from logis.applications.workflow import ACTIVE_STATES
from logis.documents.selectors import pieces_for_applications
from logis.employers.models import Agreement
from logis.offers.models import Offer
from logis.organizations.models import LESSOR_KINDS, Membership, Organization
from logis.scoring.grid import positionnement
from logis.scoring.services import ranking_ensure_current, stored_ranking

_ACTIVE = sorted(s.value for s in ACTIVE_STATES)


def agent_landlords(user):
    """The landlords where `user` is an active agent (chargé(e) de clientèle): social landlords, estate agencies and
    private owners (their members hold the role "agent" too)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        kind__in=LESSOR_KINDS,
        memberships__user=user,
        memberships__is_active=True,
        memberships__role=Membership.Role.AGENT,
    ).distinct()


def verified_landlords(user):
    """The agent's landlords that may see applicants: an estate agency waits for an advisor's check first."""
    return agent_landlords(user).filter(awaiting_verification=False)


def workspace_offers(user):
    """Every offer of the agent's landlords, whatever its status: never another landlord's."""
    return Offer.objects.visible_to(user).filter(landlord__in=agent_landlords(user)).select_related("commune")


def workspace_applications(user):
    """The applications to the agent's landlords' offers: never another landlord's applicants."""
    return (
        Application.objects.visible_to(user)
        .filter(offer__landlord__in=verified_landlords(user))
        .select_related("demand__owner", "offer__commune", "offer__landlord")
    )


def offers_with_counts(user, *, status: str = ""):
    offers = workspace_offers(user).annotate(
        active_count=Count("applications", filter=Q(applications__state__in=_ACTIVE)),
        total_count=Count("applications"),
    )
    if status:
        offers = offers.filter(status=status)
    return offers.order_by("-created_at", "-id")


@dataclass
class RankingRow:
    """One applicant of an offer's ranking, as the agent sees it."""

    application: Application
    position: int
    count: int
    score: object = None  # logis.scoring ScoreResult (total, breakdown lines) when the cotation ranked it
    # The eligibility verdict as stored with the score (logis.scoring.services.verdict_summary), None when not
    # evaluated.
    verdict: object = None
    pieces: list = field(default_factory=list)
    agreement_status: str = ""  # the employer's agreement (logis.employers Agreement.Status), "" when none asked

    @property
    def agreement_label(self) -> str:
        return Agreement.Status(self.agreement_status).label if self.agreement_status else "Non demandé"

    @property
    def agreement_given(self) -> bool:
        return self.agreement_status == Agreement.Status.GIVEN

    @property
    def pieces_present(self) -> int:
        return sum(1 for piece in self.pieces if getattr(piece, "status", "") == "present")

    @property
    def positionnement(self) -> str:
        return positionnement(self.position, self.count)


class RankingRows:
    """An offer's applications in progress, best score first, as a sequence for a Paginator: `count()` is the
    number of rows, a slice reads that page's rows from the stored current scores
    (logis.scoring.services.stored_ranking), never every applicant's. `step`: only the applications at that state,
    each keeping its position in the whole ranking."""

    def __init__(self, offer, *, step: str = ""):
        self.offer, self.step = offer, step
        self._total = self._count = None

    def total(self) -> int:
        """Applications in progress (the whole ranking); makes their stored scores current first."""
        if self._total is None:
            self._total = ranking_ensure_current(self.offer)
        return self._total

    def count(self) -> int:
        if self._count is None:
            total = self.total()
            self._count = stored_ranking(self.offer, step=self.step).count() if self.step else total
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[RankingRow]:
        start = window.start or 0
        rows = []
        total = self.total()
        for index, stored in enumerate(stored_ranking(self.offer, step=self.step)[window], start=start + 1):
            stored.application.offer = self.offer
            rows.append(
                RankingRow(
                    application=stored.application,
                    position=getattr(stored, "position", index),
                    count=total,
                    score=stored.result(),
                    verdict=stored.verdict,
                )
            )
        return rows


def fill_details(rows: list[RankingRow], offer) -> list[RankingRow]:
    """Pieces of the file and the employer's agreement for the rows shown (one page); their eligibility verdict
    is the one stored with their score."""
    prefetch_related_objects([row.application for row in rows], "demand__owner")
    pieces = pieces_for_applications(row.application for row in rows)
    agreements = dict(
        Agreement.objects.filter(demand_id__in=[row.application.demand_id for row in rows]).values_list(
            "demand_id", "status"
        )
    )
    for row in rows:
        row.agreement_status = agreements.get(row.application.demand_id, "")
        row.application.offer = offer
        row.pieces = pieces[row.application.pk]
    return rows

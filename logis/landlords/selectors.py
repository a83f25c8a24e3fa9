"""Reads of the landlord's workspace, always scoped to the landlords where the user is an active agent."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, prefetch_related_objects

from logis.applications.models import Application
from logis.applications.workflow import ACTIVE_STATES
from logis.documents.selectors import pieces_for_application
from logis.eligibility.services import offer_verdict
from logis.employers.models import Agreement
from logis.offers.models import Offer
from logis.organizations.models import LESSOR_KINDS, Membership, Organization
from logis.scoring.grid import positionnement
from logis.scoring.services import rank_applications

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
    verdict: object = None  # logis.rules Verdict, or None when not evaluated
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


def ranking_rows(offer) -> list[RankingRow]:
    """The offer's applications in progress, best score first (logis.scoring.services.rank_applications).

    Before the cotation ranks anything, the applications come in the order they were sent.
    """
    ranked = list(rank_applications(offer) or [])
    if ranked:
        count = len(ranked)
        return [
            RankingRow(application=item.application, position=index, count=count, score=item.score)
            for index, item in enumerate(ranked, start=1)
        ]
    applications = list(
        Application.objects.filter(offer=offer, state__in=_ACTIVE)
        .select_related("demand__owner")
        .order_by("created_at", "id")
    )
    return [
        RankingRow(application=a, position=i, count=len(applications)) for i, a in enumerate(applications, start=1)
    ]


def fill_details(rows: list[RankingRow], offer) -> list[RankingRow]:
    """Eligibility verdict, pieces of the file and the employer's agreement for the rows shown (one page)."""
    prefetch_related_objects([row.application for row in rows], "demand__owner")
    agreements = dict(
        Agreement.objects.filter(demand_id__in=[row.application.demand_id for row in rows]).values_list(
            "demand_id", "status"
        )
    )
    for row in rows:
        row.agreement_status = agreements.get(row.application.demand_id, "")
        row.application.offer = offer
        row.verdict = offer_verdict(row.application.demand, offer)
        row.pieces = list(pieces_for_application(row.application) or [])
    return rows

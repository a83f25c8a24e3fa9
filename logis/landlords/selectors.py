"""Reads of the landlord's workspace, always scoped to the landlords where the user is an active agent."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from logis.applications.models import Application
from logis.applications.workflow import ACTIVE_STATES
from logis.core.context_processors import remember_nav_roles
from logis.documents.selectors import pieces_for_applications
from logis.employers.models import Agreement
from logis.offers.models import Offer
from logis.organizations.memberships import read_memberships
from logis.organizations.models import LESSOR_KINDS, Membership, Organization
from logis.scoring.grid import positionnement
from logis.scoring.services import ranking_ensure_current_counts, stored_ranking

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


@dataclass(frozen=True)
class AgentScope:
    """What the landlord's workspace reads of the signed-in person, once per request (`agent_scope`): the lessor
    organisations where they are an active agent, those of them that may see applicants, and the roles of every
    active membership (the navigation's)."""

    landlord_ids: frozenset[int]
    verified_ids: frozenset[int]
    roles: frozenset[str]


def agent_scope(request) -> AgentScope:
    """The signed-in person's `AgentScope`, from their active memberships read once for the request
    (logis.organizations.memberships): the same rows as `agent_landlords` and `verified_landlords`, as lists of ids
    for the scoped querysets below."""
    scope = getattr(request, "_agent_scope", None)
    if scope is None:
        user = request.user
        rows = read_memberships(user) if user.is_authenticated else ()
        landlords = {row.organization_id for row in rows if row.role == Membership.Role.AGENT
                     and row.organization_kind in LESSOR_KINDS}  # fmt: skip
        verified = {row.organization_id for row in rows if row.organization_id in landlords
                    and not row.awaiting_verification}  # fmt: skip
        scope = AgentScope(frozenset(landlords), frozenset(verified), frozenset(row.role for row in rows))
        request._agent_scope = scope
        if user.is_authenticated and not user.is_applicant:
            remember_nav_roles(request, scope.roles)
    return scope


def scoped_offers(scope: AgentScope):
    """`workspace_offers` for a scope already read: every offer of the agent's landlords, never another's."""
    return Offer.objects.filter(landlord_id__in=sorted(scope.landlord_ids)).select_related("commune")


def scoped_applications(scope: AgentScope):
    """`workspace_applications` for a scope already read (without its joins): the applications to the offers of
    the agent's landlords that may see applicants, never another landlord's."""
    return Application.objects.filter(offer__landlord_id__in=sorted(scope.verified_ids))


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


# What a page of the ranking reads of each row (the template, the pieces' checklist, the audit): not the rest of
# the demand (resources, addresses, the register's fields) nor of the account.
_ROW_FIELDS = (
    "application_id", "offer_id", "demand_id", "total", "filed_on", "submitted_at", "breakdown", "verdict",
    "application__id", "application__demand_id", "application__offer_id", "application__state",
    "application__channel", "application__created_at", "application__answer_deadline",
    "application__demand__id", "application__demand__owner_id", "application__demand__numero_unique",
    "application__demand__household_size", "application__demand__snapshot",
    "application__demand__income_exception", "application__demand__owner__id",
    "application__demand__owner__email", "application__demand__owner__first_name",
    "application__demand__owner__last_name",
)  # fmt: skip


class RankingRows:
    """An offer's applications in progress, best score first, as a sequence for a Paginator: `count()` is the
    number of rows, a slice reads that page's rows from the stored current scores
    (logis.scoring.services.stored_ranking), never every applicant's, with the employer's agreement of each in the
    same query. `step`: only the applications at that state, each keeping its position in the whole ranking."""

    def __init__(self, offer, *, step: str = ""):
        self.offer, self.step = offer, step
        self._counts = self._count = None

    def _current(self):
        if self._counts is None:
            self._counts = ranking_ensure_current_counts(self.offer)
        return self._counts

    def total(self) -> int:
        """Applications in progress (the whole ranking); makes their stored scores current first."""
        return self._current().in_progress

    def closed(self) -> int:
        """The offer's closed applications (counted with `total`, in the same query)."""
        return self._current().closed

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
        agreement = Agreement.objects.filter(demand_id=OuterRef("demand_id")).values("status")[:1]
        stored_rows = (
            stored_ranking(self.offer, step=self.step)
            .only(*_ROW_FIELDS)
            .annotate(agreement_status=Subquery(agreement))
        )
        for index, stored in enumerate(stored_rows[window], start=start + 1):
            stored.application.offer = self.offer
            rows.append(
                RankingRow(
                    application=stored.application,
                    position=getattr(stored, "position", index),
                    count=total,
                    score=stored.result(),
                    verdict=stored.verdict,
                    agreement_status=stored.agreement_status or "",
                )
            )
        return rows


def fill_details(rows: list[RankingRow], offer) -> list[RankingRow]:
    """Pieces of the file for the rows shown (one page: their pieces, versions and files in one query each); their
    eligibility verdict and the employer's agreement come with their stored score (`RankingRows`)."""
    pieces = pieces_for_applications(row.application for row in rows)
    for row in rows:
        row.application.offer = offer
        row.pieces = pieces[row.application.pk]
    return rows

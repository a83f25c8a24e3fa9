"""Reads of the CALEOL: sessions, agenda, decisions, and the next ranked candidate for an offer."""

from django.db.models import Prefetch

from logis.applications.models import Application
from logis.applications.workflow import State
from logis.commission.models import AgendaItem, AgendaOffer, CommissionSession, Decision
from logis.organizations.models import Membership
from logis.scoring.models import Score


def next_ranked_application(offer) -> Application | None:
    """The candidate the commission ranked next for `offer` who is still waiting for it, or None."""
    decision = (
        Decision.objects.filter(offer=offer, kind=Decision.Kind.RANKED, application__state=State.RANKED.value)
        .select_related("application")
        .order_by("-session__held_at", "rank", "id")
        .first()
    )
    return decision.application if decision else None


def sessions_of(user):
    return CommissionSession.objects.visible_to(user).select_related("landlord")


def session_with_agenda(queryset, pk):
    """The session with its offers, candidates and decisions, in a fixed number of queries."""
    items = AgendaItem.objects.select_related(
        "application__demand__owner",
        "application__demand__workplace_commune",
        "application__demand__employer",
        "application__offer__commune",
        "decision__decided_by",
    ).order_by("position", "id")
    # The scores stored when the files went on the agenda, newest first (the minutes cite the latest).
    items = items.prefetch_related(
        Prefetch(
            "application__scores",
            queryset=Score.objects.select_related("grid_version").order_by("-computed_at", "-id"),
            to_attr="stored_scores",
        )
    )
    agenda = AgendaOffer.objects.select_related("offer__commune").prefetch_related(Prefetch("items", queryset=items))
    return queryset.prefetch_related(
        Prefetch("agenda", queryset=agenda.order_by("id")),
        Prefetch("members", queryset=_members()),
    ).get(pk=pk)


def _members():
    return Membership.objects.select_related("user").order_by("user__last_name", "user__first_name")

"""The signed-in person's active memberships, read once for a request.

A view that needs them (the landlord's workspace: its permission check, its scoped querysets, the navigation's
roles) reads them with `read_memberships(request.user)`; the services it calls in the same request then find them
with `known_memberships(user)` instead of asking the database again (logis.applications.perms). They are kept on
the user object of the request, which is that request's own (read from the session's cache or the database for
each request, ADR 0014); a user object that no request read them for (a task, a test calling a service) has none
and the callers query as before.
"""

from dataclasses import dataclass

from logis.organizations.models import Membership

_ATTRIBUTE = "_logis_memberships"


@dataclass(frozen=True)
class MembershipRow:
    organization_id: int
    organization_kind: str
    awaiting_verification: bool
    role: str


def read_memberships(user) -> tuple[MembershipRow, ...]:
    """The active memberships of `user` (one query), kept on the object for the rest of the request."""
    rows = getattr(user, _ATTRIBUTE, None)
    if rows is None:
        rows = tuple(
            MembershipRow(*values)
            for values in Membership.objects.filter(user=user, is_active=True).values_list(
                "organization_id", "organization__kind", "organization__awaiting_verification", "role"
            )
        )
        setattr(user, _ATTRIBUTE, rows)
    return rows


def known_memberships(user) -> tuple[MembershipRow, ...] | None:
    """The memberships `read_memberships` read for this request's `user`, None when none were read."""
    return getattr(user, _ATTRIBUTE, None)

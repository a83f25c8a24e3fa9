"""Who acts on an application, in which role of the transition table (logis/applications/workflow.py)."""

from logis.applications.workflow import Role
from logis.organizations.memberships import known_memberships
from logis.organizations.models import Membership
from logis.organizations.roles import is_logis_team


def application_roles(*, user, application) -> frozenset[Role]:
    """The roles `user` holds on `application`.

    - The owner of the demand is the applicant: only they may withdraw their application.
    - An active agent of the offer's landlord instructs the file (validate, set aside, schedule in commission).
    - An active commission member of that landlord sits in its CALEOL, which decides on the files presented.
    - Members of the Logis team (kind "staff" or superuser, never a mere ``is_staff``: landlord agents have it for
      the offers admin) hold the staff role.
    """
    if not user.is_authenticated:
        return frozenset()
    roles = set()
    if application.demand.owner_id == user.pk:
        roles.add(Role.APPLICANT)
    # An estate agency waiting for an advisor's check holds no role on any application. The memberships the
    # request has already read, when it has (logis.organizations.memberships), else one query.
    known = known_memberships(user)
    if known is not None:
        memberships = {
            row.role
            for row in known
            if row.organization_id == application.offer.landlord_id and not row.awaiting_verification
        }
    else:
        memberships = set(
            Membership.objects.filter(
                user=user,
                organization_id=application.offer.landlord_id,
                organization__awaiting_verification=False,
                is_active=True,
            ).values_list("role", flat=True)
        )
    if Membership.Role.AGENT in memberships:
        roles.add(Role.LANDLORD_AGENT)
    if Membership.Role.COMMISSION in memberships:
        roles.add(Role.COMMISSION)
    if is_logis_team(user):
        roles.add(Role.STAFF)
    return frozenset(roles)


def holds_role(*, user, application, role: Role) -> bool:
    """Whether `user` holds `role` on `application`: the applicant's role is read from the demand (no query); the
    other roles as `application_roles` finds them."""
    if role == Role.APPLICANT:
        return user.is_authenticated and application.demand.owner_id == user.pk
    return role in application_roles(user=user, application=application)


def application_role(*, user, application) -> Role | None:
    """The role a page acts in for `user` (applicant first, then landlord agent, commission, staff)."""
    roles = application_roles(user=user, application=application)
    for role in (Role.APPLICANT, Role.LANDLORD_AGENT, Role.COMMISSION, Role.STAFF):
        if role in roles:
            return role
    return None

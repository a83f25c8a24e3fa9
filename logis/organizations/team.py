"""Who works for the platform's operator: the Logis team of logis.organizations.roles, and the members of the
operator organisation (its advisors and forum moderators)."""

from logis.organizations import roles
from logis.organizations.models import Membership, Organization


def is_operator_member(user) -> bool:
    """The person works for Logis: they answer the contact desk and speak for Logis on the forum. Cached on the
    user object for the request."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_operator_member", None)
    if cached is None:
        cached = (
            roles.is_logis_team(user)
            or Membership.objects.filter(
                user=user, is_active=True, organization__kind=Organization.Kind.OPERATOR
            ).exists()
        )
        user._operator_member = cached
    return cached

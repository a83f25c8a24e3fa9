"""Who acts in the employers' space. Each predicate gives the business reason."""

from logis.organizations.models import Membership, Organization


def hr_organization(user) -> Organization | None:
    """The employer whose HR this person works for (active HR membership), else None.

    Only an employer's HR staff answers its employees' requests for agreement and sets its priorities: a person
    with another role in the same company (none exists yet) would not.
    """
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(
            user=user, role=Membership.Role.HR, is_active=True, organization__kind=Organization.Kind.EMPLOYER
        )
        .select_related("organization")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.organization if membership else None


def is_advisor(user) -> bool:
    """An advisor of the platform's operator handles the agreements of employees who chose not to inform their
    employer: the operator, not the employer, then vouches for the employment (docs/adr/0003)."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADVISOR, is_active=True, organization__kind=Organization.Kind.OPERATOR
    ).exists()

from logis.organizations.models import Membership


def may_manage_photos(user, offer) -> bool:
    """The photos of an offer are its landlord's: only the landlord's active agents (chargés de clientèle), who
    publish its offers, add, order or remove them."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, organization_id=offer.landlord_id, is_active=True, role=Membership.Role.AGENT
    ).exists()

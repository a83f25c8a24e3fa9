"""The organisations a professional belongs to (« Mes données »)."""

from logis.core.personal_data import personal_data_section, row
from logis.organizations.models import Membership


@personal_data_section(
    "organizations",
    title="Vos organismes",
    order=10,
    erased="Vos rattachements aux organismes (employeur, bailleur, équipe Logis) sont supprimés.",
)
def membership_data(user) -> dict:
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return {
        "Rattachements": [
            {**row(membership, user=user), "organisme": membership.organization.name} for membership in memberships
        ]
    }


@membership_data.eraser
def erase_memberships(user, *, now) -> None:
    Membership.objects.filter(user=user).delete()

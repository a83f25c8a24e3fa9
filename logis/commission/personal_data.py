"""The decisions of the allocation commissions (CALEOL) on the person's applications (« Mes données »)."""

from logis.commission.models import Decision
from logis.core.personal_data import personal_data_section, rows


@personal_data_section(
    "commission",
    title="Les décisions des commissions d'attribution",
    order=50,
    kept=(
        "Les décisions des commissions d'attribution sont conservées, sans vos nom, adresse ni données de votre "
        "demande, pour la durée que la loi impose au bailleur."
    ),
)
def decision_data(user) -> dict:
    return {"Décisions": rows(Decision.objects.filter(application__demand__owner=user), user=user)}

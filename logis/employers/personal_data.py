"""The employer's agreement on the person's demand (« Mes données »)."""

from logis.core.personal_data import personal_data_section, row
from logis.employers.models import Agreement


@personal_data_section(
    "employers",
    title="L'accord de votre employeur",
    order=45,
    erased="La demande d'accord faite à votre employeur et sa réponse sont effacées.",
)
def agreement_data(user) -> dict:
    agreement = Agreement.objects.filter(demand__owner=user).select_related("employer").first()
    if agreement is None:
        return {"Accord de l'employeur": []}
    return {
        "Accord de l'employeur": [
            {
                **row(agreement, user=user),
                "employeur": agreement.employer.name if agreement.employer else agreement.demand.employer_name,
            }
        ]
    }


@agreement_data.eraser
def erase_agreement(user, *, now) -> None:
    Agreement.objects.filter(demand__owner=user).delete()

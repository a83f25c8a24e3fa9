"""The person's requests for aids and loans (« Mes données »)."""

from logis.aids.models import AidRequest, AidRequestEvent
from logis.core.personal_data import personal_data_section, rows


@personal_data_section(
    "aids",
    title="Vos demandes d'aides",
    order=60,
    erased="Vos demandes d'aides et de prêts et leur historique sont effacés.",
    kept=(
        "Une aide ou un prêt accordé reste chez l'organisme qui l'a versé, avec ses pièces comptables (dix ans, "
        "article L123-22 du code de commerce)."
    ),
)
def aid_data(user) -> dict:
    return {
        "Demandes d'aides": rows(AidRequest.objects.filter(applicant=user), user=user),
        "Historique des demandes d'aides": rows(AidRequestEvent.objects.filter(request__applicant=user), user=user),
    }


@aid_data.eraser
def erase_aids(user, *, now) -> None:
    AidRequest.objects.filter(applicant=user).delete()

"""What the employers' space does after other apps' use cases (found at start-up by logis.core.apps)."""

from logis.applications.conditions import requires
from logis.core.effects import Phase
from logis.demands.effects import InformationSaved, information_saved
from logis.employers.models import Agreement
from logis.employers.services import agreement_request


@information_saved.register(phase=Phase.IN_TRANSACTION)
def request_the_employer_agreement(event: InformationSaved) -> None:
    """Requests the employer's agreement from its HR or from an advisor, in the transaction that saves « Les
    informations » (the applicant's next page shows the request)."""
    agreement_request(demand=event.demand, now=event.now)


@requires(transitions=("validate", "schedule"))
def employer_agreement_given(application) -> str | None:
    """The employer's agreement on the demand is given (by its HR, or by an advisor for an employee who does not
    inform the employer): the guide's « accord ou validation de sa demande de logement auprès de son employeur »,
    needed at the latest when the landlord validates the file."""
    status = Agreement.objects.filter(demand_id=application.demand_id).values_list("status", flat=True).first()
    if status == Agreement.Status.GIVEN:
        return None
    if status == Agreement.Status.REFUSED:
        return (
            "Le dossier ne peut pas être validé : l'accord employeur a été refusé. La personne peut corriger ses "
            "informations et le demander à nouveau."
        )
    return (
        "Le dossier ne peut pas être validé tant que l'accord employeur n'est pas donné (il est en attente de "
        "réponse) : vous pourrez le valider dès qu'il le sera."
    )

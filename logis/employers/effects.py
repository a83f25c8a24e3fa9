"""What the employers' space does after other apps' use cases (found at start-up by logis.core.apps)."""

from logis.core.effects import Phase
from logis.demands.effects import InformationSaved, information_saved
from logis.employers.services import agreement_request


@information_saved.register(phase=Phase.IN_TRANSACTION)
def request_the_employer_agreement(event: InformationSaved) -> None:
    """Requests the employer's agreement from its HR or from an advisor, in the transaction that saves « Les
    informations » (the applicant's next page shows the request)."""
    agreement_request(demand=event.demand, now=event.now)

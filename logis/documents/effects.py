"""What the applicant's file does after other apps' events (found at start-up by logis.core.apps)."""

from django.db.models.signals import post_delete
from django.utils import timezone

from logis.applications.effects import TransitionEvent, on_transition
from logis.applications.workflow import State
from logis.core.effects import Phase
from logis.demands.effects import IncomeExceptionDeclared, income_exception_declared
from logis.documents.models import PieceFile
from logis.documents.services import erase_file_after_delete, income_exception_proof_check, retention_start


@on_transition(to=State.LEASE_SIGNED)
def start_the_retention_clock(event: TransitionEvent) -> None:
    """Starts the one-year retention of the applicant's documents on the day of a social lease (the demand is
    attributed; a private lease leaves the demand in force); the daily `purge_documents` erases them when it ends."""
    if event.application.channel != "social":
        return
    retention_start(demand_id=event.application.demand_id, today=timezone.localdate(event.now))


@income_exception_declared.register(phase=Phase.IN_TRANSACTION)
def check_the_proof_of_the_situation(event: IncomeExceptionDeclared) -> None:
    """Applies the declared situation on the resources at once when the file already holds its proof (a piece
    uploaded for that same situation), in the same commit as the declaration."""
    income_exception_proof_check(demand=event.demand)


# Storage hygiene, not a business rule: a file row deleted by any path (account deletion cascading through the
# demand, admin, purge) takes its stored file with it once the deletion commits.
post_delete.connect(erase_file_after_delete, sender=PieceFile, dispatch_uid="documents_erase_file")

"""The applications of the person's demand and their history (« Mes données »). An application in progress is
withdrawn when the account is deleted: the landlord is told as for any withdrawal, the dwelling goes to the next
ranked candidate."""

from logis.applications.models import Application, TransitionLog
from logis.applications.services import application_transition
from logis.applications.workflow import ACTIVE_STATES, Role
from logis.core.personal_data import personal_data_section, row, rows


def _of(user):
    return Application.objects.filter(demand__owner=user)


@personal_data_section(
    "applications",
    title="Vos candidatures",
    order=30,
    erased=(
        "Vos candidatures en cours sont retirées (le bailleur en est informé, le logement est proposé au candidat "
        "suivant), puis vos candidatures et leur historique sont effacés."
    ),
    kept=(
        "Une candidature examinée par une commission d'attribution (CALEOL) est conservée sans vos données "
        "personnelles avec la décision de la commission, que le bailleur doit garder (procès-verbaux de la "
        "commission, article R441-9 du code de la construction et de l'habitation) ; la durée de conservation "
        "applicable est à confirmer par le délégué à la protection des données."
    ),
)
def application_data(user) -> dict:
    applications = list(_of(user).select_related("offer__commune"))
    return {
        "Candidatures": [
            {**row(application, user=user), "offre": str(application.offer)} for application in applications
        ],
        "Historique des candidatures": rows(
            TransitionLog.objects.filter(application__in=applications).order_by("at", "pk"), user=user
        ),
    }


@application_data.warner
def warn_active(user) -> list[str]:
    active = _of(user).filter(state__in=[state.value for state in ACTIVE_STATES]).count()
    if not active:
        return []
    which = (
        "Votre candidature en cours sera retirée"
        if active == 1
        else f"Vos {active} candidatures en cours seront retirées"
    )
    return [
        f"{which} : le bailleur en sera informé et le logement sera proposé au candidat suivant. Ce retrait ne "
        "peut pas être annulé."
    ]


@application_data.eraser
def withdraw_active(user, *, now) -> None:
    for application in _of(user).filter(state__in=[state.value for state in ACTIVE_STATES]):
        application_transition(
            application=application,
            name="withdraw",
            by=user,
            role=Role.APPLICANT,
            comment="Compte supprimé par la personne.",
            now=now,
        )

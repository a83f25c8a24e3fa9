"""What the law owes the applicant about the cotation (R441-2-10 CCH), shown in "Mes candidatures":
the score with its breakdown, the position among the applicants for the same offer, and the average wait of
similar demands."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from logis.applications.models import TransitionLog
from logis.applications.workflow import State
from logis.scoring.facts import months_between, parse_date
from logis.scoring.grid import ScoreResult
from logis.scoring.services import RankedApplication, grid_version_for, ranked_application

# The state an application reaches when the lease is signed (the demand is then attributed in the register).
ATTRIBUTED_STATE = State.LEASE_SIGNED.value


@dataclass(frozen=True)
class AverageWait:
    """Mean months between filing and attribution of attributed demands of the same household size whose
    dwelling is in the same département. `months` is None when no such demand is known yet."""

    months: float | None
    count: int
    household_size: int
    departement: str

    @property
    def label(self) -> str:
        persons = f"{self.household_size} personne{'s' if self.household_size > 1 else ''}"
        if self.months is None:
            return (
                f"Pas encore connu : aucune demande de {persons} n'a encore été attribuée par la plateforme dans le "
                f"département {self.departement}."
            )
        months = f"{self.months:.1f}".replace(".", ",").replace(",0", "")
        return (
            f"{months} mois en moyenne entre le dépôt de la demande et l'attribution, pour les {self.count} "
            f"demande{'s' if self.count > 1 else ''} de {persons} attribuée{'s' if self.count > 1 else ''} "
            f"dans le département {self.departement}."
        )


@dataclass(frozen=True)
class ApplicantCotation:
    score: ScoreResult
    ranked: RankedApplication
    average_wait: AverageWait
    grid_label: str


def average_wait(*, household_size: int, departement: str) -> AverageWait:
    """Mean months from filing (register date) to the signed lease, over the demands attributed on the platform."""
    rows = TransitionLog.objects.filter(
        to_state=ATTRIBUTED_STATE,
        application__demand__household_size=household_size,
        application__offer__departement=departement,
    ).values_list("at", "application__demand__snapshot__filed_at")
    waits = []
    for at, filed_at in rows:
        filed = parse_date(filed_at)
        if filed is not None:
            waits.append(months_between(filed, timezone.localdate(at)))
    return AverageWait(
        months=sum(waits) / len(waits) if waits else None,
        count=len(waits),
        household_size=household_size,
        departement=departement,
    )


def applicant_cotations(applications, *, today: dt.date | None = None) -> dict[int, ApplicantCotation]:
    """{application pk: cotation} for the applications in progress among `applications` (the applicant's own).

    A closed application has no position any more: only applications in progress get one.
    """
    today = today or timezone.localdate()
    found = {}
    for application in applications:
        if not application.is_active:
            continue
        version = grid_version_for(application.offer.commune, today=today)
        mine = ranked_application(application, today=today, version=version)
        if mine is None:  # pragma: no cover - an active application is always in its offer's ranking
            continue
        found[application.pk] = ApplicantCotation(
            score=mine.score,
            ranked=mine,
            average_wait=average_wait(
                household_size=application.demand.household_size, departement=application.offer.departement
            ),
            grid_label=version.label,
        )
    return found


def refusal_effect(application, *, today: dt.date | None = None) -> str:
    """The effect of refusing the dwelling offered on the applicant's cotation and priority (R441-2-17 CCH), read
    from the grid in force: no fact of the grid engine counts refusals, so a refusal changes no score."""
    version = grid_version_for(application.offer.commune, today=today or timezone.localdate())
    return (
        f"La grille de cotation appliquée ({version.label}) ne compte pas les refus : refuser ce logement ne change "
        "ni votre cotation ni un statut prioritaire. Votre demande de logement social reste valable."
    )

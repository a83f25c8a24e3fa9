"""What the law owes the applicant about the cotation (L441-2-8, R441-2-10 11° and R441-2-17 CCH), shown in
"Mes candidatures": the score with its breakdown and grid, the position among the applicants for the same offer,
the distribution of the scores of analogous demands (same typology, same département), the average wait by
typology and location, the effect of a refusal, and the priority status (L441-1)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from logis.applications.models import Application, TransitionLog
from logis.applications.workflow import State
from logis.core.db import CompiledRows
from logis.scoring.facts import FactsContext, demand_facts, months_between, parse_date
from logis.scoring.grid import ScoreResult
from logis.scoring.models import RankingScore
from logis.scoring.services import (
    RankedApplication,
    grid_key,
    grid_of,
    grid_version_for,
    ranking_scores_refresh,
    stored_position,
)

# The state an application reaches when the lease is signed (the demand is then attributed in the register).
ATTRIBUTED_STATE = State.LEASE_SIGNED.value


@dataclass(frozen=True)
class AverageWait:
    """Mean months between filing and attribution of the demands attributed on the platform for dwellings of the
    same typology in the same département (R441-2-17: « le délai d'attente constaté en fonction de la typologie
    et de la localisation »). `months` is None when no such attribution is known yet."""

    months: float | None
    count: int
    typology: str
    departement: str

    @property
    def label(self) -> str:
        where = f"logements {self.typology} du département {self.departement}"
        if self.months is None:
            return f"Pas encore connu : aucune attribution de {where} n'a encore été faite par la plateforme."
        months = f"{self.months:.1f}".replace(".", ",").replace(",0", "")
        return (
            f"{months} mois en moyenne entre le dépôt de la demande et l'attribution, pour les {self.count} "
            f"attribution{'s' if self.count > 1 else ''} de {where}."
        )


@dataclass(frozen=True)
class ScoreDistribution:
    """Where the applicant's score stands among the demands analogous to theirs: the demands in progress on the
    platform for dwellings of the same typology in the same département, scored with the same grid
    (R441-2-17: « la distribution des cotations des demandeurs pour une demande de logement analogue »)."""

    score: int
    count: int  # analogous demands, the applicant's included
    at_or_below: int  # how many of them score at most the applicant's score
    quartiles: tuple[int, int, int]  # first quartile, median, third quartile
    lowest: int
    highest: int
    typology: str
    departement: str

    @property
    def percent_at_or_below(self) -> int:
        return round(100 * self.at_or_below / self.count) if self.count else 0

    @property
    def label(self) -> str:
        where = f"logements {self.typology} du département {self.departement}"
        if self.count <= 1:
            return f"Vous êtes pour l'instant la seule demande en cours sur la plateforme pour des {where}."
        q1, median, q3 = self.quartiles
        return (
            f"Votre score ({self.score}) est supérieur ou égal à celui de {self.percent_at_or_below} % des "
            f"{self.count} demandes en cours pour des {where} : de {self.lowest} à {self.highest} points, "
            f"médiane {median}, un quart des demandes à {q1} ou moins, un quart à {q3} ou plus."
        )


@dataclass(frozen=True)
class PriorityStatus:
    """Whether the demand falls in a priority category of L441-1 CCH, from the facts the grid reads."""

    categories: tuple[str, ...]

    @property
    def label(self) -> str:
        if not self.categories:
            return (
                "Votre demande ne relève d'aucune catégorie prioritaire de l'article L441-1 du CCH d'après ce qu'elle "
                "déclare. Une reconnaissance DALO se déclare auprès du bailleur."
            )
        return (
            "Votre demande relève d'une catégorie prioritaire de l'article L441-1 du CCH : "
            + ", ".join(self.categories)
            + " (à justifier par les pièces de votre dossier)."
        )


@dataclass(frozen=True)
class ApplicantCotation:
    score: ScoreResult
    ranked: RankedApplication
    average_wait: AverageWait
    grid_label: str
    distribution: ScoreDistribution | None = None
    priority: PriorityStatus | None = None
    refusal_effect: str = ""

    @property
    def positionnement(self) -> str:
        return self.ranked.positionnement


# Facts of the grid that are priority categories of L441-1 CCH (the label the applicant reads).
PRIORITY_FACTS = (
    ("disability", "personne en situation de handicap"),
    ("domestic_violence", "violences au sein du couple ou de la famille"),
    ("homeless", "personne dépourvue de logement"),
    ("hosted", "personne hébergée"),
    ("temporary_housing", "personne en logement temporaire"),
    ("eviction_threat", "menacée d'expulsion sans relogement"),
    ("substandard_housing", "logement indigne ou non décent"),
)
ANALOGOUS_LIMIT = 500  # the most recent analogous demands read for the distribution


def priority_status(facts) -> PriorityStatus:
    return PriorityStatus(categories=tuple(label for code, label in PRIORITY_FACTS if getattr(facts, code, False)))


# The signed leases of a typology in a département, with the filing date of their demand: compiled once per
# process (logis.core.db.CompiledRows), read on every view of « Mes candidatures ».
_ATTRIBUTIONS = CompiledRows(
    TransitionLog,
    lambda typology, departement: TransitionLog.objects.filter(
        to_state=ATTRIBUTED_STATE,
        application__offer__typology=typology,
        application__offer__departement=departement,
    ).values_list("at", "application__demand__snapshot__filed_at"),
    str,
    str,
)


def average_wait(*, typology: str, departement: str) -> AverageWait:
    """Mean months from filing (register date) to the signed lease, over the attributions made on the platform
    for dwellings of `typology` in `departement`."""
    waits = []
    for at, filed_at in _ATTRIBUTIONS.rows(typology, departement):
        filed = parse_date(filed_at)
        if filed is not None:
            waits.append(months_between(filed, timezone.localdate(at)))
    return AverageWait(
        months=sum(waits) / len(waits) if waits else None,
        count=len(waits),
        typology=typology,
        departement=departement,
    )


def _quartiles(values: list[int]) -> tuple[int, int, int]:
    ordered = sorted(values)

    def at(fraction: float) -> int:
        return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)]

    return at(0.25), at(0.5), at(0.75)


def _analogous(typology: str, departement: str, demand_id: int):
    # The most recent ones first (a subquery), then their stored rows: joined after the limit, not to every
    # application of the département before it.
    recent = (
        Application.objects.active()
        .filter(offer__typology=typology, offer__departement=departement)
        .exclude(demand_id=demand_id)
        .order_by("-created_at")
        .values("pk")[:ANALOGOUS_LIMIT]
    )
    return (
        Application.objects.filter(pk__in=recent)
        .order_by()
        .values_list("pk", "ranking_score__total", "ranking_score__computed_on", "ranking_score__grid_key")
    )


# Compiled once per process (logis.core.db.CompiledRows): the page reads it on every view.
_ANALOGOUS = CompiledRows(Application, _analogous, str, str, int)


def score_distribution(application, score: int, *, version, today: dt.date) -> ScoreDistribution:
    """The scores of the demands in progress for dwellings of the same typology in the same département (one
    application each, at most ANALOGOUS_LIMIT, the most recent), with the grid of the applicant's offer.

    Read from the stored current scores (one query when they are current, as the tasks keep them): a row missing
    or of an earlier day is computed and stored now, as the ranking does (`ranking_scores_refresh`), so the next
    view reads it; a row of another grid (another territory, or a grid changed today) is scored here with this
    grid, not stored."""
    offer = application.offer
    key = grid_key(version)
    analogous = _ANALOGOUS.rows(offer.typology, offer.departement, application.demand_id)
    scores = [total for _pk, total, day, row_key in analogous if day == today and row_key == key]
    other_grid = [pk for pk, _total, day, row_key in analogous if day == today and row_key != key]
    outdated = [pk for pk, _total, day, _key in analogous if day != today]
    if outdated:
        ranking_scores_refresh(applications=outdated, today=today)
        stored = dict(
            RankingScore.objects.filter(application_id__in=outdated, computed_on=today, grid_key=key)
            .order_by()
            .values_list("application_id", "total")
        )
        scores += stored.values()
        other_grid += [pk for pk in outdated if pk not in stored]
    others = (
        list(Application.objects.filter(pk__in=other_grid).select_related("demand", "offer")) if other_grid else []
    )
    grid = grid_of(version)
    context = FactsContext(today=today)
    context.preload(other.demand for other in others)
    scores += [grid.evaluate(demand_facts(other.demand, other.offer, context=context)).total for other in others]
    scores.append(score)
    return ScoreDistribution(
        score=score,
        count=len(scores),
        at_or_below=sum(1 for value in scores if value <= score),
        quartiles=_quartiles(scores),
        lowest=min(scores),
        highest=max(scores),
        typology=offer.typology,
        departement=offer.departement,
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
        mine = stored_position(application, today=today, version=version)
        if mine is None:  # pragma: no cover - an active application is always in its offer's ranking
            continue
        facts = demand_facts(application.demand, application.offer, context=FactsContext(today=today))
        found[application.pk] = ApplicantCotation(
            score=mine.score,
            ranked=mine,
            average_wait=average_wait(typology=application.offer.typology, departement=application.offer.departement),
            grid_label=version.label,
            distribution=score_distribution(application, mine.score.total, version=version, today=today),
            priority=priority_status(facts),
            refusal_effect=refusal_effect(application, today=today, version=version),
        )
    return found


def refusal_effect(application, *, today: dt.date | None = None, version=None) -> str:
    """The effect of refusing the dwelling offered on the applicant's cotation and priority (R441-2-17 CCH), read
    from the grid in force (`version`, when the caller has it): no fact of the grid engine counts refusals, so a
    refusal changes no score."""
    version = version or grid_version_for(application.offer.commune, today=today or timezone.localdate())
    return (
        f"La grille de cotation appliquée ({version.label}) ne compte pas les refus : refuser ce logement ne change "
        "ni votre cotation ni un statut prioritaire. Votre demande de logement social reste valable."
    )

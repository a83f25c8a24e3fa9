"""Cotation of demands: the grid of an offer's territory, live scores and rankings, stored scores.

- `grid_version_for(commune)`: the most specific valid GridVersion (EPCI listing the commune, else its
  département, else national; the latest valid version of that territory). Without any stored version, the
  platform's default grid file applies (an unsaved GridVersion).
- `rank_applications(offer)`: the offer's active applications, best first, each with its ScoreResult (computed
  now with the offer's grid: the cotation is a decision aid computed on the current facts).
- `score_application(application)`: the live ScoreResult of one application.
- `application_score_store` / `offer_scores_store`: record scores with their grid version (for instance when the
  files go before the CALEOL). Stored scores are never rewritten.
"""

import datetime as dt
import functools
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from logis.applications.models import Application
from logis.scoring.facts import FactsContext, demand_facts, filed_on
from logis.scoring.grid import Grid, ScoreResult, grid_from_file, positionnement, rank_key, read_grid_file
from logis.scoring.models import GridVersion, Score

DEFAULT_NAME = "Grille par défaut de la plateforme Logis"


@dataclass(frozen=True)
class RankedApplication:
    """One application of an offer's ranking: its position (1 = best), its score with the breakdown."""

    application: Application
    score: ScoreResult
    rank: int
    count: int  # applications ranked for the offer

    @property
    def positionnement(self) -> str:
        """« 1er sur 12 », « 3e sur 12 »."""
        return positionnement(self.rank, self.count)


# --- grids ------------------------------------------------------------------------------------------------------


def default_grid_version() -> GridVersion:
    """The platform's default grid as an unsaved national GridVersion (version 0 until stored)."""
    data = read_grid_file()
    return GridVersion(
        scope=GridVersion.Scope.NATIONAL,
        scope_code="",
        name=DEFAULT_NAME,
        version=0,
        valid_from=data["valid_from"],
        criteria=grid_from_file().definition(),
        source=data.get("title", ""),
    )


def grid_version_for(commune, *, today: dt.date | None = None) -> GridVersion:
    """The grid that applies to offers in `commune` on `today`: EPCI, else département, else national."""
    today = today or timezone.localdate()
    # EPCI versions are few: their member communes are checked here rather than with a JSON lookup, which not
    # every database supports.
    candidates = GridVersion.objects.valid_on(today).filter(
        Q(scope=GridVersion.Scope.EPCI)
        | Q(scope=GridVersion.Scope.DEPARTEMENT, scope_code=commune.departement)
        | Q(scope=GridVersion.Scope.NATIONAL)
    )
    rank = {GridVersion.Scope.EPCI: 0, GridVersion.Scope.DEPARTEMENT: 1, GridVersion.Scope.NATIONAL: 2}
    best = None
    for version in candidates:
        if version.scope == GridVersion.Scope.EPCI and commune.pk not in (version.communes or []):
            continue
        key = (rank[version.scope], -version.valid_from.toordinal(), -version.version)
        if best is None or key < best[0]:
            best = (key, version)
    return best[1] if best else default_grid_version()


@functools.lru_cache(maxsize=64)
def _grid_cached(version_code: str, criteria_json: str, valid_from: dt.date) -> Grid:
    return Grid.from_dict(
        json.loads(criteria_json), version=version_code, territory=version_code, valid_from=valid_from
    )


def grid_of(version: GridVersion) -> Grid:
    """The engine's Grid of a stored (or default) version, cached by content."""
    return _grid_cached(version.version_code, json.dumps(version.criteria, sort_keys=True), version.valid_from)


# --- live scores ------------------------------------------------------------------------------------------------


def score_application(application: Application, *, today: dt.date | None = None) -> ScoreResult:
    """The score of `application` now, with the grid of its offer's territory."""
    today = today or timezone.localdate()
    grid = grid_of(grid_version_for(application.offer.commune, today=today))
    facts = demand_facts(application.demand, application.offer, context=FactsContext(today=today))
    return grid.evaluate(facts)


def rank_applications(
    offer, *, today: dt.date | None = None, applications=None, version: GridVersion | None = None
) -> list[RankedApplication]:
    """The offer's active applications ranked best first, each with its ScoreResult.

    Ties: the older demand first (filing date in the register), then the earlier application. `applications`
    may pass an already fetched list of the offer's active applications (with their demand; the default fetch
    also joins the demand's owner, whom ranking pages name);
    `version` a grid version other than the one of the offer's territory.
    """
    today = today or timezone.localdate()
    if applications is None:
        applications = list(Application.objects.filter(offer=offer).active().select_related("demand__owner"))
    grid = grid_of(version or grid_version_for(offer.commune, today=today))
    context = FactsContext(today=today)
    context.preload(application.demand for application in applications)
    scored = []
    for application in applications:
        application.offer = offer  # one offer for all: no query per row
        result = grid.evaluate(demand_facts(application.demand, offer, context=context))
        filed = filed_on(application.demand) or dt.date.max
        scored.append((rank_key(result, filed, (application.created_at, application.pk)), application, result))
    scored.sort(key=lambda item: item[0])
    count = len(scored)
    return [
        RankedApplication(application=application, score=result, rank=index, count=count)
        for index, (_key, application, result) in enumerate(scored, start=1)
    ]


def ranked_application(
    application: Application, *, today: dt.date | None = None, version: GridVersion | None = None
) -> RankedApplication | None:
    """`application`'s line of its offer's ranking (its position needs the others' scores), or None when it is
    not in progress (a closed application has no position any more)."""
    if not application.is_active:
        return None
    ranking = rank_applications(application.offer, today=today, version=version)
    return next((line for line in ranking if line.application.pk == application.pk), None)


# --- stored scores ----------------------------------------------------------------------------------------------


@transaction.atomic
def grid_version_ensure_default(*, by=None) -> GridVersion:
    """The stored national default grid, created from the platform's file when no national version exists."""
    existing = GridVersion.objects.filter(scope=GridVersion.Scope.NATIONAL).order_by("-version").first()
    if existing is not None:
        return existing
    version = default_grid_version()
    version.version = 1
    version.created_by = by
    version.full_clean()
    version.save()
    return version


def _stored_version(version: GridVersion, *, by) -> GridVersion:
    return version if version.pk else grid_version_ensure_default(by=by)


@transaction.atomic
def application_score_store(*, application: Application, by=None, now: dt.datetime | None = None) -> Score:
    """Compute and record the score of `application` with its grid version (a new row; older ones stay)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    version = _stored_version(grid_version_for(application.offer.commune, today=today), by=by)
    facts = demand_facts(application.demand, application.offer, context=FactsContext(today=today))
    result = grid_of(version).evaluate(facts)
    return Score.objects.create(
        application=application,
        demand=application.demand,
        offer=application.offer,
        grid_version=version,
        total=result.total,
        breakdown=result.as_dict(),
        computed_at=now,
    )


@transaction.atomic
def offer_scores_store(*, offer, by=None, now: dt.datetime | None = None) -> list[Score]:
    """Record the scores of every active application of `offer` (one grid version for all)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    version = _stored_version(grid_version_for(offer.commune, today=today), by=by)
    ranked = rank_applications(offer, today=today, version=version)
    return Score.objects.bulk_create(
        Score(
            application=item.application,
            demand=item.application.demand,
            offer=offer,
            grid_version=version,
            total=item.score.total,
            breakdown=item.score.as_dict(),
            computed_at=now,
        )
        for item in ranked
    )


def latest_score(application: Application) -> Score | None:
    return application.scores.select_related("grid_version").first()

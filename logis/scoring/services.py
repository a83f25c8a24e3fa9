"""Cotation of demands: the grid of an offer's territory, live scores and rankings, stored scores.

- `grid_version_for(commune)`: the most specific valid GridVersion (EPCI listing the commune, else its
  département, else national; the latest valid version of that territory). Without any stored version, the
  platform's default grid file applies (an unsaved GridVersion).
- `rank_applications(offer)`: the offer's active applications, best first, each with its ScoreResult (computed
  now with the offer's grid: the cotation is a decision aid computed on the current facts).
- `score_application(application)`: the live ScoreResult of one application.
- `application_score_store` / `offer_scores_store`: record scores with their grid version (for instance when the
  files go before the CALEOL). Stored scores are never rewritten.
- `ranking_ensure_current(offer)` / `stored_ranking(offer)`: the current score of every application in progress,
  one `RankingScore` row each, kept by tasks (`logis.scoring.tasks`) and checked before a ranking is read: the
  ranking page reads one page of rows ordered by the index, not every applicant, and `ranked_application` the
  applicant's row and position (ADR 0016).
"""

import datetime as dt
import functools
import hashlib
import json
import operator
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from logis.applications.models import Application
from logis.applications.workflow import ACTIVE_STATES, State
from logis.core.db import CompiledRows
from logis.eligibility.services import offer_verdict
from logis.rules.data_files import data_digest
from logis.rules.verdict import Verdict
from logis.scoring.facts import FactsContext, demand_facts, filed_on
from logis.scoring.grid import Grid, ScoreResult, grid_from_file, positionnement, rank_key, read_grid_file
from logis.scoring.models import GridVersion, RankingScore, Score

DEFAULT_NAME = "Grille par défaut de la plateforme Logis"
_ACTIVE = sorted(state.value for state in ACTIVE_STATES)
_CLOSED = sorted(state.value for state in State if state not in ACTIVE_STATES)


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


@functools.cache
def _default_grid_fields() -> dict:
    """The default grid file, read once per process (it ships with the code: a new file comes with a restart)."""
    data = read_grid_file()
    criteria = grid_from_file().definition()
    return {
        "valid_from": data["valid_from"],
        "criteria": criteria,
        "source": data.get("title", ""),
        "criteria_json": json.dumps(criteria, sort_keys=True),
    }


def default_grid_version() -> GridVersion:
    """The platform's default grid as an unsaved national GridVersion (version 0 until stored). Its criteria are
    shared by every call: copy them before changing them."""
    fields = _default_grid_fields()
    version = GridVersion(
        scope=GridVersion.Scope.NATIONAL,
        scope_code="",
        name=DEFAULT_NAME,
        version=0,
        valid_from=fields["valid_from"],
        criteria=fields["criteria"],
        source=fields["source"],
    )
    version.criteria_json = fields["criteria_json"]
    return version


# The grid of a commune for a day, kept in the shared cache (the ranking and « Mes candidatures » ask for it on
# every view): under a generation that every save or deletion of a GridVersion replaces (logis.scoring.effects,
# `grid_versions_changed`), so that a version created or edited is used by the next request of every process.
_GRID_GENERATION = "scoring:grid-versions:generation"
_GRID_TIMEOUT = 600  # seconds: also the longest a version written without its model's signals would wait


def grid_versions_changed() -> None:
    """A GridVersion was saved or deleted: the grids kept in the cache are not read any more."""
    cache.set(_GRID_GENERATION, uuid.uuid4().hex, timeout=None)


def _grid_generation() -> str | None:
    generation = cache.get(_GRID_GENERATION)
    if generation is None:
        cache.add(_GRID_GENERATION, uuid.uuid4().hex, timeout=None)
        generation = cache.get(_GRID_GENERATION)  # None when the cache is unreachable: nothing is kept
    return generation


def grid_version_for(commune, *, today: dt.date | None = None) -> GridVersion:
    """The grid that applies to offers in `commune` on `today`: EPCI, else département, else national (from the
    shared cache when it was chosen since the last change of a GridVersion)."""
    today = today or timezone.localdate()
    generation = _grid_generation()
    if generation is None:
        return _grid_version_for(commune, today=today)
    key = f"scoring:grid-for:{generation}:{commune.pk}:{commune.departement}:{today.isoformat()}"
    version = cache.get(key)
    if version is None:
        version = _grid_version_for(commune, today=today)
        cache.set(key, version, timeout=_GRID_TIMEOUT)
    return version


def _grid_version_for(commune, *, today: dt.date) -> GridVersion:
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


def _criteria_json(version: GridVersion) -> str:
    # The default version comes with it; a stored one is serialised (its criteria may be edited until scored).
    return getattr(version, "criteria_json", None) or json.dumps(version.criteria, sort_keys=True)


def grid_of(version: GridVersion) -> Grid:
    """The engine's Grid of a stored (or default) version, cached by content."""
    return _grid_cached(version.version_code, _criteria_json(version), version.valid_from)


@functools.lru_cache(maxsize=64)
def _digest(criteria_json: str) -> str:
    return hashlib.sha256(criteria_json.encode()).hexdigest()[:20]


def grid_key(version: GridVersion) -> str:
    """What a stored current score was computed with: the version's code, its first day and a digest of its
    criteria (a version not yet used by a `Score` may still be edited), then a digest of the rules' reference files
    its verdict was computed with (a new file shipped makes the stored verdicts outdated)."""
    return (
        f"{version.version_code}:{version.valid_from.isoformat()}:{_digest(_criteria_json(version))}:{data_digest()}"
    )


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
    """`application`'s line of its offer's ranking, or None when it is not in progress (a closed application has no
    position any more). With the offer's grid (the default), read from the stored current scores
    (`stored_position`); with another grid `version`, computed live."""
    if not application.is_active:
        return None
    today = today or timezone.localdate()
    if version is not None:
        ranking = rank_applications(application.offer, today=today, version=version)
        return next((line for line in ranking if line.application.pk == application.pk), None)
    return stored_position(application, today=today, version=grid_version_for(application.offer.commune, today=today))


def stored_position(application: Application, *, today: dt.date, version: GridVersion) -> RankedApplication | None:
    """`application`'s line of its offer's ranking from the stored current scores (made current first): its row,
    and its position as the count of the rows ahead of it on the index. `version`: the offer's grid on `today`
    (`grid_version_for`). None when the application is not in progress."""
    if not application.is_active:
        return None
    count = ranking_ensure_current(application.offer, today=today, version=version)
    mine = _POSITION.rows(application.pk)
    if not mine:  # pragma: no cover - an application in progress has its row once the ranking is current
        return None
    breakdown, ahead = mine[0]
    return RankedApplication(
        application=application, score=ScoreResult.from_dict(breakdown), rank=ahead + 1, count=count
    )


def _position(application_id: int):
    """The stored row's breakdown and the count of the rows ahead of it in its offer's ranking, in one query."""
    return (
        RankingScore.objects.filter(pk=application_id).annotate(ahead=_rows_ahead()).values_list("breakdown", "ahead")
    )


# Compiled once per process (logis.core.db.CompiledRows): « Mes candidatures » reads it for every application in
# progress on every view.
_POSITION = CompiledRows(RankingScore, _position, int)


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


# --- current scores of the rankings (RankingScore) --------------------------------------------------------------

# The rank order of logis.scoring.grid.rank_key, in SQL (the index ranking_score_order).
RANK_ORDER = ("-total", "filed_on", "submitted_at", "application_id")


def verdict_summary(verdict: Verdict) -> dict:
    """What a ranking shows of an eligibility verdict (`landlords/includes/_verdict.html` reads it as it reads a
    Verdict): eligible or not, the failed checks' sentences, and the income ceiling's check when it retained the
    applicant's own resources (an income exception)."""
    return {
        "eligible": verdict.eligible,
        "failures": [{"code": check.code, "message": check.message} for check in verdict.failures],
        "passes": [
            {"code": check.code, "message": check.message, "figures": {"income_exception": exception}}
            for check in verdict.passes
            if check.code == "income_ceiling" and (exception := check.figures.get("income_exception"))
        ],
    }


def _current_scores(applications, offer, *, version: GridVersion, today: dt.date) -> list[RankingScore]:
    grid, key = grid_of(version), grid_key(version)
    context = FactsContext(today=today)
    context.preload(application.demand for application in applications)
    rows = []
    for application in applications:
        application.offer = offer
        result = grid.evaluate(demand_facts(application.demand, offer, context=context))
        # The verdict reads the landlord's policy once per offer object (offer_verdict keeps it on the offer).
        verdict = offer_verdict(application.demand, offer, today=today)
        rows.append(
            RankingScore(
                application_id=application.pk,
                offer_id=offer.pk,
                demand_id=application.demand_id,
                total=result.total,
                filed_on=filed_on(application.demand) or RankingScore.NO_FILING_DATE,
                submitted_at=application.created_at,
                breakdown=result.as_dict(),
                verdict=verdict_summary(verdict),
                grid_key=key,
                computed_on=today,
            )
        )
    return rows


def _store_current(rows: list[RankingScore]) -> None:
    # Scores written: a drop this transaction made before may have to be made again (logis.scoring.effects).
    writer = transaction.get_connection()
    writer.logis_scores_written = getattr(writer, "logis_scores_written", 0) + 1
    RankingScore.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=[
            "offer",
            "demand",
            "total",
            "filed_on",
            "submitted_at",
            "breakdown",
            "verdict",
            "grid_key",
            "computed_on",
        ],
    )


class RankingCounts(NamedTuple):
    """The applications of an offer: in progress (the ranking's rows) and closed (withdrawn, set aside…)."""

    in_progress: int
    closed: int


def ranking_ensure_current(offer, *, today: dt.date | None = None, version: GridVersion | None = None) -> int:
    """Make the current score of every application in progress for `offer` valid for `today` and the offer's grid
    (the missing or outdated rows are computed now: usually none, the tasks keep them); return how many
    applications are in progress. One query when every row is current (`_counts`), after the grid of the offer's
    territory (`version`, when not given: from the shared cache, or one query more)."""
    return ranking_ensure_current_counts(offer, today=today, version=version).in_progress


def _counts(offer_id: int, *, today: dt.date, key: str) -> dict[str, int]:
    """The offer's applications in progress (`count`), those of them whose stored score is valid for `today` and
    the grid `key` (`current`), and the closed ones: one query, written as SQL (the page reads it on every view;
    the ORM's filtered counts cost more to build than to run).

    The current rows are counted from the index `ranking_score_current` alone, minus those of closed applications
    (a row stays when its application closes): not a probe per application in progress, which cost as much as
    the rest of the page at 5,000 applicants on SQLite."""
    quote = connection.ops.quote_name
    applications, scores = quote(Application._meta.db_table), quote(RankingScore._meta.db_table)
    active = "(" + ", ".join(["%s"] * len(_ACTIVE)) + ")"
    closed = "(" + ", ".join(["%s"] * len(_CLOSED)) + ")"
    current = "r.computed_on = %s AND r.grid_key = %s"
    # Table names from the models, values as parameters. Each count reads an index: the offer's applications by
    # state, its current rows, and a probe for each closed application only.
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {applications} a WHERE a.offer_id = %s AND a.state IN {active}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {applications} a WHERE a.offer_id = %s AND a.state IN {closed}), "
        f"(SELECT COUNT(*) FROM {scores} r WHERE r.offer_id = %s AND {current}), "
        f"(SELECT COUNT(*) FROM {applications} a WHERE a.offer_id = %s AND a.state IN {closed} "
        f"AND EXISTS (SELECT 1 FROM {scores} r WHERE r.application_id = a.id AND {current}))"
    )
    day = connection.ops.adapt_datefield_value(today)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [offer_id, *_ACTIVE, offer_id, *_CLOSED, offer_id, day, key, offer_id, *_CLOSED, day, key],
        )
        count, closed_count, current_rows, current_closed = cursor.fetchone()
    return {"count": count, "current": current_rows - current_closed, "closed": closed_count}


def ranking_ensure_current_counts(
    offer, *, today: dt.date | None = None, version: GridVersion | None = None
) -> RankingCounts:
    """`ranking_ensure_current`, with the number of closed applications of the offer counted in the same query."""
    today = today or timezone.localdate()
    version = version or grid_version_for(offer.commune, today=today)
    key = grid_key(version)
    counts = _counts(offer.pk, today=today, key=key)
    if counts["current"] < counts["count"]:
        active = Application.objects.filter(offer=offer).active()
        outdated = list(
            active.exclude(ranking_score__computed_on=today, ranking_score__grid_key=key).select_related("demand")
        )
        with transaction.atomic():
            _store_current(_current_scores(outdated, offer, version=version, today=today))
    return RankingCounts(counts["count"], counts["closed"])


def ranking_scores_refresh(
    *, applications=None, offers=None, demands=None, employers=None, today: dt.date | None = None
) -> int:
    """Recompute the current scores of the applications in progress among `applications`, or for `offers`, the
    `demands` or the employees of `employers` (pks; nothing given: every one); return how many rows were written.
    Run by the tasks after a change of what the scores depend on, and daily."""
    today = today or timezone.localdate()
    active = Application.objects.active().select_related("demand", "offer__commune")
    if applications is not None:
        active = active.filter(pk__in=list(applications))
    if offers is not None:
        active = active.filter(offer_id__in=list(offers))
    if demands is not None:
        active = active.filter(demand_id__in=list(demands))
    if employers is not None:
        active = active.filter(demand__employer_id__in=list(employers))
    by_offer: dict[int, list[Application]] = {}
    offers_seen = {}
    for application in active.order_by("offer_id", "pk"):
        by_offer.setdefault(application.offer_id, []).append(application)
        offers_seen[application.offer_id] = application.offer
    written = 0
    for offer_id, group in by_offer.items():
        offer = offers_seen[offer_id]
        version = grid_version_for(offer.commune, today=today)
        rows = _current_scores(group, offer, version=version, today=today)
        with transaction.atomic():
            _store_current(rows)
        written += len(rows)
    return written


def ranking_scores_outdated(*, today: dt.date | None = None) -> list[int]:
    """The offers with an application in progress whose current score is missing or older than `today` (the daily
    task recomputes them: seniority counts in months from the day). A grid changed since is caught when read."""
    today = today or timezone.localdate()
    return sorted(
        set(
            Application.objects.active()
            .exclude(ranking_score__computed_on=today)
            .values_list("offer_id", flat=True)
            .distinct()
        )
    )


def ranking_scores_forget(*, demands=(), offers=(), employers=()) -> int:
    """Drop the current scores that depend on the given demands, offers or employers (pks), in the caller's
    transaction: until a task recomputes them, the ranking computes them when it is read (never a stale one)."""
    lookups = {"demand_id__in": demands, "offer_id__in": offers, "demand__employer_id__in": employers}
    conditions = [Q(**{lookup: list(pks)}) for lookup, pks in lookups.items() if pks]
    if not conditions:
        return 0
    deleted, _ = RankingScore.objects.filter(functools.reduce(operator.or_, conditions)).delete()
    return deleted


def _in_progress(offer):
    """The current scores of the applications in progress for `offer` (a pk or an expression)."""
    return RankingScore.objects.filter(offer=offer, application__state__in=_ACTIVE)


def _ahead_of(row) -> Q:
    """The rows ranked before `row` (its total, filed_on, submitted_at and application_id: values or OuterRefs),
    in the order of RANK_ORDER: the higher total, then the older filing, the earlier application, the lower id."""
    return (
        Q(total__gt=row.total)
        | Q(total=row.total, filed_on__lt=row.filed_on)
        | Q(total=row.total, filed_on=row.filed_on, submitted_at__lt=row.submitted_at)
        | Q(
            total=row.total,
            filed_on=row.filed_on,
            submitted_at=row.submitted_at,
            application_id__lt=row.application_id,
        )
    )


def stored_ranking(offer, *, step: str = ""):
    """The current scores of `offer`'s applications in progress (call `ranking_ensure_current` first), best first,
    with their application, demand and applicant; `step`: only the applications at that state, each annotated with
    `position`, its rank in the whole ranking."""
    rows = _in_progress(offer.pk).select_related("application__demand__owner").order_by(*RANK_ORDER)
    if not step:
        return rows
    return rows.filter(application__state=step).annotate(position=_rows_ahead() + 1)


def _rows_ahead() -> Coalesce:
    """The count of the rows in progress of the same offer ranked before the outer row (RANK_ORDER)."""
    outer = SimpleNamespace(
        **{name: OuterRef(name) for name in ("total", "filed_on", "submitted_at", "application_id")}
    )
    ahead = (
        _in_progress(OuterRef("offer"))
        .filter(_ahead_of(outer))
        .order_by()
        .values("offer")
        .annotate(ahead=Count("pk"))
        .values("ahead")
    )
    return Coalesce(Subquery(ahead), Value(0))

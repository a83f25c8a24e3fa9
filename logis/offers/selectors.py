"""Reads of offers for "Mes offres": the live offers that fit a demand, narrowed by the filters a person chooses.

The "fit" of a demand is a list of criteria taken from the demand (location, typology, rent, rooms, kind,
accessibility), each with a French sentence that the page shows. A filter the person sets replaces the fit
criterion it overlaps (a chosen commune replaces the wished location, a chosen maximum rent replaces the demand's),
and the person may also look at every live offer.

Distances: SQL orders and filters with an equirectangular approximation in plain arithmetic, so that it runs the
same on SQLite and PostgreSQL: with cos(lat0) computed in Python, dx = (lng - lng0) * cos(lat0), dy = lat - lat0,
and dx² + dy² is in squared degrees of latitude (1° ≈ 111.2 km). A radius filter is a bounding box on lat/lng
(indexed) plus dx² + dy² ≤ (r / 111.2)². The exact great-circle distance is computed in Python for the offers shown.
"""

import copy
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from math import asin, cos, degrees, isfinite, radians, sin, sqrt

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, transaction
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)

from logis.eligibility.selectors import DemandEligibility
from logis.geo.departements import departement_label
from logis.geo.distance import haversine_km
from logis.geo.models import Commune
from logis.offers.models import Channel, Financing, Offer, ability_cost_expression, effort_cost_expression

DEFAULT_RADIUS_KM = 30
# Counting stops there; circles in which the nearest offers are looked for first (see OfferSearch.page).
COUNT_CAP = 100
NEAREST_RADII_KM = (1, 3, 10)
KM_PER_DEGREE = 111.2
# What the map reads of each offer (OfferSearch.markers).
MARKER_COLUMNS = ("id", "lat", "lng", "title", "typology", "monthly_total", "commune_id")


def _pk_of(row) -> int:
    return row["id"] if isinstance(row, dict) else row.pk


@dataclass(frozen=True)
class Bounds:
    """The part of the map shown (degrees). Out-of-range values are clamped."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, text: str) -> "Bounds | None":
        """From "west,south,east,north" (the order of Leaflet's toBBoxString and of a GeoJSON bbox); None for
        anything else, which the map then ignores."""
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except (ValueError, AttributeError):
            return None
        if not all(isfinite(value) for value in (south, west, north, east)):
            return None
        south, north = sorted((max(-90.0, min(90.0, south)), max(-90.0, min(90.0, north))))
        west, east = sorted((max(-180.0, min(180.0, west)), max(-180.0, min(180.0, east))))
        return cls(south, west, north, east)

    def q(self) -> Q:
        return Q(lat__gte=self.south, lat__lte=self.north, lng__gte=self.west, lng__lte=self.east)


class Sort:
    DISTANCE = "distance"
    RENT = "rent"
    NEWEST = "newest"


class Eligibility:
    """Which side of the eligibility rules the list shows: by default the offers the demand is eligible to."""

    ELIGIBLE = "eligible"
    OTHERS = "others"
    ANY = "any"  # both sides (the alerts of a saved search whose owner chose every offer: logis.searches)


class FinancingScope:
    ALL = "all"
    SOCIAL = "social"
    INTERMEDIATE = "intermediate"
    PRIVATE = "private"  # estate agencies and private owners (issue #19)


@dataclass(frozen=True)
class OfferFilters:
    """What the person chose on the page. Empty values mean "no filter"."""

    fit: bool = True
    financing: str = FinancingScope.ALL
    commune: str = ""
    departement: str = ""
    radius_km: int | None = None
    max_rent: int | None = None
    min_surface: int | None = None
    min_rooms: int | None = None
    min_bedrooms: int | None = None
    kind: str = ""
    accessible_only: bool = False
    sort: str = Sort.DISTANCE
    eligibility: str = Eligibility.ELIGIBLE


@dataclass(frozen=True)
class Origin:
    """The workplace the distances are measured from."""

    name: str
    lat: float
    lng: float

    @property
    def cos_lat(self) -> float:
        return max(cos(radians(self.lat)), 0.01)

    def distance_km(self, lat: float, lng: float) -> float:
        return haversine_km(self.lat, self.lng, lat, lng)


@dataclass(frozen=True)
class Criterion:
    """One condition on offers, with the sentence that explains it.

    key names the filter (an OfferFilters field) that sets it, or "fit_<part>" for a criterion of the demand.
    """

    key: str
    label: str
    q: Q = field(compare=False)
    from_demand: bool = False


@dataclass(frozen=True)
class FitPart:
    """A criterion of the demand as shown on the page, and whether a filter of the person replaces it."""

    criterion: Criterion
    replaced_by: str = ""


@dataclass(frozen=True)
class Relaxation:
    criterion: Criterion
    count: int


def search_origin(demand) -> Origin | None:
    commune = demand.workplace_commune if demand.workplace_commune_id else None
    if commune is None:
        return None
    return Origin(name=commune.name, lat=commune.lat, lng=commune.lng)


def suited_rooms(household_size: int) -> tuple[int, int]:
    """Rooms suited to a household: at least one room per person beyond a couple's shared one, and no more than one
    room beyond the number of persons (beyond that, the dwelling is under-occupied, CCH L621-2)."""
    size = max(1, household_size)
    return max(1, size - 1), size + 1


def _radius_q(origin: Origin, km: float) -> Q:
    dlat = km / KM_PER_DEGREE
    dlng = dlat / origin.cos_lat
    return Q(
        lat__gte=origin.lat - dlat,
        lat__lte=origin.lat + dlat,
        lng__gte=origin.lng - dlng,
        lng__lte=origin.lng + dlng,
        distance_sq__lte=dlat * dlat,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _euros(amount) -> str:
    return f"{int(amount)} €"


def fit_criteria(demand, origin: Origin | None) -> list[Criterion]:
    """The criteria that make an offer fit the demand, in the order the page explains them."""
    criteria = []
    wished = list(demand.wished_communes or [])
    workplace = demand.workplace_commune if demand.workplace_commune_id else None
    if workplace is not None and wished == [workplace.insee]:
        communes = [workplace]  # the usual case, already read with the demand
    else:
        communes = list(Commune.objects.filter(insee__in=wished).order_by("name")) if wished else []
    departements = sorted({c.departement for c in communes})
    location_q = Q()
    parts = []
    if departements:
        location_q |= Q(departement__in=departements)
        labels = ", ".join(departement_label(code) for code in departements)
        names = ", ".join(c.name for c in communes)
        parts.append(f"dans les départements de vos communes souhaitées ({names}) : {labels}")
    if origin is not None:
        location_q |= _radius_q(origin, DEFAULT_RADIUS_KM)
        parts.append(f"à moins de {DEFAULT_RADIUS_KM} km de votre lieu de travail ({origin.name})")
    if parts:
        criteria.append(Criterion("fit_location", "Situées " + " ou ".join(parts), location_q, from_demand=True))

    typologies = [t for t in (demand.wished_typologies or []) if t]
    if typologies:
        criteria.append(
            Criterion(
                "fit_typology",
                f"Typologie souhaitée : {' ou '.join(typologies)}",
                Q(typology__in=typologies),
                from_demand=True,
            )
        )
    if demand.max_rent:
        criteria.append(
            Criterion(
                "fit_max_rent",
                f"Loyer charges comprises jusqu'à {_euros(demand.max_rent)} par mois, le maximum de votre demande",
                Q(monthly_total__lte=demand.max_rent),
                from_demand=True,
            )
        )
    low, high = suited_rooms(demand.household_size)
    criteria.append(
        Criterion(
            "fit_rooms",
            f"De {low} à {_plural(high, 'pièce')}, adapté à un foyer de {_plural(demand.household_size, 'personne')}",
            Q(rooms__gte=low, rooms__lte=high),
            from_demand=True,
        )
    )
    if demand.wished_kind in (Offer.Kind.FLAT, Offer.Kind.HOUSE):
        label = "Appartements uniquement" if demand.wished_kind == Offer.Kind.FLAT else "Maisons uniquement"
        criteria.append(Criterion("fit_kind", label, Q(kind=demand.wished_kind), from_demand=True))
    if demand.accessibility_needed:
        criteria.append(
            Criterion(
                "fit_accessible",
                "Logements accessibles aux personnes à mobilité réduite, comme l'indique votre demande",
                Q(is_accessible=True),
                from_demand=True,
            )
        )
    return criteria


# Which filters of the person replace which criterion of the demand.
REPLACED_BY = {
    "fit_location": ("commune", "departement", "radius_km"),
    "fit_max_rent": ("max_rent",),
    "fit_typology": ("min_rooms", "min_bedrooms"),
    "fit_rooms": ("min_rooms", "min_bedrooms"),
    "fit_kind": ("kind",),
}

FILTER_NAMES = {
    "commune": "commune",
    "departement": "département",
    "radius_km": "distance du lieu de travail",
    "max_rent": "loyer maximum",
    "min_rooms": "nombre de pièces",
    "min_bedrooms": "nombre de chambres",
    "kind": "maison ou appartement",
}

POSTAL_OR_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
NAME_WITH_POSTAL_CODE = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d{5})\)$")


def commune_q(text: str, prefix: str = "commune__") -> Q:
    """Offers in a commune typed as a name ("Lyon" also finds its arrondissements), a postal or an INSEE code;
    with prefix="", the communes themselves."""
    text = " ".join(text.split())
    match = NAME_WITH_POSTAL_CODE.match(text)
    if match:
        return Q(**{f"{prefix}name__iexact": match["name"], f"{prefix}postal_code": match["code"]})
    if POSTAL_OR_INSEE.match(text):
        return Q(**{f"{prefix}postal_code": text}) | Q(**{f"{prefix}insee": text.upper()})
    return Q(**{f"{prefix}name__iexact": text}) | Q(**{f"{prefix}name__istartswith": f"{text} "})


def _folded(text: str) -> str:
    """Lower case, without accents, hyphens or apostrophes: « Saint-Étienne » and « saint etienne » fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.replace("-", " ").replace("'", " ").replace("’", " ").split())


def unknown_commune(text: str) -> tuple[bool, list[str]]:
    """Whether the commune typed in the filter names no commune at all, with up to three close names to suggest
    (same first letter, closest spellings): the filter then says so instead of « Aucune offre »."""
    if not text or Commune.objects.filter(commune_q(text, prefix="")).exists():
        return False, []
    folded = _folded(text)
    if not folded or POSTAL_OR_INSEE.match(text.strip()):
        return True, []
    names = set(Commune.objects.filter(name__istartswith=text.strip()[:1]).values_list("name", flat=True)[:20000])
    by_folded = {}
    for name in sorted(names):
        by_folded.setdefault(_folded(name), name)
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.75)
    return True, [by_folded[key] for key in close]


def filter_criteria(filters: OfferFilters, origin: Origin | None) -> list[Criterion]:
    criteria = []
    if filters.financing == FinancingScope.SOCIAL:
        criteria.append(
            Criterion("financing", "Logements sociaux (PLAI, PLUS, PLS)", Q(financing__in=Financing.social()))
        )
    elif filters.financing == FinancingScope.INTERMEDIATE:
        criteria.append(Criterion("financing", "Logements intermédiaires (LLI)", Q(financing=Financing.LLI)))
    elif filters.financing == FinancingScope.PRIVATE:
        criteria.append(
            Criterion("financing", "Parc privé : agences immobilières et propriétaires", Q(channel=Channel.PRIVATE))
        )
    if filters.commune:
        criteria.append(Criterion("commune", f"Commune : {filters.commune}", commune_q(filters.commune)))
    if filters.departement:
        criteria.append(
            Criterion(
                "departement",
                f"Département : {departement_label(filters.departement)}",
                Q(departement=filters.departement),
            )
        )
    if filters.radius_km and origin is not None:
        criteria.append(
            Criterion(
                "radius_km",
                f"À moins de {filters.radius_km} km de votre lieu de travail ({origin.name})",
                _radius_q(origin, filters.radius_km),
            )
        )
    if filters.max_rent is not None:
        criteria.append(
            Criterion(
                "max_rent",
                f"Loyer charges comprises jusqu'à {_euros(filters.max_rent)}",
                Q(monthly_total__lte=filters.max_rent),
            )
        )
    if filters.min_surface:
        criteria.append(
            Criterion("min_surface", f"Au moins {filters.min_surface} m²", Q(surface__gte=filters.min_surface))
        )
    if filters.min_rooms:
        criteria.append(
            Criterion("min_rooms", f"Au moins {_plural(filters.min_rooms, 'pièce')}", Q(rooms__gte=filters.min_rooms))
        )
    if filters.min_bedrooms:
        criteria.append(
            Criterion(
                "min_bedrooms",
                f"Au moins {_plural(filters.min_bedrooms, 'chambre')}",
                Q(bedrooms__gte=filters.min_bedrooms),
            )
        )
    if filters.kind in (Offer.Kind.FLAT, Offer.Kind.HOUSE):
        label = "Appartements" if filters.kind == Offer.Kind.FLAT else "Maisons"
        criteria.append(Criterion("kind", label, Q(kind=filters.kind)))
    if filters.accessible_only:
        criteria.append(
            Criterion("accessible_only", "Accessibles aux personnes à mobilité réduite", Q(is_accessible=True))
        )
    return criteria


@functools.cache
def _live_to_rent() -> QuerySet:
    """The live offers to rent with their monthly total and their housing cost, built once per process (resolving
    the expressions is not free) and cloned by each search: a QuerySet is never changed by filter(), and this one
    is never evaluated, so it holds no rows and no database alias (the router picks one when a clone is read)."""
    # No join here: the count and the ordering touch the offers table only; the page's communes come by id.
    qs = Offer.objects.live().to_rent()  # homes to buy have their own search (logis.offers.purchase)
    qs = qs.annotate(monthly_total=_monthly_total())
    qs = qs.alias(effort_cost=effort_cost_expression())  # the taux d'effort's numerator, for the eligibility
    return qs.alias(ability_cost=ability_cost_expression())  # the map's bound on what the demand can afford


def _annotated(origin: Origin | None) -> QuerySet:
    qs = _live_to_rent().all()
    if origin is not None:
        # alias, not annotate: used to filter and order, never read back (the page shows exact kilometres).
        qs = qs.alias(distance_sq=_distance_sq(origin))
    return qs


def _monthly_total() -> ExpressionWrapper:
    """Rent and charges, what the cards show and the rent sort orders by."""
    return ExpressionWrapper(F("rent") + F("charges"), output_field=DecimalField(max_digits=9, decimal_places=2))


def _distance_sq(origin: Origin) -> ExpressionWrapper:
    """The equirectangular squared distance to the origin, in degrees² (ADR 0002): orders by distance."""
    dx = (F("lng") - Value(origin.lng, output_field=FloatField())) * Value(origin.cos_lat, output_field=FloatField())
    dy = F("lat") - Value(origin.lat, output_field=FloatField())
    return ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())


class EarthDistance(Func):
    """PostgreSQL (contrib cube and earthdistance, ADR 0017): the straight-line distance in metres through the
    Earth from the offer to the origin, `logis_earth(lat, lng) <-> logis_earth(lat0, lng0)` (contrib's ll_to_earth with
    its search path fixed: migration offers 0011). It grows with the
    great-circle distance, so it orders offers as the kilometres shown do, and it is the ordering operator of the
    GiST index `offer_live_earth_idx`: ORDER BY it ... LIMIT n reads the offers nearest first from the index and stops
    after n matches, instead of reading and sorting every candidate of the area."""

    output_field = FloatField()

    def __init__(self, origin: Origin):
        super().__init__(F("lat"), F("lng"))
        self.origin = origin

    def as_sql(self, compiler, connection, **extra):
        lat, lat_params = compiler.compile(self.source_expressions[0])
        lng, lng_params = compiler.compile(self.source_expressions[1])
        sql = f"(logis_earth({lat}, {lng}) <-> logis_earth(%s, %s))"
        return sql, (*lat_params, *lng_params, self.origin.lat, self.origin.lng)

    def as_sqlite(self, compiler, connection, **extra):  # pragma: no cover - never built on SQLite
        raise NotImplementedError("EarthDistance needs PostgreSQL's earthdistance")


def nearest_index_available(alias: str = "default") -> bool:
    """Whether the database orders nearest first with the GiST index (PostgreSQL); SQLite (the demo) keeps the
    equirectangular ordering of ADR 0002."""
    return connections[alias].vendor == "postgresql"


def _distance_order(origin: Origin, alias: str = "default"):
    """What the distance sort orders by: the earth distance on PostgreSQL, the equirectangular square elsewhere."""
    return EarthDistance(origin) if nearest_index_available(alias) else _distance_sq(origin)


def _ordered(qs: QuerySet, sort: str, origin: Origin | None) -> QuerySet:
    if sort == Sort.RENT:
        return qs.order_by("monthly_total", "id")
    if sort == Sort.NEWEST or origin is None:
        return qs.order_by(F("published_at").desc(nulls_last=True), "-id")
    return qs.order_by(_distance_order(origin, qs.db), "id")


# The bounded read nearest first (`_nearest_first(..., scan=True)`): at most this many live offers around the
# origin are examined per match wanted, and never fewer than NEAREST_SCAN_MIN (the map: `_nearest_markers`).
NEAREST_SCAN_PER_MATCH = 8
NEAREST_SCAN_MIN = 2000
_PLANNER_OFF = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; SET LOCAL jit = off"
_PLANNER_RESET = "RESET enable_bitmapscan; RESET enable_sort; RESET jit"


def _nearest_first(
    qs: QuerySet, origin: Origin, count: int, *, scan: bool = False, conditions: tuple[str, tuple] | None = None
) -> list | None:
    """PostgreSQL: the `count` first matches of `qs` nearest first, as (distance, id) sorted by (distance, id)
    (the map reads its markers otherwise: `_nearest_markers`).

    One index scan of `offer_live_earth_idx` ordered by the distance (KNN), stopping after count + 1 matches. The
    planner misjudges how many offers the eligibility lets through and would rather read every candidate of the
    area and sort them: bitmap scans and sorts are switched off for this statement only (SET LOCAL inside the
    request's transaction, reset right after; nothing that a transaction-pooling pgbouncer minds). The index orders
    by distance only: when the row after the last kept one is at the same distance (offers of one building), the
    offers at that distance are read too, so the tie is broken by id exactly as the full sort does.

    Without `scan`, the caller knows that more than `count` matches exist (a probe found them): the scan ends after
    count + 1 of them. With `scan`, nothing is known: only the NEAREST_SCAN_PER_MATCH × (count + 1) live offers
    nearest to the origin (at least NEAREST_SCAN_MIN) are examined, and None says that fewer matches were among
    them (the caller then reads otherwise): the work stays bounded whatever the search. `conditions`: those of
    `qs` compiled alone (`_conditions_sql`), when the caller has them."""
    alias = qs.db
    if scan:
        scanned = max(NEAREST_SCAN_MIN, NEAREST_SCAN_PER_MATCH * (count + 1))
        rows = _nearest_within_scan(qs, origin, count, scanned, conditions=conditions)
        if rows is None:
            return None
    else:
        distance = EarthDistance(origin)
        query = qs.order_by(distance).values_list(distance, "pk")[: count + 1]
        with transaction.atomic(using=alias, savepoint=False), connections[alias].cursor() as cursor:
            cursor.execute(_PLANNER_OFF)
            try:
                rows = list(query)
            finally:
                cursor.execute(_PLANNER_RESET)
    return _ties_broken_by_id(qs, origin, rows, count, ())


def _ties_broken_by_id(qs: QuerySet, origin: Origin, rows: list, count: int, columns: tuple) -> list:
    """The `count` first of `rows` (count + 1 matches in the index's order, by distance only) by (distance, id):
    when the row after the last one kept is at the same distance, every match at that distance is read."""
    if len(rows) > count and count > 0 and rows[count][0] == rows[count - 1][0]:
        distance = EarthDistance(origin)
        tied = rows[count - 1][0]
        rows = [row for row in rows if row[0] != tied]
        rows += list(
            qs.order_by()
            .alias(earth_distance=distance)
            .filter(earth_distance=tied)
            .values_list(distance, "pk", *columns)
        )
    return sorted(rows, key=lambda row: (row[0], row[1]))[:count]


@functools.lru_cache(maxsize=8)
def _scanned_where(alias: str, affordable: bool) -> tuple[str, tuple]:
    """The condition of the offers that `_nearest_within_scan` reads nearest first: live, and with `affordable`
    an ability cost under a bound, its parameter last (a placeholder here). Compiled once per process."""
    scanned = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    if affordable:
        scanned = scanned.alias(ability_cost=ability_cost_expression()).filter(ability_cost__lte=Decimal(0))
    compiler = scanned.query.get_compiler(using=alias)
    where, params = scanned.query.where.as_sql(compiler, compiler.connection)
    return where, tuple(params)


# The select of the list's bounded scan, written once: (earth distance, id) of the offers table. Its two
# parameters (the origin) come first.
_DISTANCE_AND_ID_HEAD = (
    'SELECT (logis_earth("offers_offer"."lat", "offers_offer"."lng") <-> logis_earth(%s, %s)), "offers_offer"."id"'
)


def _conditions_sql(qs: QuerySet) -> tuple[str, tuple] | None:
    """The conditions of `qs` compiled alone, as (SQL over the offers table, parameters): "" when there is none.

    Compiling the whole queryset also sets up its select, its annotations and its ordering, then wraps a count in
    a subquery, for columns that are the same every time: the conditions alone cost 0.6 ms of the 0.9 ms of the
    bounded scan of a demand's search (measured on the benchmark's applicants), a capped count more. None when the
    search joins another table (the caller then reads otherwise)."""
    query = qs.query
    used = [name for name in query.alias_map if query.alias_refcount[name]]  # Django leaves out the others too
    if used != [Offer._meta.db_table] or query.base_table != Offer._meta.db_table:
        return None
    compiler = query.get_compiler(using=qs.db)
    try:
        where, params = compiler.compile(query.where)
    except FullResultSet:
        where, params = "", []
    except EmptyResultSet:
        where, params = "0 = 1", []
    return where, tuple(params)


def _distance_and_id_sql(conditions: tuple[str, tuple], table: str) -> tuple[str, tuple]:
    """The SQL selecting (earth distance, id) of the offers that meet `conditions` (`_conditions_sql`), without
    the origin's two parameters (they come first)."""
    where, params = conditions
    return f"{_DISTANCE_AND_ID_HEAD} FROM {table}" + (f" WHERE {where}" if where else ""), params


def _nearest_within_scan(
    qs: QuerySet,
    origin: Origin,
    count: int,
    scan: int,
    columns: tuple = (),
    *,
    partial: bool = False,
    affordable: Decimal | None = None,
    compiled: tuple[str, tuple] | None = None,
    conditions: tuple[str, tuple] | None = None,
) -> list | None:
    """The first count + 1 matches of `qs` among the `scan` live offers nearest to the origin, in the order of the
    index (distance): the search's conditions are applied to a subquery that reads the index nearest first and
    stops after `scan` rows (named as the table, so that the conditions compiled by Django apply to it unchanged).
    The subquery has no condition but the index's own, so the planner reads the index nearest first without being
    told. None when fewer than count + 1 matches are among them (the caller then reads otherwise), or with
    `partial` the matches found all the same (the map sizes its circles by them).

    `affordable` (the map): the demand's largest affordable cost, implied by the search's eligibility. The scan
    then reads the `scan` nearest offers under it, which PostgreSQL finds by the index of the ability cost and a
    sort where few offers are affordable, rather than reading every offer nearest first. `compiled`: the SQL of
    `qs` selecting (distance, id, *columns), when the caller compiled it already; `conditions`: those of `qs`
    (`_conditions_sql`), when the caller compiled them already."""
    alias = qs.db
    table = f'"{Offer._meta.db_table}"'
    if compiled is None and not columns:
        if conditions is None:
            conditions = _conditions_sql(qs)
        if conditions is None:
            return None  # a join could reorder the rows: the caller reads otherwise
        sql, params = _distance_and_id_sql(conditions, table)
        compiled = (sql, (origin.lat, origin.lng, *params))
    if compiled is None:
        query = qs.order_by().values_list(EarthDistance(origin), "pk", *columns).query
        compiled = query.get_compiler(using=alias).as_sql()
    sql, params = compiled
    head, found, tail = sql.partition(f" FROM {table}")
    if not found or " JOIN " in tail or f" FROM {table}" in tail:
        return None  # a join could reorder the rows: the caller reads otherwise
    where, where_params = _scanned_where(alias, affordable is not None)
    if affordable is not None:
        where_params = (*where_params[:-1], affordable)
    nearest = (
        f" FROM (SELECT * FROM {table} WHERE {where} ORDER BY "  # noqa: S608 - the model's table, compiled SQL
        f'logis_earth({table}."lat", {table}."lng") <-> logis_earth(%s, %s) LIMIT %s) AS {table}'
    )
    before = head.count("%s")
    params = (
        *params[:before],
        *where_params,
        origin.lat,
        origin.lng,
        scan,
        *params[before:],
        count + 1,
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(f"{head}{nearest}{tail} LIMIT %s", params)
        rows = [(float(distance), *rest) for distance, *rest in cursor.fetchall()]
    return rows if partial or len(rows) > count else None


# The map's markers (ADR 0017). First the bounded read nearest first from the GiST index, over the
# NEAREST_SCAN_PER_MARKER × (markers + 1) offers nearest to the workplace (at least NEAREST_SCAN_MIN): it ends early
# where matches are dense. When too few matches are among them, within circles around the workplace over the
# B-tree of lat/lng, where PostgreSQL also skips by an index the offers the demand cannot afford: a circle that
# holds the markers wanted holds the nearest ones. The first circle is sized by the matches the bounded read found
# (their number grows with the area), the next ones likewise, within MAP_CIRCLE_GROWTH; past MAP_LAST_CIRCLE_KM
# (the fit's own radius) or MAP_MAX_CIRCLES circles, the search is read whole.
NEAREST_SCAN_PER_MARKER = 4
EARTH_RADIUS_M = 6378168.0  # contrib earthdistance's earth(): the sphere of logis_earth
MAP_EMPTY_SCAN_KM = 10.0  # the first circle when the bounded read found no match at all
MAP_LAST_CIRCLE_KM = DEFAULT_RADIUS_KM
MAP_CIRCLE_GROWTH = (2.0, 6.0)  # the next radius over the previous one, at least and at most
MAP_MAX_CIRCLES = 4


def _circle_bounds(origin: Origin, km: float) -> tuple[float, float, float, float, float]:
    """(south, north, west, east, chord in metres) of the circle of `km` great-circle kilometres around the origin:
    the box holds the whole circle (for the B-tree), the chord is the earth distance that decides (exact)."""
    angle = km * 1000 / EARTH_RADIUS_M  # radians
    chord = 2 * EARTH_RADIUS_M * sin(angle / 2)
    dlat = degrees(angle) * 1.001 + 1e-9
    south, north = max(-90.0, origin.lat - dlat), min(90.0, origin.lat + dlat)
    if abs(origin.lat) + degrees(angle) >= 89.0 or sin(angle) >= cos(radians(origin.lat)):
        return south, north, -180.0, 180.0, chord
    dlng = degrees(asin(sin(angle) / cos(radians(origin.lat)))) * 1.001 + 1e-9
    west, east = origin.lng - dlng, origin.lng + dlng
    if west < -180.0 or east > 180.0:  # across the antimeridian: every longitude, the chord decides
        west, east = -180.0, 180.0
    return south, north, west, east, chord


def _next_radius_km(km: float, found: int, wanted: int) -> float:
    """The radius of a circle expected to hold `wanted` matches when one of `km` holds `found` of them."""
    low, high = MAP_CIRCLE_GROWTH
    return km * min(high, max(low, 1.15 * sqrt(wanted / max(1, found))))


def _nearest_markers(
    qs: QuerySet, origin: Origin, count: int, columns: tuple, affordable: Decimal | None
) -> list[tuple]:
    """PostgreSQL: the `count` first matches of `qs` by (earth distance, id), as (distance, id, *columns); `columns`
    holds lat and lng, `affordable` bounds the ability cost of every match (or None). The bounded read nearest
    first, then circles (see above)."""
    scanned = max(NEAREST_SCAN_MIN, NEAREST_SCAN_PER_MARKER * (count + 1))
    # The search's SQL compiled once, for the bounded read and the circles.
    base = qs.order_by().annotate(map_distance=EarthDistance(origin)).values_list("map_distance", "id", *columns)
    compiled = base.query.get_compiler(using=qs.db).as_sql()
    rows = _nearest_within_scan(
        qs, origin, count, scanned, columns, partial=True, affordable=affordable, compiled=compiled
    )
    if rows is not None and len(rows) > count:
        return _ties_broken_by_id(qs, origin, rows, count, columns)
    if rows:
        # The matches found lie within the distance of the farthest of them.
        farthest_km = 2 * EARTH_RADIUS_M * asin(min(1.0, rows[-1][0] / (2 * EARTH_RADIUS_M))) / 1000
        km = _next_radius_km(max(farthest_km, 0.1), len(rows), count)
    else:
        km = MAP_EMPTY_SCAN_KM
    return _nearest_in_circles(compiled, qs.db, origin, count, km)


def _nearest_in_circles(compiled: tuple[str, tuple], alias: str, origin: Origin, count: int, km: float) -> list[tuple]:
    """The `count` first matches of the search by (earth distance, id) within circles of growing radius from `km`.

    `compiled` is the search's SQL selecting map_distance, id, lat, lng and the other columns; each circle is the
    same statement with the circle's box and chord added. A
    circle that holds `count` matches holds the `count` nearest, ties included (every offer at the distance of the
    last one kept is inside), sorted by distance then id by PostgreSQL. The order is by the distance plus zero: not
    the GiST's ordering operator, so the planner reads the circle's box from the B-tree (and the index of the
    ability cost, when the search bounds it) instead of every offer nearest first."""
    sql, params = compiled
    select = f"SELECT * FROM ({sql}) AS map_matches"  # noqa: S608 - Django's compiled SQL, values as parameters
    order = ' ORDER BY map_matches.map_distance + 0, map_matches."id" LIMIT %s'
    circle = (
        ' WHERE map_matches."lat" BETWEEN %s AND %s AND map_matches."lng" BETWEEN %s AND %s'
        " AND map_matches.map_distance <= %s"
    )
    with connections[alias].cursor() as cursor:
        for _circle in range(MAP_MAX_CIRCLES):
            if km > MAP_LAST_CIRCLE_KM:
                break
            cursor.execute(select + circle + order, (*params, *_circle_bounds(origin, km), count))
            rows = cursor.fetchall()
            if len(rows) >= count:
                return rows
            km = _next_radius_km(km, len(rows), count)
        cursor.execute(select + order, (*params, count))
        return cursor.fetchall()


class OfferSearch:
    """The search of one person: the demand's fit, the filters, the results and, when empty, what to relax.

    Build it once per request: the demand's wished communes are read once. The eligibility rules are never
    relaxed: the list shows the offers the demand is eligible to or, on request, only the others (with their
    reasons, from `eligibility.verdict`).
    """

    def __init__(self, demand, filters: OfferFilters | None = None, *, today=None):
        self.demand = demand
        self.filters = filters or OfferFilters()
        self.origin = search_origin(demand)
        self.eligibility = DemandEligibility.of(demand, today)

    @property
    def shows_others(self) -> bool:
        return self.filters.eligibility == Eligibility.OTHERS

    @cached_property
    def filters_applied(self) -> list[Criterion]:
        return filter_criteria(self.filters, self.origin)

    @cached_property
    def fit_parts(self) -> list[FitPart]:
        """The demand's criteria, each marked with the filters of the person that replace it, if any."""
        active = {c.key for c in self.filters_applied}
        parts = []
        for criterion in fit_criteria(self.demand, self.origin):
            replacing = [FILTER_NAMES[key] for key in REPLACED_BY.get(criterion.key, ()) if key in active]
            parts.append(FitPart(criterion, replaced_by=", ".join(replacing)))
        return parts

    @cached_property
    def criteria(self) -> list[Criterion]:
        """Every criterion applied: the demand's (unless replaced, or the person looks at all offers), the filters."""
        criteria = []
        if self.filters.fit:
            criteria += [part.criterion for part in self.fit_parts if not part.replaced_by]
        return criteria + self.filters_applied

    def _filtered(self, criteria) -> QuerySet:
        qs = _annotated(self.origin)
        conditions = [criterion.q for criterion in criteria]
        if self.shows_others:
            qs = qs.exclude(self.eligibility.q)
        elif self.filters.eligibility != Eligibility.ANY:
            conditions.insert(0, self.eligibility.q)
        # In one filter(): each clones the query and its annotations (the same SQL; a third of the time to build
        # the search, with three criteria). None of them crosses a multi-valued relation.
        return qs.filter(*conditions) if conditions else qs

    @cached_property
    def matches(self) -> QuerySet:
        """The filtered offers, unordered (built once: resolving the eligibility condition is not free)."""
        return self._filtered(self.criteria)

    @cached_property
    def _conditions(self) -> tuple[str, tuple] | None:
        """The search's conditions compiled once per request (`_conditions_sql`), for the bounded scan and the
        count of the offers published since the last visit; None when the search joins another table."""
        return _conditions_sql(self.matches)

    def count_published_since(self, since) -> int:
        """How many matches were published after `since`, counted up to COUNT_CAP + 1 (« nouvelles depuis votre
        dernière visite »), with the search's conditions compiled once (`_conditions`)."""
        new = self.matches.filter(published_at__gt=since)
        conditions = self._conditions
        published = _conditions_sql(Offer.objects.filter(published_at__gt=since))
        if conditions is None or published is None:
            return new.order_by().values("pk")[: COUNT_CAP + 1].count()
        where = " AND ".join(f"({sql})" for sql, _params in (conditions, published) if sql)
        table = f'"{Offer._meta.db_table}"'
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {table}"  # noqa: S608 - the model's table, compiled SQL
        sql += (f" WHERE {where}" if where else "") + " LIMIT %s) AS published_since"
        with connections[self.matches.db].cursor() as cursor:
            cursor.execute(sql, (*conditions[1], *published[1], COUNT_CAP + 1))
            return cursor.fetchone()[0]

    def results(self) -> QuerySet:
        return self.ordered().prefetch_related("commune")

    def ordered(self) -> QuerySet:
        return _ordered(self.matches, self.filters.sort, self.origin)

    @property
    def _nearest_probe(self) -> list[tuple[float, int]] | None:
        """For the distance sort: up to COUNT_CAP + 1 matches as (distance, id), read unordered (see `_probe`)."""
        return self._probe(COUNT_CAP + 1)

    def _probe(self, size: int) -> list[tuple[float, int]] | None:
        """For the distance sort: up to `size` matches as (distance in the sort's unit, id), read unordered.

        The read stops as soon as `size` matches are found (many matches: the count is capped, and the page is
        read nearest first). When it does not stop, it holds every match: the count is exact and any page is a
        slice of these pairs sorted here, fetched by id, without scanning the search area a second time (the tail
        of "Mes offres": few suitable offers among thousands around a big city). A larger probe read before serves
        a smaller one."""
        if self.filters.sort != Sort.DISTANCE or self.origin is None:
            return None
        probes = self.__dict__.setdefault("_probes", {})
        for read_size, rows in probes.items():
            if read_size >= size or len(rows) < read_size:
                return rows[:size]
        distance = _distance_order(self.origin, self.matches.db)
        rows = list(self.matches.order_by().values_list(distance, "pk")[:size])
        probes[size] = rows
        return rows

    @property
    def _nearest_index(self) -> bool:
        """Whether pages are read nearest first from the GiST index (PostgreSQL, distance sort, a workplace)."""
        return (
            self.filters.sort == Sort.DISTANCE and self.origin is not None and nearest_index_available(self.matches.db)
        )

    def _probe_known(self, size: int) -> bool:
        """Whether a probe already read answers `_probe(size)` without a query."""
        return any(read >= size or len(rows) < read for read, rows in self.__dict__.get("_probes", {}).items())

    @cached_property
    def _nearest_head(self) -> list[tuple[float, int]] | None:
        """PostgreSQL, distance sort: the COUNT_CAP + 1 nearest matches, read by one bounded scan nearest first
        (they give the capped count and the first pages); None when that scan did not find as many (few matches
        around the workplace: the probe counts them)."""
        if not self._nearest_index:
            return None
        return _nearest_first(self.matches, self.origin, COUNT_CAP + 1, scan=True, conditions=self._conditions)

    def count(self) -> int:
        """How many offers match, counted up to COUNT_CAP + 1 (more means "more than COUNT_CAP"): counting the
        ten thousand offers around a capital would cost more than the whole page."""
        if self._nearest_head is not None:
            return len(self._nearest_head)
        if self._nearest_probe is not None:
            return len(self._nearest_probe)
        return self.matches.order_by().values("pk")[: COUNT_CAP + 1].count()

    def page(self, offset: int, limit: int, *, count: int | None = None) -> list:
        """Rows offset to offset + limit of the results (Offer instances with their commune)."""
        rows = self._window(offset, limit, count=count, read=list)
        # Once, for the page kept (the rows read by id come with their commune); the cards read the photos of the
        # page at once (logis.photos' cover_images).
        prefetch_related_objects(rows, "commune")
        return rows

    def markers(self, limit: int, *, within: "Bounds | None" = None) -> list[dict]:
        """The first `limit` results in the list's order, as the map's markers (dicts of MARKER_COLUMNS), narrowed
        to `within` when the map shows a part of them: the same search as the list, read as a few columns."""
        search = self if within is None else self._narrowed(within.q())
        rows = None
        if search._nearest_index:
            matches, bound = search.matches, None
            if search.filters.eligibility == Eligibility.ELIGIBLE:
                # Implied by the eligibility (the same markers), in one filter (one clone of the search): they let
                # PostgreSQL skip by an index the offers of a financing the income cannot have and those the demand
                # cannot afford, rather than read them in the circle (ADR 0017).
                implied = {"financing__in": search.eligibility.possible_financings()}
                bound = search.eligibility.max_housing_cost()
                if bound is not None:
                    implied["ability_cost__lte"] = bound
                matches = matches.filter(**implied)
            nearest = _nearest_markers(matches, search.origin, limit, MARKER_COLUMNS[1:], bound)
            rows = [dict(zip(MARKER_COLUMNS, row[1:], strict=True)) for row in nearest]
        if rows is None:
            rows = search._window(0, limit, count=None, read=lambda qs: list(qs.values(*MARKER_COLUMNS)))
        # The communes' names in one small query, rather than a join in the read of the markers.
        names = dict(
            Commune.objects.filter(insee__in={row["commune_id"] for row in rows}).values_list("insee", "name")
        )
        for row in rows:
            row["commune__name"] = names.get(row["commune_id"], "")
        return rows

    def _narrowed(self, q: Q) -> "OfferSearch":
        narrowed = copy.copy(self)
        narrowed.__dict__.pop("_probes", None)
        narrowed.__dict__.pop("_nearest_head", None)
        narrowed.__dict__.pop("_conditions", None)
        narrowed.matches = self.matches.filter(q)
        return narrowed

    def _window(self, offset: int, limit: int, *, count: int | None, read) -> list:
        """Rows offset to offset + limit of the results, read by `read(queryset)` (a list of instances or dicts).

        Sorting every match by distance means reading every candidate of the search area (ten thousand around a
        big city). Nearest first, unless the page is the last one (`count`, when known, below offset + limit),
        the matches are read within growing circles around the workplace (NEAREST_RADII_KM): when a circle holds
        at least offset + limit matching offers, the nearest ones are all inside it, so the page is exact without
        sorting every match; else the next circle, and finally the whole search."""
        if limit <= 0:
            return []
        ordered = self.ordered()
        nearest_index = self._nearest_index
        head = self.__dict__.get("_nearest_head")
        if head is not None and offset + limit <= len(head):
            # The nearest matches read for the count hold the page.
            return self._by_ids([pk for _distance, pk in head[offset : offset + limit]], read)
        # On PostgreSQL the probe reads as many matches as the page needs (at least COUNT_CAP + 1, for the count).
        size = max(COUNT_CAP + 1, offset + limit + 1) if nearest_index else COUNT_CAP + 1
        if nearest_index and not self._probe_known(size):
            # Nothing counted yet: read nearest first among a bounded number of offers around the origin.
            nearest = _nearest_first(self.matches, self.origin, offset + limit, scan=True, conditions=self._conditions)
            if nearest is not None:
                return self._by_ids([pk for _distance, pk in nearest[offset:]], read)
        probe = self._probe(size)
        if probe is not None and len(probe) < size:
            # Every match is known with its distance: sort here, read the page's rows by id.
            return self._by_ids([pk for _distance, pk in sorted(probe)[offset : offset + limit]], read)
        if probe is not None and nearest_index:
            # At least offset + limit + 1 matches exist: the index scan nearest first stops after that many.
            nearest = _nearest_first(self.matches, self.origin, offset + limit)
            return self._by_ids([pk for _distance, pk in nearest[offset:]], read)
        if probe is not None and offset + limit <= len(probe):
            # Many matches: the probe holds offset + limit of them, so the circle through the farthest of its
            # offset + limit nearest ones holds at least that many matches, hence the page's: one small circle.
            farthest = sorted(distance for distance, _pk in probe)[offset + limit - 1]
            km = sqrt(farthest) * KM_PER_DEGREE * (1 + 1e-9)  # the bound itself included despite rounding
            rows = read(ordered.filter(_radius_q(self.origin, km))[offset : offset + limit])
            if len(rows) == limit:
                return rows
        many = count is None or count >= offset + limit
        if many and self.filters.sort == Sort.DISTANCE and self.origin is not None:
            for km in NEAREST_RADII_KM:
                rows = read(ordered.filter(_radius_q(self.origin, km))[offset : offset + limit])
                if len(rows) == limit:
                    return rows
        return read(ordered[offset : offset + limit])

    def _by_ids(self, ids: list[int], read) -> list:
        """The rows of `ids`, in that order. By primary key only: the conditions were checked by the read that
        found them (re-applying them would let the planner scan the whole search area again)."""
        rows = _live_to_rent().filter(pk__in=ids).order_by().select_related("commune")  # the commune by the join
        by_id = {_pk_of(row): row for row in read(rows)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def paginator(self, per_page: int) -> "SearchPaginator":
        return SearchPaginator(self, per_page)

    def relaxations(self) -> list[Relaxation]:
        """For an empty result: how many offers each criterion, dropped alone, lets through (most helpful first).

        One COUNT query per active criterion (a dozen at most), run only when nothing matches, each stopping past
        COUNT_CAP like the count of the results.
        """
        result = []
        for dropped in self.criteria:
            kept = [c for c in self.criteria if c is not dropped]
            count = self._filtered(kept).order_by().values("pk")[: COUNT_CAP + 1].count()
            if count:
                result.append(Relaxation(dropped, count))
        return sorted(result, key=lambda r: -r.count)


class SearchPage:
    """One page of a search, read as templates read Django's Page (number, has_next, paginator.count...).

    The count may be capped (more than COUNT_CAP matches: « plus de 100 offres »), but the pages are not: a page
    reads one row more than it shows, and there is a next page exactly when that row exists, so a person can walk
    through every match, page after page, in every sort (each sort ends with the primary key: no row is skipped or
    repeated between pages).
    """

    def __init__(self, paginator: "SearchPaginator", number: int, rows: list, has_next: bool):
        self.paginator = paginator
        self.number = number
        self.object_list = rows
        self._has_next = has_next

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class SearchPaginator:
    """Pages of a search: exact page numbers when the count is exact, "page N" and a next link past the cap."""

    def __init__(self, search: OfferSearch, per_page: int):
        self.search = search
        self.per_page = max(1, per_page)

    @cached_property
    def count(self) -> int:
        """The matches counted up to COUNT_CAP + 1 (more means "more than COUNT_CAP")."""
        return self.search.count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def num_pages(self) -> int | None:
        """None past the cap: the last page is not known without counting every match."""
        if self.capped:
            return None
        return max(1, -(-self.count // self.per_page))

    def get_page(self, number) -> SearchPage:
        """A page by its number (1 for anything that is not a positive number); past the last page, the last."""
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        if not self.capped:
            number = min(number, self.num_pages)
            rows = self.search.page((number - 1) * self.per_page, self.per_page, count=self.count)
            return SearchPage(self, number, rows, has_next=number < self.num_pages)
        rows = self.search.page((number - 1) * self.per_page, self.per_page + 1)
        if not rows and number > 1:
            # An address past the end (typed, or kept while offers were withdrawn): count them all, once, for the
            # last page, as Django's get_page does.
            last = max(1, -(-self.search.matches.order_by().count() // self.per_page))
            number = min(number, last)
            rows = self.search.page((number - 1) * self.per_page, self.per_page + 1)
        return SearchPage(self, number, rows[: self.per_page], has_next=len(rows) > self.per_page)


def offers_for_demand(demand, filters: OfferFilters | None = None) -> QuerySet:
    """Live offers the demand is eligible to (or, with `eligibility=others`, only those it is not eligible to) that
    fit the demand and the person's filters, sorted as asked (by default: nearest first).

    Each offer carries `monthly_total` (rent + charges); when the demand names a workplace, results are ordered by
    `distance_sq` (squared approximate distance, an alias); `with_distances` gives kilometres for a page of results.
    """
    return OfferSearch(demand, filters).results()


def with_distances(offers, origin: Origin | None):
    """Set `distance_km` (great-circle, kilometres) on each offer of a page; None without a workplace."""
    offers = list(offers)
    for offer in offers:
        offer.distance_km = origin.distance_km(offer.lat, offer.lng) if origin is not None else None
    return offers


def with_verdicts(offers, eligibility: DemandEligibility):
    """Set `verdict` (the rules' explained verdict) on each offer of a page: computed in Python for the page only."""
    offers = list(offers)
    for offer in offers:
        offer.verdict = eligibility.verdict(offer)
    return offers

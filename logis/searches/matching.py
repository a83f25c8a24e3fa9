"""Which new offers match which saved searches: the same conditions as "Mes offres", for many searches at once.

Two paths give the same answer (tests/searches/test_matching.py compares them on random searches and offers):

- `matches_by_search`: the reference, through "Mes offres"' own OfferSearch (one query per search); used off
  PostgreSQL (the SQLite demo);
- `matches_in_sql` (PostgreSQL): one query per batch of searches. Each search is turned in Python into a row of
  parameters (the eligibility of ADR 0005 as the (financing, zone) pairs its income allows, the typologies of the
  household, the largest housing cost per landlord policy, accessibility; the demand's fit; the person's filters),
  the batch is passed as one JSON array read by `jsonb_to_recordset`, and joined to the new offers (a few
  thousand) in one statement. No query per search nor per (search, offer).

An offer matches a search when it is live, to rent, published after the search was saved, not yet alerted for it
(logis.searches.models.SearchAlertSent), and passes the search's conditions.
"""

import functools
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import DecimalField, ExpressionWrapper, F, Max, Min

from logis.eligibility.selectors import (
    DemandEligibility,
    abc_zones_of,
    household_ceilings,
    landlord_policies,
    max_housing_cost_cents,
)
from logis.geo.models import Commune
from logis.offers.models import Channel, Financing, Offer, effort_cost_expression
from logis.offers.selectors import (
    DEFAULT_RADIUS_KM,
    KM_PER_DEGREE,
    NAME_WITH_POSTAL_CODE,
    POSTAL_OR_INSEE,
    REPLACED_BY,
    OfferSearch,
    search_origin,
    suited_rooms,
)
from logis.rules.ceilings import Programme
from logis.rules.offer import units_of_consumption
from logis.searches.criteria import filters_of
from logis.searches.models import SavedSearch, SearchAlertSent

BATCH = 2000


@functools.cache
def _abc_zones(column: str) -> tuple[str, ...]:
    return tuple(abc_zones_of(column))


def _new(search: SavedSearch, offers):
    return offers.filter(published_at__gt=search.created_at).exclude(
        pk__in=SearchAlertSent.objects.filter(search=search).values("offer_id")
    )


def matches_by_search(searches, offer_ids) -> dict[int, list[int]]:
    """{search id: [offer ids]} through OfferSearch, one query per search (the reference)."""
    result = {}
    for search in searches:
        demand = search.owner.demand
        filters = filters_of(search.criteria, eligible_only=search.eligible_only)
        offers = OfferSearch(demand, filters).matches.filter(pk__in=list(offer_ids))
        ids = sorted(_new(search, offers).values_list("pk", flat=True))
        if ids:
            result[search.pk] = ids
    return result


def _euros(cents: int | None) -> str | None:
    """Cents as an exact decimal string (the SQL compares with numeric, as the ORM's Decimal(cents) / 100)."""
    return None if cents is None else str(Decimal(cents) / 100)


def _radius(prefix: str, origin, km: float) -> dict:
    """The bounds of `_radius_q` (logis.offers.selectors), computed the same way, as columns `<prefix>_lat`..."""
    dlat = km / KM_PER_DEGREE
    values = {"lat": origin.lat, "lng": origin.lng, "cos": origin.cos_lat, "dlat": dlat, "dlng": dlat / origin.cos_lat}
    return {f"{prefix}_{name}": value for name, value in values.items()}


def _box_deps(boxes: dict, radius: dict, prefix: str) -> set[str]:
    """The départements of the new offers whose box meets the radius' bounding box (a superset of the radius')."""
    lat, lng, dlat, dlng = (radius[f"{prefix}_{k}"] for k in ("lat", "lng", "dlat", "dlng"))
    return {
        dep
        for dep, (south, north, west, east) in boxes.items()
        if south <= lat + dlat and north >= lat - dlat and west <= lng + dlng and east >= lng - dlng
    }


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %"


def resolve_communes(texts) -> dict[str, list[tuple[str, str]]]:
    """{text: [(insee, département)]}: the communes each typed text names, as `commune_q` reads it (a name, which
    also finds its arrondissements, « Name (postal code) », a postal or an INSEE code), in one query for all of
    them (a query per text scans the communes hundreds of times)."""
    texts = sorted(texts)
    if not texts:
        return {}
    kinds = {}
    names, patterns, codes = set(), set(), set()
    for text in texts:
        clean = " ".join(text.split())
        match = NAME_WITH_POSTAL_CODE.match(clean)
        if match:
            kinds[text] = ("named", match["name"].upper(), match["code"])
            names.add(match["name"].upper())
        elif POSTAL_OR_INSEE.match(clean):
            kinds[text] = ("code", clean, clean.upper())
            codes.update({clean, clean.upper()})
        else:
            kinds[text] = ("name", clean.upper(), None)
            names.add(clean.upper())
            patterns.add(_like_prefix(clean.upper()))
    table = Commune._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT insee, departement, UPPER(name), postal_code FROM {table} "  # noqa: S608
            "WHERE UPPER(name) = ANY(%s) OR UPPER(name) LIKE ANY(%s) OR postal_code = ANY(%s) OR insee = ANY(%s)",
            [sorted(names), sorted(patterns), sorted(codes), sorted(codes)],
        )
        rows = cursor.fetchall()
    result = {}
    for text, (kind, first, second) in kinds.items():
        if kind == "named":
            found = [(i, d) for i, d, name, postal in rows if name == first and postal == second]
        elif kind == "code":
            found = [(i, d) for i, d, _name, postal in rows if postal == first or i == second]
        else:
            found = [(i, d) for i, d, name, _postal in rows if name == first or name.startswith(first + " ")]
        result[text] = sorted(set(found))
    return result


@dataclass
class Profiles:
    """What the parameters of many searches share: the landlords' policies, the communes named."""

    policies: dict
    communes: dict[str, Commune]
    commune_ids: dict[str, list[tuple[str, str]]]
    # The new offers' départements with the box (south, north, west, east) of their offers: a search is joined to
    # the offers of the départements its place allows (a hash join), not to every new offer.
    boxes: dict[str, tuple[float, float, float, float]] = None
    # {(household, day): (income ceilings, units of consumption, typologies)}: what the rules read of the household
    # alone, computed once per distinct household (demands share a few hundred compositions) instead of per search.
    households: dict = None

    @classmethod
    def for_searches(cls, searches, boxes=None, *, previous: "Profiles | None" = None) -> "Profiles":
        """The shared parts a batch of searches needs; what `previous` (the batch before) read is not read again
        (the communes typed in the searches repeat from batch to batch)."""
        policies = previous.policies if previous else landlord_policies()
        communes = dict(previous.communes) if previous else {}
        commune_ids = dict(previous.commune_ids) if previous else {}
        wished = {insee for search in searches for insee in (search.owner.demand.wished_communes or [])}
        missing = wished - set(communes)
        if missing:
            communes.update((c.insee, c) for c in Commune.objects.filter(insee__in=missing))
        commune_ids.update(
            resolve_communes({search.criteria.get("commune", "") for search in searches} - {""} - set(commune_ids))
        )
        households = previous.households if previous else {}
        return cls(
            policies=policies, communes=communes, commune_ids=commune_ids, boxes=boxes or {}, households=households
        )

    def eligibility(self, eligibility: DemandEligibility) -> dict:
        candidate = eligibility.candidate
        tables = eligibility.tables
        if self.households is None:
            self.households = {}
        key = (candidate.household, eligibility.today)
        known = self.households.get(key)
        if known is None:
            known = self.households[key] = (
                household_ceilings(candidate.household, eligibility.today, tables),
                units_of_consumption(candidate.household, eligibility.today, tables.parameters.ability_to_pay),
                list(eligibility.typologies()),
            )
        ceilings, units, typologies = known
        pairs = []
        for programme, zone in eligibility.income_pairs(ceilings):
            if programme == Programme.LLI:
                pairs += [f"LLI|{abc}" for abc in _abc_zones(zone)]
            else:
                pairs.append(f"{programme}|{zone}")
        default_max = max_housing_cost_cents(candidate, eligibility.default_policy, units=units)
        custom_ids = sorted(self.policies)
        # Landlords share a handful of policies: the largest cost computed (and written) once per distinct policy.
        by_policy = {}
        for policy in set(self.policies.values()):
            by_policy[policy] = _euros(max_housing_cost_cents(candidate, policy, units=units))
        return {
            "pairs": pairs,
            "typos": list(typologies),
            "default_max": _euros(default_max),
            "custom_ids": custom_ids,
            "custom_max": [by_policy[self.policies[pk]] for pk in custom_ids],
            "needs_acc": bool(candidate.needs_accessibility),
        }

    def row(self, search: SavedSearch, *, today=None) -> dict:
        """The parameters of one search (see the module's docstring), mirroring fit_criteria and filter_criteria."""
        demand = search.owner.demand
        filters = filters_of(search.criteria, eligible_only=search.eligible_only)
        origin = search_origin(demand)
        row = {"sid": search.pk, "created_at": search.created_at.isoformat(), "elig": search.eligible_only}
        if search.eligible_only:
            eligibility = DemandEligibility.of(demand, today)
            eligibility.policies = self.policies
            row.update(self.eligibility(eligibility))
        active = set()
        places = []  # the départements each condition on the place allows (their intersection is joined)
        if filters.financing != "all":
            row["fin"] = filters.financing
            active.add("financing")
        if filters.commune:
            found = self.commune_ids.get(filters.commune, [])
            row["commune_ids"] = [insee for insee, _dep in found]
            places.append({dep for _insee, dep in found})
            active.add("commune")
        if filters.departement:
            row["dep"] = filters.departement
            places.append({filters.departement})
            active.add("departement")
        if filters.radius_km and origin is not None:
            row.update(_radius("r", origin, filters.radius_km))
            places.append(_box_deps(self.boxes, row, "r"))
            active.add("radius_km")
        for name, key in (
            ("max_rent", "max_rent"),
            ("min_surface", "min_surface"),
            ("min_rooms", "min_rooms"),
            ("min_bedrooms", "min_bedrooms"),
        ):
            value = getattr(filters, name)
            if value is not None and (value or name == "max_rent"):
                row[key] = value
                active.add(name)
        if filters.kind in (Offer.Kind.FLAT, Offer.Kind.HOUSE):
            row["kind"] = filters.kind
        if filters.accessible_only:
            row["acc"] = True
        if filters.kind in (Offer.Kind.FLAT, Offer.Kind.HOUSE):
            active.add("kind")
        if filters.fit:
            self._fit(row, demand, origin, active, places)
        if places:
            row["deps"] = sorted(set.intersection(*places) & set(self.boxes))
        return row

    def _fit(self, row: dict, demand, origin, active: set, places: list) -> None:
        def kept(key):
            return not any(name in active for name in REPLACED_BY.get(key, ()))

        if kept("fit_location"):
            departements = sorted(
                {self.communes[i].departement for i in (demand.wished_communes or []) if i in self.communes}
            )
            if departements or origin is not None:
                row["fit_loc"] = True
                row["fit_deps"] = departements
                allowed = set(departements)
                if origin is not None:
                    row.update(_radius("fit_r", origin, DEFAULT_RADIUS_KM))
                    allowed |= _box_deps(self.boxes, row, "fit_r")
                places.append(allowed)
        typologies = [t for t in (demand.wished_typologies or []) if t]
        if typologies and kept("fit_typology"):
            row["fit_typos"] = typologies
        if demand.max_rent and kept("fit_max_rent"):
            row["fit_max_rent"] = demand.max_rent
        if kept("fit_rooms"):
            row["fit_rooms_low"], row["fit_rooms_high"] = suited_rooms(demand.household_size)
        if demand.wished_kind in (Offer.Kind.FLAT, Offer.Kind.HOUSE) and kept("fit_kind"):
            row["fit_kind"] = demand.wished_kind
        if demand.accessibility_needed:
            row["fit_acc"] = True


COLUMNS = """
    sid bigint, created_at timestamptz, elig boolean, pairs text[], typos text[], default_max numeric,
    custom_ids bigint[], custom_max numeric[], needs_acc boolean, fin text, commune_ids text[], dep text,
    r_lat float8, r_lng float8, r_cos float8, r_dlat float8, r_dlng float8,
    max_rent numeric, min_surface numeric, min_rooms integer, min_bedrooms integer, kind text, acc boolean,
    fit_loc boolean, fit_deps text[], fit_r_lat float8, fit_r_lng float8, fit_r_cos float8, fit_r_dlat float8,
    fit_r_dlng float8, fit_typos text[], fit_max_rent numeric, fit_rooms_low integer, fit_rooms_high integer,
    fit_kind text, fit_acc boolean, deps text[]
"""


def _within(prefix: str) -> str:
    """`_radius_q` in SQL on the columns `<prefix>_lat`, `_lng`, `_cos`, `_dlat`, `_dlng`."""
    lat, lng, cos, dlat, dlng = (f"{prefix}_{k}" for k in ("lat", "lng", "cos", "dlat", "dlng"))
    return (
        f"(o.lat >= {lat} - {dlat} AND o.lat <= {lat} + {dlat} AND o.lng >= {lng} - {dlng} "
        f"AND o.lng <= {lng} + {dlng} AND ((o.lng - {lng}) * {cos}) * ((o.lng - {lng}) * {cos}) "
        f"+ (o.lat - {lat}) * (o.lat - {lat}) <= {dlat} * {dlat})"
    )


SOCIAL = ", ".join(f"'{value}'" for value in Financing.social())
CONDITIONS = f"""
    o.published_at > p.created_at
    AND (p.elig IS NOT TRUE OR (
        (
            (o.channel = '{Channel.SOCIAL}' AND o.ikey = ANY(p.pairs) AND o.typology = ANY(p.typos)
             AND CASE WHEN o.landlord_id = ANY(p.custom_ids)
                      THEN o.effort_cost <= p.custom_max[array_position(p.custom_ids, o.landlord_id)]
                      ELSE o.effort_cost <= p.default_max END)
            OR (o.channel = '{Channel.PRIVATE}'
                AND (o.financing = 'FREE' OR (o.financing = 'LLI' AND o.ikey = ANY(p.pairs))))
        )
        AND (p.needs_acc IS NOT TRUE OR o.is_accessible)
    ))
    AND (p.fin IS NULL OR (p.fin = 'social' AND o.financing IN ({SOCIAL}))
         OR (p.fin = 'intermediate' AND o.financing = 'LLI')
         OR (p.fin = 'private' AND o.channel = '{Channel.PRIVATE}'))
    AND (p.commune_ids IS NULL OR o.commune_id = ANY(p.commune_ids))
    AND (p.dep IS NULL OR o.departement = p.dep)
    AND (p.r_lat IS NULL OR {_within("p.r")})
    AND (p.max_rent IS NULL OR o.monthly_total <= p.max_rent)
    AND (p.min_surface IS NULL OR o.surface >= p.min_surface)
    AND (p.min_rooms IS NULL OR o.rooms >= p.min_rooms)
    AND (p.min_bedrooms IS NULL OR o.bedrooms >= p.min_bedrooms)
    AND (p.kind IS NULL OR o.kind = p.kind)
    AND (p.acc IS NOT TRUE OR o.is_accessible)
    AND (p.fit_loc IS NOT TRUE OR o.departement = ANY(p.fit_deps)
         OR (p.fit_r_lat IS NOT NULL AND {_within("p.fit_r")}))
    AND (p.fit_typos IS NULL OR o.typology = ANY(p.fit_typos))
    AND (p.fit_max_rent IS NULL OR o.monthly_total <= p.fit_max_rent)
    AND (p.fit_rooms_low IS NULL OR (o.rooms >= p.fit_rooms_low AND o.rooms <= p.fit_rooms_high))
    AND (p.fit_kind IS NULL OR o.kind = p.fit_kind)
    AND (p.fit_acc IS NOT TRUE OR o.is_accessible)
"""


def _offers_sql(offer_ids) -> tuple[str, tuple]:
    qs = (
        Offer.objects.live()
        .to_rent()
        .filter(pk__in=list(offer_ids))
        .annotate(
            monthly_total=ExpressionWrapper(
                F("rent") + F("charges"), output_field=DecimalField(max_digits=9, decimal_places=2)
            ),
            effort_cost=effort_cost_expression(),
        )
        .order_by()
        .values(
            "id",
            "channel",
            "financing",
            "social_zone",
            "abc_zone",
            "typology",
            "landlord_id",
            "effort_cost",
            "monthly_total",
            "surface",
            "rooms",
            "bedrooms",
            "kind",
            "is_accessible",
            "departement",
            "commune_id",
            "lat",
            "lng",
            "published_at",
        )
    )
    return qs.query.sql_with_params()


def offer_boxes(offer_ids) -> dict[str, tuple[float, float, float, float]]:
    """{département: (south, north, west, east)} of the offers among `offer_ids` (one query)."""
    rows = (
        Offer.objects.filter(pk__in=list(offer_ids))
        .order_by()
        .values("departement")
        .annotate(south=Min("lat"), north=Max("lat"), west=Min("lng"), east=Max("lng"))
    )
    return {row["departement"]: (row["south"], row["north"], row["west"], row["east"]) for row in rows}


def matches_in_sql(rows: list[dict], offer_ids, *, record_at=None) -> list[tuple[int, int]]:
    """(search id, offer id) pairs for the parameter rows of a batch of searches (PostgreSQL), in one query.

    With `record_at`, the same statement records them in SearchAlertSent (ON CONFLICT DO NOTHING) and returns the
    pairs it inserted: the pairs never travel to Python and back, and a parallel run's pairs are not returned twice.
    """
    if not rows or not offer_ids:
        return []
    sql, params = matching_sql(rows, offer_ids, record_at=record_at)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted((sid, oid) for sid, oid in cursor.fetchall())


def matching_sql(rows: list[dict], offer_ids, *, record_at=None) -> tuple[str, list]:
    """The statement of `matches_in_sql` and its parameters (the benchmark explains it)."""
    offers_sql, offers_params = _offers_sql(offer_ids)
    table = SearchAlertSent._meta.db_table
    # Only constants of this module and the ORM's own SQL are formatted in; every value is a parameter.
    matching = f"""
        WITH o AS MATERIALIZED (
            SELECT q.*, CASE WHEN q.financing = 'LLI' THEN 'LLI|' || q.abc_zone
                             ELSE q.financing || '|' || q.social_zone END AS ikey
            FROM ({offers_sql}) q
        ), params AS MATERIALIZED (SELECT * FROM jsonb_to_recordset(%s::jsonb) AS p({COLUMNS})),
        pairs AS (
            -- Searches bound to some départements: joined on the offer's département (a hash join).
            SELECT p.sid, o.id FROM (SELECT params.*, unnest(params.deps) AS joined_dep FROM params) p
            JOIN o ON o.departement = p.joined_dep AND {CONDITIONS}
            UNION ALL
            -- Searches anywhere in France: every new offer.
            SELECT p.sid, o.id FROM params p JOIN o ON p.deps IS NULL AND {CONDITIONS}
        )
        SELECT pairs.sid, pairs.id FROM pairs
        WHERE NOT EXISTS (SELECT 1 FROM {table} s WHERE s.search_id = pairs.sid AND s.offer_id = pairs.id)
    """  # noqa: S608
    params = [*offers_params, json.dumps(rows)]
    if record_at is None:
        sql = matching + " ORDER BY 1, 2"
    else:
        sql = (
            f"INSERT INTO {table} (search_id, offer_id, sent_at) SELECT m.sid, m.id, %s FROM ({matching}) m "  # noqa: S608
            "ON CONFLICT (search_id, offer_id) DO NOTHING RETURNING search_id, offer_id"
        )
        params.insert(0, record_at)  # sent_at comes first in the statement
    return sql, params


def batches(searches, offer_ids, *, today=None):
    """(searches, their parameter rows) by batches of BATCH (PostgreSQL's path)."""
    boxes = offer_boxes(offer_ids)
    profiles = None
    for start in range(0, len(searches), BATCH):
        batch = searches[start : start + BATCH]
        profiles = Profiles.for_searches(batch, boxes, previous=profiles)
        yield batch, [profiles.row(search, today=today) for search in batch]


def new_matches(searches, offer_ids, *, today=None) -> dict[int, list[int]]:
    """{search id: [offer ids]}: the offers among `offer_ids` that each search should alert, by batches."""
    searches = list(searches)
    offer_ids = list(offer_ids)
    if not searches or not offer_ids:
        return {}
    if connection.vendor != "postgresql":
        return matches_by_search(searches, offer_ids)
    result: dict[int, list[int]] = {}
    for _batch, rows in batches(searches, offer_ids, today=today):
        for sid, oid in matches_in_sql(rows, offer_ids):
            result.setdefault(sid, []).append(oid)
    return result

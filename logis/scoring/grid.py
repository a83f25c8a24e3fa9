"""The cotation grid engine (pure: standard library only, no Django, no clock, no database).

A grid is a list of criteria. Each criterion gives points when all its conditions hold over the facts of a demand
(`DemandFacts`). A criterion may
- give a fixed number of points (`points`), or take its weight from a fact (`points_from`: the points an employer
  configured, for instance);
- count per unit of a numeric fact (`per`: one point per month of seniority), whole units only;
- be capped (`cap`: at most so many points).
Criteria may belong to a group. An exclusive group counts only its highest criterion (close criteria: sans-abri,
hébergé, logement temporaire…); a cumulative group adds its criteria up to the group's cap. The score is the sum,
and the breakdown lists every criterion that matched with the points it actually brought, and why; criteria that
matched but brought nothing (not the highest of their exclusive group, or beyond a cap) are listed with 0 points
and the reason. The breakdown always sums to the total.

Points, weights and caps are never negative and conditions only ever test that a fact is true or compare a number:
making a condition true can only add points (a monotone score — a priority never costs points).

Grids come in as data (`Grid.from_dict`): the default grid of the platform is the dated file
data/default_grid_2026.toml; territories edit their own versions (stored by the scoring app, validated here).
"""

import math
import operator
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_GRID_FILE = DATA_DIR / "default_grid_2026.toml"


class GridError(ValueError):
    """A grid definition that cannot be used; `problems` lists every problem found, in French."""

    def __init__(self, problems: list[str]):
        super().__init__(" ; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class DemandFacts:
    """What the cotation knows of a demand (and of the offer it is scored for), as plain values.

    Booleans are priority situations; numbers are None when unknown (a condition on an unknown number is false).
    Built from the register's record by logis.scoring.facts.
    """

    # Priority situations (L441-1 CCH). `disability` and `domestic_violence` are sensitive.
    disability: bool = False
    domestic_violence: bool = False
    homeless: bool = False
    hosted: bool = False
    temporary_housing: bool = False
    eviction_threat: bool = False
    substandard_housing: bool = False
    overcrowded: bool = False
    income_under_plai: bool = False
    single_parent: bool = False
    large_family: bool = False
    current_effort_rate: float | None = None
    # Fit between the demand and the offer.
    offer_in_wished_commune: bool = False
    offer_in_wished_departement: bool = False
    housing_type_matches: bool = False
    distance_to_work_km: float | None = None
    effort_rate: float | None = None
    # Seniority of the demand and employment.
    seniority_months: int = 0
    permanent_contract: bool = False
    company_seniority_months: int | None = None
    # Weights configured by the applicant's employer (0 when none).
    employer_permanent_contract_points: int = 0
    employer_seniority_points: int = 0
    employer_min_seniority_months: int = 0
    employer_category_points: int = 0
    in_employer_priority_category: bool = False
    household_size: int = 1
    # Sentences with figures for the situations, by fact name (« Revenu fiscal de référence 2024 : 11 500 € ≤
    # plafond PLAI 2026 … : 12 870 € »), given by the facts adapter; the fact's standard sentence otherwise.
    details: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def employer_seniority_reached(self) -> bool:
        return (
            self.company_seniority_months is not None
            and self.company_seniority_months >= self.employer_min_seniority_months
        )


# Facts a grid may test: their type, their French label and, for situations, the sentence that says why the
# criterion applies (the facts adapter may give a more precise one, with figures, in `DemandFacts.details`).
BOOL, NUMBER = "bool", "number"
FACTS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "disability": (
            BOOL,
            "situation de handicap dans le ménage",
            "Handicap déclaré dans la demande (demandeur, membre du foyer ou motif « handicap »)",
        ),
        "domestic_violence": (
            BOOL,
            "violences au sein du couple ou de la famille",
            "Motif « violences familiales » de la demande",
        ),
        "homeless": (BOOL, "sans abri ou en abri de fortune", "Logement actuel : sans abri ou abri de fortune"),
        "hosted": (
            BOOL,
            "hébergé ou hébergée chez un tiers ou de la famille",
            "Logement actuel : hébergé ou hébergée chez un particulier ou chez des proches",
        ),
        "temporary_housing": (
            BOOL,
            "en logement temporaire, foyer, résidence sociale ou hôtel",
            "Logement actuel : logement temporaire, foyer, résidence sociale ou hôtel",
        ),
        "eviction_threat": (BOOL, "menacé ou menacée d'expulsion", "Motif « procédure d'expulsion » de la demande"),
        "substandard_housing": (
            BOOL,
            "logement non décent, insalubre ou dangereux",
            "Motif « logement non décent, insalubre ou dangereux » de la demande",
        ),
        "overcrowded": (
            BOOL,
            "logement actuel suroccupé",
            "Surface du logement actuel insuffisante pour le nombre d'occupants",
        ),
        "income_under_plai": (
            BOOL,
            "ressources sous le plafond PLAI",
            "Revenu fiscal de référence inférieur ou égal au plafond PLAI de ce logement",
        ),
        "single_parent": (BOOL, "parent isolé", "Personne seule avec au moins un enfant à charge"),
        "large_family": (
            BOOL,
            "famille nombreuse (3 enfants ou plus à charge)",
            "Au moins 3 enfants à charge dans le foyer",
        ),
        "current_effort_rate": (NUMBER, "taux d'effort du logement actuel", ""),
        "offer_in_wished_commune": (
            BOOL,
            "logement dans une commune souhaitée",
            "La commune du logement fait partie des communes souhaitées",
        ),
        "offer_in_wished_departement": (
            BOOL,
            "logement dans le département d'une commune souhaitée",
            "Le logement est dans le département d'une des communes souhaitées",
        ),
        "housing_type_matches": (
            BOOL,
            "typologie et type de logement demandés",
            "Typologie et type du logement conformes à la demande",
        ),
        "distance_to_work_km": (NUMBER, "distance entre le logement et le lieu de travail", ""),
        "effort_rate": (NUMBER, "taux d'effort pour ce logement", ""),
        "seniority_months": (NUMBER, "ancienneté de la demande", ""),
        "permanent_contract": (BOOL, "contrat à durée indéterminée", "Contrat à durée indéterminée (CDI)"),
        "company_seniority_months": (NUMBER, "ancienneté dans l'entreprise", ""),
        "employer_permanent_contract_points": (NUMBER, "points de l'employeur pour un CDI", ""),
        "employer_seniority_points": (NUMBER, "points de l'employeur pour l'ancienneté", ""),
        "employer_min_seniority_months": (NUMBER, "ancienneté minimale fixée par l'employeur", ""),
        "employer_seniority_reached": (
            BOOL,
            "ancienneté minimale fixée par l'employeur atteinte",
            "Ancienneté dans l'entreprise au moins égale au minimum fixé par l'employeur",
        ),
        "employer_category_points": (NUMBER, "points de l'employeur pour une catégorie de personnel", ""),
        "in_employer_priority_category": (
            BOOL,
            "catégorie de personnel prioritaire pour l'employeur",
            "Catégorie de personnel prioritaire pour l'employeur",
        ),
        "household_size": (NUMBER, "personnes au foyer", ""),
    }
)
UNITS = MappingProxyType(
    {
        "distance_to_work_km": "\u00a0km",
        "seniority_months": "\u00a0mois",
        "company_seniority_months": "\u00a0mois",
        "employer_min_seniority_months": "\u00a0mois",
        "employer_permanent_contract_points": "\u00a0points",
        "employer_seniority_points": "\u00a0points",
        "employer_category_points": "\u00a0points",
    }
)
OP_WORDS = {"ge": "au moins", "gt": "plus de", "le": "au plus", "lt": "moins de", "eq": "exactement"}
BOOL_OPS = ("true",)
NUMBER_OPS = ("ge", "gt", "le", "lt", "eq")
EXCLUSIVE, CUMULATIVE = "exclusive", "cumulative"
_OPERATORS = {
    "true": lambda actual, _value: bool(actual),
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
    "eq": operator.eq,
}
_NO_CODES: frozenset[str] = frozenset()
PERCENT_FACTS = frozenset({"effort_rate", "current_effort_rate"})


def fact_value(facts: DemandFacts, name: str):
    return getattr(facts, name)


def _number(value: float) -> str:
    """French number: « 12 », « 8,5 »."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def _points(value: int) -> str:
    return f"{value} point" if abs(value) < 2 else f"{value} points"


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str = "true"
    value: float | None = None

    def holds(self, facts: DemandFacts) -> bool:
        actual = fact_value(facts, self.fact)
        if self.op == "true":
            return bool(actual)
        if actual is None:
            return False
        if self.op == "ge":
            return actual >= self.value
        if self.op == "gt":
            return actual > self.value
        if self.op == "le":
            return actual <= self.value
        if self.op == "lt":
            return actual < self.value
        return actual == self.value

    def rule_text(self) -> str:
        """The condition as a rule, without a demand's figures: « distance … : au plus 10 km »."""
        _kind, label, why = FACTS[self.fact]
        if self.op == "true":
            return why
        label = label[:1].upper() + label[1:]
        if self.fact in PERCENT_FACTS:
            return f"{label} : {OP_WORDS[self.op]} {_number(self.value * 100)}\u00a0%"
        unit = UNITS.get(self.fact, "")
        return f"{label} : {OP_WORDS[self.op]} {_number(self.value)}{unit}"

    def explain(self, facts: DemandFacts | None) -> str:
        """« Distance entre le logement et le lieu de travail : 4,1 km (au plus 10 km) »; for a situation, the
        adapter's sentence when it gave one, else the fact's standard sentence."""
        _kind, label, why = FACTS[self.fact]
        if self.op == "true":
            details = facts.details if facts is not None else None
            return (details.get(self.fact) if details else None) or why
        actual = fact_value(facts, self.fact)
        label = label[:1].upper() + label[1:]
        if self.fact in PERCENT_FACTS:
            return (
                f"{label} : {_number(round(actual * 100, 1))}\u00a0% "
                f"({OP_WORDS[self.op]} {_number(self.value * 100)}\u00a0%)"
            )
        unit = UNITS.get(self.fact, "")
        return f"{label} : {_number(actual)}{unit} ({OP_WORDS[self.op]} {_number(self.value)}{unit})"

    def as_dict(self) -> dict:
        data = {"fact": self.fact, "op": self.op}
        if self.value is not None:
            data["value"] = self.value
        return data


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    points: int = 0
    conditions: tuple[Condition, ...] = ()
    group: str = ""
    points_from: str = ""  # a numeric fact giving the weight instead of `points`
    per: str = ""  # a numeric fact: the weight counts per whole unit of it
    per_label: str = ""  # « mois »
    cap: int | None = None
    sensitive: bool = False
    source: str = ""
    status: str = ""  # "borrowed" (a published grid's value) or "policy" (the platform's choice)
    _static_why: str = field(default="", repr=False, compare=False)

    def __post_init__(self):
        if self.conditions and all(condition.op == "true" for condition in self.conditions):
            why = " ; ".join(condition.explain(None) for condition in self.conditions)
            object.__setattr__(self, "_static_why", why)

    def matches(self, facts: DemandFacts) -> bool:
        return all(condition.holds(facts) for condition in self.conditions)

    def points_for(self, facts: DemandFacts) -> int:
        """Points before the group rules (conditions assumed true), without the sentence."""
        points = max(int(fact_value(facts, self.points_from) or 0), 0) if self.points_from else self.points
        if self.per:
            units = fact_value(facts, self.per)
            points *= max(math.floor(units), 0) if units is not None else 0
        if self.cap is not None and points > self.cap:
            points = self.cap
        return points

    def raw_points(self, facts: DemandFacts | None) -> tuple[int, str]:
        """Points before the group rules, and the sentence that explains them (conditions assumed true)."""
        weight = max(int(fact_value(facts, self.points_from) or 0), 0) if self.points_from else self.points
        if self._static_why and (facts is None or not facts.details):
            reasons = [self._static_why]
        else:
            reasons = [condition.explain(facts) for condition in self.conditions]
        if self.points_from:
            reasons.append(f"{_points(weight)} fixés par l'employeur")
        if self.per:
            units = fact_value(facts, self.per)
            units = max(math.floor(units), 0) if units is not None else 0
            points = weight * units
            reasons.append(f"{units} {self.per_label or 'unités'} × {_points(weight)}")
        else:
            points = weight
        if self.cap is not None and points > self.cap:
            points = self.cap
            reasons.append(f"plafonné à {_points(self.cap)}")
        return points, " ; ".join(reasons)

    def as_dict(self) -> dict:
        data = {"code": self.code, "label": self.label}
        for name in ("points", "group", "points_from", "per", "per_label", "cap", "sensitive", "source", "status"):
            value = getattr(self, name)
            default = Criterion.__dataclass_fields__[name].default
            if value != default:
                data[name] = value
        if self.conditions:
            data["conditions"] = [condition.as_dict() for condition in self.conditions]
        return data


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    mode: str = EXCLUSIVE
    cap: int | None = None

    def as_dict(self) -> dict:
        data = {"code": self.code, "label": self.label, "mode": self.mode}
        if self.cap is not None:
            data["cap"] = self.cap
        return data


class BreakdownLine(NamedTuple):
    """One criterion of a score: (criterion code, French label, the points it brought, why)."""

    code: str
    label: str
    points: int
    why: str


@dataclass(frozen=True)
class ScoreResult:
    """A score: its total, one line per criterion that counted (the lines sum to the total), the grid version.

    `sensitive` holds the codes of the lines that only the applicant and the landlord/commission roles may see.
    """

    total: int
    breakdown: tuple[BreakdownLine, ...]
    grid_version: str
    sensitive: frozenset[str] = frozenset()
    redacted: bool = False  # sensitive criteria were removed (the total is then the sum of what is shown)

    def is_sensitive(self, line: BreakdownLine) -> bool:
        return line.code in self.sensitive

    def without_sensitive(self) -> "ScoreResult":
        """The score as an employer may see it: the sensitive criteria are neither shown nor counted."""
        lines = tuple(line for line in self.breakdown if line.code not in self.sensitive)
        return ScoreResult(
            total=sum(line.points for line in lines),
            breakdown=lines,
            grid_version=self.grid_version,
            redacted=len(lines) != len(self.breakdown) or self.redacted,
        )

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "grid_version": self.grid_version,
            "breakdown": [{**line._asdict(), "sensitive": line.code in self.sensitive} for line in self.breakdown],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "ScoreResult":
        lines = data["breakdown"]
        return cls(
            total=int(data["total"]),
            grid_version=str(data["grid_version"]),
            breakdown=tuple(
                BreakdownLine(line["code"], line["label"], int(line["points"]), line["why"]) for line in lines
            ),
            sensitive=frozenset(line["code"] for line in lines if line.get("sensitive")),
        )


@dataclass(frozen=True)
class Grid:
    version: str
    territory: str
    criteria: tuple[Criterion, ...]
    groups: tuple[Group, ...] = ()
    valid_from: date | None = None
    title: str = ""
    _groups_by_code: Mapping[str, Group] = field(default_factory=dict, repr=False, compare=False)

    _exclusive: frozenset = field(default=frozenset(), repr=False, compare=False)
    _compiled: tuple = field(default=(), repr=False, compare=False)

    def __post_init__(self):
        groups = MappingProxyType({group.code: group for group in self.groups})
        object.__setattr__(self, "_groups_by_code", groups)
        object.__setattr__(self, "_exclusive", frozenset(g.code for g in self.groups if g.mode == EXCLUSIVE))
        compiled = tuple(
            (
                criterion,
                # (fact, comparison or None for « is true », bound)
                tuple((c.fact, None if c.op == "true" else _OPERATORS[c.op], c.value) for c in criterion.conditions),
                # Fixed points and sentence of a criterion over situations only, computed once.
                criterion.raw_points(None)
                if criterion._static_why and not (criterion.per or criterion.points_from)
                else None,
                frozenset(c.fact for c in criterion.conditions),
            )
            for criterion in self.criteria
        )
        object.__setattr__(self, "_compiled", compiled)
        problems = _problems(self)
        if problems:
            raise GridError(problems)

    # --- evaluation --------------------------------------------------------------------------------------------

    def matched(self, facts: DemandFacts) -> dict[str, tuple[int, str | None]]:
        """{criterion code: (points before the group rules, why or None)} of the criteria that hold and bring
        points; `combine` writes the missing sentences of the lines it keeps."""
        found = {}
        details = facts.details
        for criterion, checks, fixed, tested in self._compiled:
            for name, op, value in checks:
                actual = getattr(facts, name)
                if op is None:
                    if not actual:
                        break
                elif actual is None or not op(actual, value):
                    break
            else:
                if fixed is not None and not (details and not tested.isdisjoint(details)):
                    if fixed[0] > 0:
                        found[criterion.code] = fixed
                else:
                    points = criterion.points_for(facts)
                    if points > 0:
                        found[criterion.code] = (points, None)  # the sentence is written if the line is kept
        return found

    def combine(self, matched: Mapping[str, tuple[int, str | None]], facts: DemandFacts | None = None) -> ScoreResult:
        """Apply the groups to matched criteria: an exclusive group keeps its highest criterion only (the others are
        left out of the breakdown, the kept one says so); a cumulative group gives points up to its cap."""
        best: dict[str, str] = {}
        crowded: set[str] = set()  # exclusive groups where more than one criterion held
        for criterion in self.criteria:  # ties: the first listed wins
            if criterion.code in matched and criterion.group in self._exclusive:
                current = best.get(criterion.group)
                if current is None:
                    best[criterion.group] = criterion.code
                else:
                    crowded.add(criterion.group)
                    if matched[criterion.code][0] > matched[current][0]:
                        best[criterion.group] = criterion.code
        lines = []
        sensitive = []
        given: dict[str, int] = {}  # cumulative groups: points already given
        for criterion in self.criteria:
            found = matched.get(criterion.code)
            if found is None:
                continue
            points, why = found
            group = self._groups_by_code.get(criterion.group)
            if group is not None and group.mode == EXCLUSIVE and best[group.code] != criterion.code:
                continue
            if why is None:
                why = criterion.raw_points(facts)[1]
            if group is not None and group.mode == EXCLUSIVE:
                if group.code in crowded:
                    why = f"{why} (seul le critère le plus favorable du groupe « {group.label} » compte)"
                if group.cap is not None and points > group.cap:
                    points, why = group.cap, f"{why} ; plafond du groupe « {group.label} » : {_points(group.cap)}"
            elif group is not None and group.cap is not None:
                already = given.get(group.code, 0)
                allowed = max(group.cap - already, 0)
                if points > allowed:
                    points = allowed
                    why = f"{why} ; plafond du groupe « {group.label} » atteint : {_points(group.cap)}"
                given[group.code] = already + points
            lines.append(BreakdownLine(criterion.code, criterion.label, points, why))
            if criterion.sensitive:
                sensitive.append(criterion.code)
        return ScoreResult(
            total=sum(line.points for line in lines),
            breakdown=tuple(lines),
            grid_version=self.version,
            sensitive=frozenset(sensitive) if sensitive else _NO_CODES,
        )

    def evaluate(self, facts: DemandFacts) -> ScoreResult:
        return self.combine(self.matched(facts), facts)

    # --- data --------------------------------------------------------------------------------------------------

    def definition(self) -> dict:
        """The grid as the JSON a GridVersion stores (criteria and groups)."""
        return {
            "groups": [group.as_dict() for group in self.groups],
            "criteria": [criterion.as_dict() for criterion in self.criteria],
        }

    @classmethod
    def from_dict(
        cls, data: Mapping, *, version: str, territory: str, valid_from: date | None = None, title: str = ""
    ) -> "Grid":
        """Build a grid from its definition ({"groups": [...], "criteria": [...]}); raise GridError, in French."""
        problems: list[str] = []
        if not isinstance(data, Mapping):
            raise GridError(["La grille doit être un objet JSON avec les clés « groups » et « criteria »."])
        unknown = set(data) - {"groups", "criteria"}
        if unknown:
            problems.append(f"Clés inconnues dans la grille : {', '.join(sorted(unknown))}.")
        groups = []
        for index, raw in enumerate(data.get("groups") or [], start=1):
            try:
                groups.append(_group(raw))
            except (KeyError, TypeError, ValueError) as error:
                problems.append(f"Groupe n° {index} : {_message(error)}")
        criteria = []
        raw_criteria = data.get("criteria")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            problems.append("La grille doit contenir une liste « criteria » d'au moins un critère.")
            raw_criteria = []
        for index, raw in enumerate(raw_criteria, start=1):
            try:
                criteria.append(_criterion(raw))
            except (KeyError, TypeError, ValueError) as error:
                name = raw.get("code", index) if isinstance(raw, Mapping) else index
                problems.append(f"Critère « {name} » : {_message(error)}")
        if problems:
            raise GridError(problems)
        return cls(
            version=version,
            territory=territory,
            criteria=tuple(criteria),
            groups=tuple(groups),
            valid_from=valid_from,
            title=title,
        )


def _message(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"la clé {error} est obligatoire."
    return str(error)


_CRITERION_KEYS = {
    "code",
    "label",
    "points",
    "conditions",
    "group",
    "points_from",
    "per",
    "per_label",
    "cap",
    "sensitive",
    "source",
    "status",
}


def _non_negative_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"« {name} » doit être un nombre entier positif ou nul (reçu : {value!r}).")
    return value


def _condition(raw) -> Condition:
    if not isinstance(raw, Mapping):
        raise TypeError("chaque condition est un objet {fact, op, value}.")
    fact = raw["fact"]
    if fact not in FACTS:
        raise ValueError(f"fait inconnu « {fact} » (faits possibles : {', '.join(FACTS)}).")
    kind = FACTS[fact][0]
    op = raw.get("op", "true")
    if kind == BOOL:
        if op not in BOOL_OPS:
            raise ValueError(f"le fait « {fact} » est vrai ou faux : seule l'opération « true » est possible.")
        return Condition(fact=fact, op=op)
    if op not in NUMBER_OPS:
        raise ValueError(f"opération « {op} » impossible sur le nombre « {fact} » ({', '.join(NUMBER_OPS)}).")
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"la condition sur « {fact} » doit comparer à un nombre (« value »).")
    return Condition(fact=fact, op=op, value=value)


def _criterion(raw) -> Criterion:
    if not isinstance(raw, Mapping):
        raise TypeError("un critère est un objet JSON.")
    unknown = set(raw) - _CRITERION_KEYS
    if unknown:
        raise ValueError(f"clés inconnues : {', '.join(sorted(unknown))}.")
    code, label = str(raw["code"]).strip(), str(raw["label"]).strip()
    if not code or not label:
        raise ValueError("le code et le libellé ne peuvent pas être vides.")
    for name in ("points_from", "per"):
        fact = raw.get(name, "")
        if fact and (fact not in FACTS or FACTS[fact][0] != NUMBER):
            raise ValueError(f"« {name} » doit nommer un fait numérique (reçu : « {fact} »).")
    if "points" not in raw and not raw.get("points_from"):
        raise ValueError("indiquez « points » (ou « points_from » pour des points fixés par l'employeur).")
    conditions = raw.get("conditions", [])
    if not isinstance(conditions, list):
        raise TypeError("« conditions » est une liste.")
    cap = raw.get("cap")
    return Criterion(
        code=code,
        label=label,
        points=_non_negative_int(raw.get("points", 0), "points"),
        conditions=tuple(_condition(item) for item in conditions),
        group=str(raw.get("group", "")),
        points_from=raw.get("points_from", ""),
        per=raw.get("per", ""),
        per_label=str(raw.get("per_label", "")),
        cap=None if cap is None else _non_negative_int(cap, "cap"),
        sensitive=bool(raw.get("sensitive", False)),
        source=str(raw.get("source", "")),
        status=str(raw.get("status", "")),
    )


def _group(raw) -> Group:
    if not isinstance(raw, Mapping):
        raise TypeError("un groupe est un objet JSON.")
    unknown = set(raw) - {"code", "label", "mode", "cap"}
    if unknown:
        raise ValueError(f"clés inconnues : {', '.join(sorted(unknown))}.")
    mode = raw.get("mode", EXCLUSIVE)
    if mode not in (EXCLUSIVE, CUMULATIVE):
        raise ValueError(f"le mode est « {EXCLUSIVE} » ou « {CUMULATIVE} » (reçu : « {mode} »).")
    cap = raw.get("cap")
    return Group(
        code=str(raw["code"]).strip(),
        label=str(raw["label"]).strip(),
        mode=mode,
        cap=None if cap is None else _non_negative_int(cap, "cap"),
    )


def _problems(grid: Grid) -> list[str]:
    problems = []
    codes = [criterion.code for criterion in grid.criteria]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        problems.append(f"Codes de critère en double : {', '.join(duplicates)}.")
    group_codes = [group.code for group in grid.groups]
    if len(set(group_codes)) != len(group_codes):
        problems.append("Codes de groupe en double.")
    for criterion in grid.criteria:
        if criterion.group and criterion.group not in grid._groups_by_code:
            problems.append(f"Critère « {criterion.code} » : groupe « {criterion.group} » non défini.")
    if not grid.criteria:
        problems.append("La grille doit contenir au moins un critère.")
    return problems


# --- the default grid -----------------------------------------------------------------------------------------


def read_grid_file(path: Path = DEFAULT_GRID_FILE) -> dict:
    """The parsed grid file: metadata (version, title, territory, valid_from, sources) plus groups and criteria."""
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def grid_from_file(path: Path = DEFAULT_GRID_FILE) -> Grid:
    data = read_grid_file(path)
    return Grid.from_dict(
        {"groups": data.get("groups", []), "criteria": data["criteria"]},
        version=str(data["version"]),
        territory=str(data.get("territory", "national")),
        valid_from=data.get("valid_from"),
        title=str(data.get("title", "")),
    )


# --- ranking --------------------------------------------------------------------------------------------------


def rank_key(score: ScoreResult, filed_order, submitted_order) -> tuple:
    """Best first: the higher score, then the older demand (`filed_order`: filing date, ascending), then the earlier
    application (`submitted_order` ascending)."""
    return (-score.total, filed_order, submitted_order)


def positionnement(rank: int, count: int) -> str:
    """The applicant's position among the applicants for the same dwelling, as R441-2-10 CCH owes it to them:
    « 1er sur 12 », « 3e sur 12 »."""
    return f"{rank}{'er' if rank == 1 else 'e'} sur {count}"

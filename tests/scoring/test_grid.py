"""The pure cotation engine: sums, exclusive groups, caps, validation, monotonicity."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logis.scoring.grid import (
    BOOL,
    FACTS,
    DemandFacts,
    Grid,
    GridError,
    ScoreResult,
    grid_from_file,
    read_grid_file,
)

ROOT = Path(__file__).resolve().parents[2]
BOOL_FACTS = sorted(
    name for name, (kind, _label, _why) in FACTS.items() if kind == BOOL and name in DemandFacts.__annotations__
)


def grid(criteria, groups=()):
    return Grid.from_dict({"groups": list(groups), "criteria": list(criteria)}, version="test-1", territory="test")


def flag(code, fact, points, **extra):
    return {"code": code, "label": code.capitalize(), "points": points, "conditions": [{"fact": fact}], **extra}


def test_breakdown_sums_to_the_total_on_the_default_grid():
    default = grid_from_file()
    facts = DemandFacts(
        disability=True,
        homeless=True,
        hosted=True,
        single_parent=True,
        large_family=True,
        distance_to_work_km=7.5,
        effort_rate=0.22,
        seniority_months=80,
        permanent_contract=True,
        employer_permanent_contract_points=30,
        employer_seniority_points=12,
        company_seniority_months=40,
        employer_min_seniority_months=12,
    )
    result = default.evaluate(facts)
    assert result.total == sum(points for _code, _label, points, _why in result.breakdown)
    assert result.grid_version == "2026.1"
    assert all(why for _code, _label, _points, why in result.breakdown)


def test_exclusive_group_counts_only_the_highest_criterion():
    g = grid(
        [flag("homeless", "homeless", 17, group="situation"), flag("hosted", "hosted", 8, group="situation")],
        groups=[{"code": "situation", "label": "Situation", "mode": "exclusive"}],
    )
    result = g.evaluate(DemandFacts(homeless=True, hosted=True))
    assert result.total == 17
    assert [line.code for line in result.breakdown] == ["homeless"]
    assert "le plus favorable" in result.breakdown[0].why
    assert g.evaluate(DemandFacts(hosted=True)).total == 8


def test_per_unit_criterion_is_capped():
    g = grid([{"code": "seniority", "label": "Ancienneté", "points": 1, "per": "seniority_months", "cap": 48}])
    assert g.evaluate(DemandFacts(seniority_months=20)).total == 20
    capped = g.evaluate(DemandFacts(seniority_months=100))
    assert capped.total == 48
    assert "plafonné à 48 points" in capped.breakdown[0].why


def test_cumulative_group_is_capped_and_still_sums():
    g = grid(
        [
            {"code": "cdi", "label": "CDI", "points_from": "employer_permanent_contract_points", "cap": 10,
             "group": "employer", "conditions": [{"fact": "permanent_contract"}]},
            {"code": "old", "label": "Ancienneté", "points_from": "employer_seniority_points", "cap": 10,
             "group": "employer", "conditions": [{"fact": "employer_seniority_reached"}]},
        ],
        groups=[{"code": "employer", "label": "Employeur", "mode": "cumulative", "cap": 15}],
    )  # fmt: skip
    facts = DemandFacts(
        permanent_contract=True,
        employer_permanent_contract_points=25,
        employer_seniority_points=8,
        company_seniority_months=30,
        employer_min_seniority_months=24,
    )
    result = g.evaluate(facts)
    assert [(line.code, line.points) for line in result.breakdown] == [("cdi", 10), ("old", 5)]
    assert result.total == 15 == sum(line.points for line in result.breakdown)


def test_employer_weights_count_only_when_the_condition_holds():
    g = grid_from_file()
    no_cdi = DemandFacts(permanent_contract=False, employer_permanent_contract_points=10)
    assert "employer_permanent_contract" not in {line.code for line in g.evaluate(no_cdi).breakdown}
    short = DemandFacts(employer_seniority_points=5, company_seniority_months=6, employer_min_seniority_months=12)
    assert "employer_company_seniority" not in {line.code for line in g.evaluate(short).breakdown}


def test_numeric_conditions_on_unknown_values_are_false():
    g = grid([{"code": "near", "label": "Proche", "points": 5,
               "conditions": [{"fact": "distance_to_work_km", "op": "le", "value": 10}]}])  # fmt: skip
    assert g.evaluate(DemandFacts(distance_to_work_km=None)).total == 0
    assert g.evaluate(DemandFacts(distance_to_work_km=9.9)).total == 5


def test_sensitive_criteria_are_removed_for_an_employer():
    result = grid_from_file().evaluate(DemandFacts(disability=True, domestic_violence=True, single_parent=True))
    codes = {line.code for line in result.breakdown}
    assert {"disability", "domestic_violence"} <= codes
    shown = result.without_sensitive()
    assert {line.code for line in shown.breakdown} == codes - {"disability", "domestic_violence"}
    assert shown.total == sum(line.points for line in shown.breakdown) < result.total
    assert shown.redacted


def test_score_result_round_trips_through_json_with_its_sensitive_lines():
    result = grid_from_file().evaluate(DemandFacts(homeless=True, disability=True, seniority_months=5))
    again = ScoreResult.from_dict(json.loads(json.dumps(result.as_dict())))
    assert again == result
    assert again.sensitive == {"disability"}
    assert again.without_sensitive().total == result.total - 10


def test_grid_definition_round_trips():
    default = grid_from_file()
    again = Grid.from_dict(default.definition(), version="copy", territory="69")
    facts = DemandFacts(hosted=True, seniority_months=12, distance_to_work_km=25, effort_rate=0.3)
    assert again.evaluate(facts).breakdown == default.evaluate(facts).breakdown


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ({"criteria": []}, "au moins un critère"),
        ({"criteria": [{"code": "x", "label": "X", "points": -3}]}, "positif ou nul"),
        ({"criteria": [{"code": "x", "label": "X", "points": 1, "conditions": [{"fact": "astrology"}]}]}, "inconnu"),
        ({"criteria": [{"code": "x", "label": "X", "points": 1, "conditions": [{"fact": "homeless", "op": "ge"}]}]},
         "seule l'opération"),
        ({"criteria": [{"code": "x", "label": "X", "points": 1,
                        "conditions": [{"fact": "seniority_months", "op": "ge", "value": "12"}]}]}, "nombre"),
        ({"criteria": [{"code": "x", "label": "X", "points": 1, "group": "nope"}]}, "non défini"),
        ({"criteria": [{"code": "x", "label": "X", "points": 1}, {"code": "x", "label": "Y", "points": 2}]},
         "en double"),
        ({"criteria": [{"code": "x", "label": "X"}]}, "indiquez « points »"),
        ({"criteria": [{"code": "x", "label": "X", "points": 1, "colour": "red"}]}, "clés inconnues"),
        ({"groups": [{"code": "g", "label": "G", "mode": "random"}], "criteria": [{"code": "x", "label": "X",
                                                                                      "points": 1}]}, "mode"),
        ([], "objet JSON"),
    ],
)  # fmt: skip
def test_invalid_grids_are_refused_with_a_french_reason(definition, expected):
    with pytest.raises(GridError) as error:
        Grid.from_dict(definition, version="v", territory="t")
    assert expected in str(error.value)


def test_default_grid_cites_a_source_for_every_criterion_and_says_it_is_the_default():
    data = read_grid_file()
    assert data["territory"] == "national"
    for criterion in data["criteria"]:
        assert criterion["source"], criterion["code"]
        assert criterion["status"] in ("borrowed", "policy"), criterion["code"]
        if criterion["status"] == "borrowed":
            assert "http" in criterion["source"], criterion["code"]
    codes = {criterion["code"] for criterion in data["criteria"]}
    assert {
        "disability",
        "domestic_violence",
        "homeless",
        "hosted",
        "temporary_housing",
        "eviction_threat",
        "substandard_housing",
        "overcrowded",
        "income_under_plai",
        "single_parent",
        "large_family",
        "wished_commune",
        "work_within_10_km",
        "effort_rate_33",
        "housing_type",
        "seniority",
        "abnormally_long_wait",
        "employer_permanent_contract",
        "employer_company_seniority",
    } <= codes
    text = (ROOT / "logis/scoring/data/default_grid_2026.toml").read_text(encoding="utf-8")
    assert "PLATFORM'S DEFAULT" in text


# --- monotonicity -----------------------------------------------------------------------------------------------

criterion_strategy = st.fixed_dictionaries(
    {
        "fact": st.sampled_from(BOOL_FACTS),
        "points": st.integers(0, 30),
        "group": st.sampled_from(["", "a", "b", "c"]),
        "cap": st.one_of(st.none(), st.integers(0, 25)),
    }
)
groups_strategy = st.fixed_dictionaries(
    {
        "a": st.sampled_from(["exclusive", "cumulative"]),
        "b": st.sampled_from(["exclusive", "cumulative"]),
        "c": st.sampled_from(["exclusive", "cumulative"]),
        "cap_a": st.one_of(st.none(), st.integers(0, 40)),
        "cap_b": st.one_of(st.none(), st.integers(0, 40)),
    }
)


def random_grid(criteria, groups) -> Grid:
    definitions = []
    for index, item in enumerate(criteria):
        definition = {
            "code": f"c{index}",
            "label": f"Critère {index}",
            "points": item["points"],
            "conditions": [{"fact": item["fact"]}],
        }
        if item["group"]:
            definition["group"] = item["group"]
        if item["cap"] is not None:
            definition["cap"] = item["cap"]
        definitions.append(definition)
    group_definitions = [
        {"code": code, "label": code.upper(), "mode": groups[code]}
        | ({"cap": groups[f"cap_{code}"]} if groups.get(f"cap_{code}") is not None else {})
        for code in ("a", "b", "c")
    ]
    return Grid.from_dict({"groups": group_definitions, "criteria": definitions}, version="h", territory="t")


@settings(max_examples=300, deadline=None)
@given(
    criteria=st.lists(criterion_strategy, min_size=1, max_size=12),
    groups=groups_strategy,
    facts=st.fixed_dictionaries({name: st.booleans() for name in BOOL_FACTS}),
    made_true=st.sampled_from(BOOL_FACTS),
)
def test_making_a_priority_condition_true_never_lowers_the_score(criteria, groups, facts, made_true):
    g = random_grid(criteria, groups)
    before = DemandFacts(**facts)
    after = dataclasses.replace(before, **{made_true: True})
    low, high = g.evaluate(before), g.evaluate(after)
    assert high.total >= low.total
    assert low.total == sum(line.points for line in low.breakdown)
    assert high.total == sum(line.points for line in high.breakdown)


@settings(max_examples=200, deadline=None)
@given(
    facts=st.fixed_dictionaries({name: st.booleans() for name in BOOL_FACTS}),
    made_true=st.sampled_from(BOOL_FACTS),
    seniority=st.integers(0, 120),
    distance=st.one_of(st.none(), st.floats(0, 200)),
)
def test_on_the_default_grid_a_priority_never_lowers_the_score(facts, made_true, seniority, distance):
    g = grid_from_file()
    before = DemandFacts(**facts, seniority_months=seniority, distance_to_work_km=distance)
    after = dataclasses.replace(before, **{made_true: True})
    assert g.evaluate(after).total >= g.evaluate(before).total


def test_grid_module_imports_no_django_in_a_fresh_interpreter():
    script = (
        "import json, sys\n"
        "import logis.scoring.grid as grid\n"
        "grid.grid_from_file().evaluate(grid.DemandFacts(homeless=True))\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in ('django', 'numpy', 'config'))))\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter running a fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []

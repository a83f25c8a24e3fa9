"""The vectorised cotation gives the totals of the scalar engine, demand by demand."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.scoring_vector import facts_to_arrays, score_arrays
from logis.scoring.grid import DemandFacts, Grid, grid_from_file

numbers = st.one_of(st.none(), st.floats(0, 120, allow_nan=False))
facts_strategy = st.builds(
    DemandFacts,
    disability=st.booleans(),
    domestic_violence=st.booleans(),
    homeless=st.booleans(),
    hosted=st.booleans(),
    temporary_housing=st.booleans(),
    eviction_threat=st.booleans(),
    overcrowded=st.booleans(),
    single_parent=st.booleans(),
    large_family=st.booleans(),
    offer_in_wished_commune=st.booleans(),
    offer_in_wished_departement=st.booleans(),
    housing_type_matches=st.booleans(),
    distance_to_work_km=numbers,
    effort_rate=st.one_of(st.none(), st.floats(0, 1, allow_nan=False)),
    current_effort_rate=st.one_of(st.none(), st.floats(0, 1, allow_nan=False)),
    seniority_months=st.integers(0, 150),
    permanent_contract=st.booleans(),
    company_seniority_months=st.one_of(st.none(), st.integers(0, 400)),
    employer_permanent_contract_points=st.integers(0, 40),
    employer_seniority_points=st.integers(0, 40),
    employer_min_seniority_months=st.integers(0, 60),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(facts_strategy, min_size=1, max_size=40))
def test_default_grid_totals_are_the_same_in_both_engines(facts):
    grid = grid_from_file()
    expected = [grid.evaluate(item).total for item in facts]
    assert score_arrays(grid, facts_to_arrays(facts)).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(
    facts=st.lists(facts_strategy, min_size=1, max_size=20),
    bound=st.floats(0, 100, allow_nan=False),
    op=st.sampled_from(["ge", "gt", "le", "lt", "eq"]),
    cap=st.one_of(st.none(), st.integers(0, 30)),
    mode=st.sampled_from(["exclusive", "cumulative"]),
)
def test_numeric_conditions_groups_and_caps_agree(facts, bound, op, cap, mode):
    grid = Grid.from_dict(
        {
            "groups": [{"code": "g", "label": "G", "mode": mode, **({"cap": cap} if cap is not None else {})}],
            "criteria": [
                {"code": "near", "label": "Proche", "points": 7, "group": "g",
                 "conditions": [{"fact": "distance_to_work_km", "op": op, "value": bound}]},
                {"code": "old", "label": "Ancien", "points": 2, "per": "seniority_months", "cap": 50, "group": "g"},
                {"code": "cdi", "label": "CDI", "points_from": "employer_permanent_contract_points",
                 "conditions": [{"fact": "permanent_contract"}, {"fact": "employer_seniority_reached"}]},
            ],
        },
        version="v",
        territory="t",
    )  # fmt: skip
    expected = [grid.evaluate(item).total for item in facts]
    assert score_arrays(grid, facts_to_arrays(facts)).tolist() == expected


def test_missing_arrays_take_the_defaults():
    grid = grid_from_file()
    totals = score_arrays(grid, {"homeless": np.array([True, False])})
    assert totals.tolist() == [grid.evaluate(DemandFacts(homeless=True)).total, grid.evaluate(DemandFacts()).total]

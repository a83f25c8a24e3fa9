"""The cotation of many demands at once (numpy): the same grid, the same totals as `Grid.evaluate`, without the
breakdown sentences, to measure re-scoring a whole register in memory (benchmarks/bench_scoring.py).

Benchmark code: the product scores with `Grid.evaluate` only (logis.scoring); tests/benchmarks/test_scoring_vector.py
proves both give the same totals.

Facts come as arrays, one per fact of `grid.FACTS`, all of the same length: booleans for situations, numbers for
the others, NaN where a number is unknown (a condition on it is then false, as in the scalar engine). Missing
arrays take the default value of `DemandFacts`. numpy is a development dependency (benchmarks and tests).
"""

import dataclasses
from collections.abc import Iterable, Mapping

import numpy as np

from logis.scoring.grid import BOOL, CUMULATIVE, EXCLUSIVE, FACTS, DemandFacts, Grid

_COMPARE = {"ge": np.greater_equal, "gt": np.greater, "le": np.less_equal, "lt": np.less, "eq": np.equal}
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(DemandFacts) if f.name in FACTS}


def facts_to_arrays(facts: Iterable[DemandFacts]) -> dict[str, np.ndarray]:
    """Arrays of every fact from a list of DemandFacts (for tests and small batches)."""
    facts = list(facts)
    arrays = {}
    for name in _DEFAULTS:
        values = [getattr(item, name) for item in facts]
        if FACTS[name][0] == BOOL:
            arrays[name] = np.array(values, dtype=bool)
        else:
            arrays[name] = np.array([np.nan if value is None else value for value in values], dtype=np.float64)
    return arrays


class _Facts:
    """Array access with defaults and the derived fact `employer_seniority_reached`."""

    def __init__(self, arrays: Mapping[str, np.ndarray]):
        self.arrays = arrays
        self.size = len(next(iter(arrays.values())))
        self.cache: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.cache:
            return self.cache[name]
        if name == "employer_seniority_reached":
            value = np.greater_equal(self["company_seniority_months"], self["employer_min_seniority_months"])
        elif name in self.arrays:
            value = self.arrays[name]
        else:
            default = _DEFAULTS[name]
            if FACTS[name][0] == BOOL:
                value = np.full(self.size, bool(default))
            else:
                value = np.full(self.size, np.nan if default is None else default, dtype=np.float64)
        self.cache[name] = value
        return value


def _whole(values: np.ndarray) -> np.ndarray:
    """Whole non-negative units (NaN → 0), as int32."""
    if values.dtype.kind in "iu":
        return np.maximum(values, 0).astype(np.int32, copy=False)
    return np.maximum(np.nan_to_num(np.floor(values), nan=0.0), 0).astype(np.int32)


def criterion_points(grid: Grid, arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """{criterion code: points before the group rules (0 where the criterion does not hold)}."""
    facts = _Facts(arrays)
    found = {}
    for criterion in grid.criteria:
        mask = None
        for condition in criterion.conditions:
            values = facts[condition.fact]
            if condition.op == "true":
                test = values if values.dtype == bool else values.astype(bool)
            else:
                with np.errstate(invalid="ignore"):
                    test = _COMPARE[condition.op](values, condition.value)
            mask = test if mask is None else mask & test
        points = _whole(facts[criterion.points_from]) if criterion.points_from else np.int32(criterion.points)
        if criterion.per:
            points = points * _whole(facts[criterion.per])
        if criterion.cap is not None:
            points = np.minimum(points, criterion.cap)
        points = np.broadcast_to(np.asarray(points, dtype=np.int32), (facts.size,))
        found[criterion.code] = points if mask is None else np.where(mask, points, 0).astype(np.int32)
    return found


def score_arrays(grid: Grid, arrays: Mapping[str, np.ndarray]) -> np.ndarray:
    """The total score of every demand (int32), equal to `grid.evaluate(facts).total` demand by demand."""
    raw = criterion_points(grid, arrays)
    size = len(next(iter(raw.values())))
    total = np.zeros(size, dtype=np.int32)
    groups = {group.code: group for group in grid.groups}
    members: dict[str, list[np.ndarray]] = {}
    for criterion in grid.criteria:
        if criterion.group in groups:
            members.setdefault(criterion.group, []).append(raw[criterion.code])
        else:
            total += raw[criterion.code]
    for code, points in members.items():
        group = groups[code]
        stacked = np.stack(points)
        if group.mode == EXCLUSIVE:
            value = stacked.max(axis=0)
        else:
            assert group.mode == CUMULATIVE
            value = stacked.sum(axis=0, dtype=np.int32)
        if group.cap is not None:
            value = np.minimum(value, group.cap)
        total += value.astype(np.int32)
    return total

"""Weighted additive scoring on intervals, as plain numpy functions.

A region is a row of per-criterion value bounds in [0, 1]: equal bounds for a known value, the
criterion's whole range for an unknown one. With non-negative weights the weighted sum is
monotone, so the score interval is simply (low @ w, high @ w).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kompas.engine.compass import Compass, Criterion, Track
from kompas.engine.model import RegionInput
from kompas.engine.panel import combined, nearest_category

# Scores within this distance of a threshold count as reaching it (guards float round-off).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Weights:
    """The weights of one track, normalised, in the forms scoring and explanations need."""

    effective: np.ndarray  # per criterion: aspect share × share within the aspect; sums to 1
    aspect_shares: np.ndarray  # per aspect, sums to 1
    criterion_shares: np.ndarray  # per criterion, sums to 1 within its aspect
    aspect_raw: np.ndarray  # as configured (the track may override the compass)
    criterion_raw: np.ndarray
    aspect_of: np.ndarray  # per criterion, the position of its aspect


def track_weights(compass: Compass, track: Track) -> Weights:
    aspect_raw = np.array(
        [track.aspect_weights.get(a.id, a.weight) for a in compass.aspects], float
    )
    criterion_raw = np.array(
        [track.criterion_weights.get(c.id, c.weight) for c in compass.criteria], float
    )
    ids = [a.id for a in compass.aspects]
    aspect_of = np.array([ids.index(c.aspect) for c in compass.criteria])
    aspect_shares = aspect_raw / aspect_raw.sum()
    criterion_shares = np.zeros_like(criterion_raw)
    for a in range(len(ids)):
        group = aspect_of == a
        total = criterion_raw[group].sum()
        if total > 0:
            criterion_shares[group] = criterion_raw[group] / total
    effective = aspect_shares[aspect_of] * criterion_shares
    return Weights(effective, aspect_shares, criterion_shares, aspect_raw, criterion_raw, aspect_of)


def thresholds(compass: Compass, track: Track) -> np.ndarray:
    """Minimum scores of the scored levels, best level first (strictly decreasing)."""
    return np.array([track.thresholds[level.id] for level in compass.levels[:-1]], float)


def classify(scores: np.ndarray | float, cuts: np.ndarray) -> np.ndarray:
    """Level index per score, for scores of any shape: 0 is the best level, len(cuts) is the
    level "none". A score reaches a level when score + TOLERANCE >= its threshold. The last axis
    of `cuts` holds the thresholds; any axes before it broadcast against the scores' shape.

    This is the one rule that turns a score into a level: the advice, the explanations, the
    sensitivity and the robustness analysis all call it.
    """
    reached = np.atleast_1d(np.asarray(scores, float)) + TOLERANCE
    cuts = np.atleast_1d(np.asarray(cuts, float))
    levels = np.zeros(np.broadcast_shapes(reached.shape, cuts.shape[:-1]), np.intp)
    for k in range(cuts.shape[-1]):  # a pass per threshold: cheaper than summing a short axis
        levels += reached < cuts[..., k]
    return levels


def dot_rows(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted sum along the last axis, each row exactly (bit for bit) as `row @ weights`.

    A matrix-vector product `matrix @ weights` (BLAS gemv) may add the terms in another order
    than the 1-D product and differ in the last bit. Multiplying every row as a 1 × n matrix
    makes numpy take its vector-dot path (BLAS ddot, as for a 1-D product of contiguous arrays)
    row by row, so an array computation gives the very floats a loop over the rows gives
    (tests/engine/test_vectorised.py checks it).
    """
    rows = np.ascontiguousarray(matrix, float)[..., None, :]  # strided rows take another path
    result: np.ndarray = (rows @ np.ascontiguousarray(weights, float)[:, None])[..., 0, 0]
    return result


def judgement_span(criterion: Criterion, region: RegionInput) -> tuple[int, int] | None:
    """The positions (lowest, highest) on its scale of a judgement given as a range, if any.

    Raises ValueError when a category is not on the criterion's scale or the range is reversed.
    """
    span = region.judgement_ranges.get(criterion.id)
    if span is None or criterion.scale is None:
        return None
    ids = [c.id for c in criterion.scale.categories]
    for category in span:
        if category not in ids:
            raise ValueError(
                f"{region.code}: judgement range of {criterion.id}: {category!r} is not a"
                f" category of scale {criterion.scale.id!r} ({', '.join(ids)})"
            )
    lowest, highest = ids.index(span[0]), ids.index(span[1])
    if lowest > highest:
        raise ValueError(
            f"{region.code}: judgement range of {criterion.id}: lowest {span[0]!r} lies above"
            f" highest {span[1]!r} (categories run worst first: {', '.join(ids)})"
        )
    return lowest, highest


def criterion_bounds(
    criterion: Criterion, region: RegionInput, aggregation: str = "median"
) -> tuple[float, float, bool]:
    """(low, high, known) for one criterion of one region.

    A judgement given as a range (`RegionInput.judgement_ranges`, which takes precedence) is the
    interval [value(lowest), value(highest)], known only when the range is one category. A panel
    of analysts (`RegionInput.panels`, next in precedence) is the `aggregation` ("median" or
    "mean") of their category values: known, or an interval when an analyst gave a range.
    """
    if criterion.kind == "judgement":
        assert criterion.scale is not None
        span = judgement_span(criterion, region)
        if span is not None:
            categories = criterion.scale.categories
            low, high = categories[span[0]].value, categories[span[1]].value
            return low, high, span[0] == span[1]
        panel = region.panels.get(criterion.id)
        if panel:
            low, high = combined(criterion.scale, panel, aggregation)
            return low, high, low == high
        category = region.judgements.get(criterion.id)
        if category is not None:
            value = criterion.scale.category(category).value
            return value, value, True
    else:
        reading = region.readings.get(criterion.id)
        if reading is not None:
            assert criterion.value_function is not None
            value = criterion.value_function(reading.input)
            return value, value, True
    low, high = criterion.value_range
    return low, high, False


def current_categories(compass: Compass, region: RegionInput) -> list[str | None]:
    """Per criterion, the category a judgement change starts from; None where there is none.

    A range starts from nothing (as a missing judgement does), a panel from the category
    nearest its combined value (from nothing when an analyst on it gave a range).
    """
    result: list[str | None] = []
    for criterion in compass.criteria:
        if criterion.scale is None or criterion.id in region.judgement_ranges:
            result.append(None)
        elif region.panels.get(criterion.id):
            low, high = combined(
                criterion.scale, region.panels[criterion.id], compass.aggregation.judgements
            )
            result.append(nearest_category(criterion.scale, low) if low == high else None)
        else:
            result.append(region.judgements.get(criterion.id))
    return result


def category_values(compass: Compass) -> np.ndarray:
    """Per criterion (rows), the values of its scale's categories worst first, padded with NaN
    to the longest scale; a row of NaN for a criterion without a scale."""
    scales = [c.scale.values if c.scale is not None else np.empty(0) for c in compass.criteria]
    table = np.full((len(scales), max((len(s) for s in scales), default=0)), np.nan)
    for j, values in enumerate(scales):
        table[j, : len(values)] = values
    return table


@dataclass(frozen=True)
class Bounds:
    """What the engine weighs of many regions, as arrays of shape (regions, criteria)."""

    low: np.ndarray
    high: np.ndarray
    known: np.ndarray
    start: np.ndarray  # position of `current_categories` on its scale; -1 where there is none


def region_bounds(compass: Compass, regions: Sequence[RegionInput]) -> Bounds:
    """`criterion_bounds` and `current_categories` for every region and criterion at once.

    A single category is found in one lookup table of (criterion, category) pairs, and the
    indicator values of a criterion go through its value function as one array. A region with
    a judgement range or a panel, or with a category its scale lacks, is read cell by cell with
    `criterion_bounds` (which raises the same errors, in the same order, as it always did).
    """
    criteria = compass.criteria
    shape = (len(regions), len(criteria))
    ranges = np.array([c.value_range for c in criteria], float).reshape(len(criteria), 2)
    low, high = np.empty(shape), np.empty(shape)
    low[:], high[:] = ranges[:, 0], ranges[:, 1]
    known = np.zeros(shape, bool)
    start = np.full(shape, -1, np.intp)
    table = category_values(compass)
    width = table.shape[1]
    lookup = {  # (criterion, category) -> its cell in `table`, as one number
        (c.id, category.id): j * width + k
        for j, c in enumerate(criteria)
        if c.kind == "judgement" and c.scale is not None
        for k, category in enumerate(c.scale.categories)
    }
    judged = {c.id for c in criteria if c.kind == "judgement"}
    measured: list[tuple[int, str, list[int], list[float]]] = [
        (j, c.id, [], []) for j, c in enumerate(criteria) if c.kind != "judgement"
    ]
    counts: list[int] = []  # per region, how many categories it has in `cells`
    cells: list[int | None] = []  # (None only while a region is being read)
    for i, region in enumerate(regions):
        by_cell = bool(region.judgement_ranges or region.panels)
        found = [] if by_cell else [*map(lookup.get, region.judgements.items())]
        if None in found:  # ignored (no judged criterion, or no category), or not on its scale
            found = [cell for cell in found if cell is not None]
            by_cell = not all(
                (criterion, category) in lookup or category is None
                for criterion, category in region.judgements.items()
                if criterion in judged
            )
        if by_cell:  # raises KeyError for a category not on its scale
            _read_by_cell(compass, region, i, low, high, known, start)
            counts.append(0)
            continue
        counts.append(len(found))
        cells += found
        for _, criterion, at, inputs in measured:
            reading = region.readings.get(criterion)
            if reading is not None:
                at.append(i)
                inputs.append(reading.input)
    rows = np.repeat(np.arange(len(regions)), counts)
    column, position = np.divmod(np.array(cells, np.intp), max(width, 1))
    low[rows, column] = high[rows, column] = table[column, position]
    known[rows, column] = True
    start[rows, column] = position
    for j, _, at, inputs in measured:
        function = criteria[j].value_function
        assert function is not None
        value = np.interp(np.array(inputs, float), function.xs, function.ys)
        low[at, j] = high[at, j] = value
        known[at, j] = True
    return Bounds(low, high, known, start)


def _read_by_cell(
    compass: Compass,
    region: RegionInput,
    i: int,
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    start: np.ndarray,
) -> None:
    """Row i of the bounds, criterion by criterion (see `region_bounds`)."""
    for j, criterion in enumerate(compass.criteria):
        low[i, j], high[i, j], known[i, j] = criterion_bounds(
            criterion, region, compass.aggregation.judgements
        )
    for j, current in enumerate(current_categories(compass, region)):
        scale = compass.criteria[j].scale
        if current and scale is not None:
            start[i, j] = scale.index(current)


def bounds_matrix(
    compass: Compass, regions: Sequence[RegionInput]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrays (low, high, known), each of shape (regions, criteria)."""
    bounds = region_bounds(compass, regions)
    return bounds.low, bounds.high, bounds.known


def weighted_sum(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scores: np.ndarray = np.asarray(values, float) @ np.asarray(weights, float)
    return scores

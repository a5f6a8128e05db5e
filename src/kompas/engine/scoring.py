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
from kompas.engine.panel import combined

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
    level "none". A score reaches a level when score + TOLERANCE >= its threshold.

    This is the one rule that turns a score into a level: the advice, the explanations, the
    sensitivity and the robustness analysis all call it.
    """
    scores = np.atleast_1d(np.asarray(scores, float))
    levels: np.ndarray = np.sum(scores[..., None] + TOLERANCE < cuts, axis=-1)
    return levels


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


def bounds_matrix(
    compass: Compass, regions: Sequence[RegionInput]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrays (low, high, known), each of shape (regions, criteria)."""
    shape = (len(regions), len(compass.criteria))
    low, high = np.empty(shape), np.empty(shape)
    known = np.empty(shape, bool)
    for i, region in enumerate(regions):
        for j, criterion in enumerate(compass.criteria):
            low[i, j], high[i, j], known[i, j] = criterion_bounds(
                criterion, region, compass.aggregation.judgements
            )
    return low, high, known


def weighted_sum(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scores: np.ndarray = np.asarray(values, float) @ np.asarray(weights, float)
    return scores

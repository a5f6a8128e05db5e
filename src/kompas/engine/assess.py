"""Weigh regions with the compass: gates, score intervals, advised levels and explanations.

All regions of a call are weighed at once, as arrays of shape (regions, criteria) (see
`scoring.region_bounds`); no region's result depends on any other region.
tests/engine/reference_assess.py weighs them region by region, as Kompas did before, and
tests/engine/test_vectorised.py checks that both give equal advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple, TypeVar

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.explain import (
    Change,
    Explanation,
    judgement_changes,
    strong_and_weak_points,
    weight_changes,
)
from kompas.engine.gates import GateResult, gate_results
from kompas.engine.model import RegionInput
from kompas.engine.panel import analysts, own_input
from kompas.engine.scoring import (
    Bounds,
    Weights,
    classify,
    current_categories,
    dot_rows,
    region_bounds,
    thresholds,
    track_weights,
)

__all__ = [
    "NO_EXPLANATION",
    "Advice",
    "Agreement",
    "CriterionScore",
    "agreement",
    "analyst_advice",
    "assess",
    "assess_tracks",
    "current_categories",
]

Agreement = Literal["agrees", "differs", "open"]
NO_EXPLANATION = Explanation((), (), ())
EXCLUDED = 2  # the gate outcome code of an excluded region (see `gates.OUTCOMES`)


class CriterionScore(NamedTuple):
    criterion: str
    aspect: str
    weight: float
    low: float
    high: float
    known: bool

    @property
    def contribution(self) -> tuple[float, float]:
        return self.weight * self.low, self.weight * self.high


class Advice(NamedTuple):
    """The advised level of one region on one track, with everything needed to explain it.

    The engine's results are named tuples: immutable like frozen dataclasses (they are cached
    and shared between requests), and about four times cheaper to make, which matters at
    thousands of objects per weighing (benchmarks/assess_300.py).

    `level_best` and `level_worst` are the levels of the best and worst case of the score
    interval; they are equal when the unknown criteria can no longer change the level.
    """

    region: str
    track: str
    gates: GateResult
    score_low: float
    score_high: float
    level_best: str
    level_worst: str
    criteria: tuple[CriterionScore, ...]
    aspects: tuple[tuple[str, float, float], ...]
    could_change_level: tuple[str, ...]
    decisive: tuple[str, ...]
    explanation: Explanation

    @property
    def determined(self) -> bool:
        return self.level_best == self.level_worst

    @property
    def level(self) -> str | None:
        return self.level_best if self.determined else None

    @property
    def pending(self) -> bool:
        return self.gates.outcome == "pending"

    @property
    def excluded(self) -> bool:
        return self.gates.outcome == "excluded"

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.criterion for c in self.criteria if not c.known)


def assess(
    compass: Compass, regions: Sequence[RegionInput], track_id: str, explanations: bool = True
) -> list[Advice]:
    """Advice for each region on one track. No region's result depends on any other region.

    `explanations=False` leaves out the smallest changes and strong/weak points (most of the
    work), for tables that show only levels and scores.

    A failed gate gives the level "none"; otherwise the worst and the best case of the score
    interval are classified (`scoring.classify`).
    """
    return assess_tracks(compass, regions, [track_id], explanations)[track_id]


def assess_tracks(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_ids: Sequence[str],
    explanations: bool = True,
) -> dict[str, list[Advice]]:
    """`assess` on several tracks, reading the regions' values and gates once for all.

    Tracks with the same weights and thresholds (Noord-Brabant's two tracks, for one) give the
    same advice but for the track's name: they are weighed once.
    """
    bounds = region_bounds(compass, regions)
    read = _Read(regions, bounds, *gate_results(compass, regions), _cells(bounds))
    result: dict[str, list[Advice]] = {}
    weighed: dict[bytes, list[Advice]] = {}
    for track_id in track_ids:
        track = compass.track(track_id)
        w, cuts = track_weights(compass, track), thresholds(compass, track)
        key = w.aspect_raw.tobytes() + w.criterion_raw.tobytes() + cuts.tobytes()
        alike = weighed.get(key)
        if alike is None:
            result[track_id] = weighed[key] = _assess_track(
                compass, track_id, w, cuts, explanations, read
            )
        else:
            result[track_id] = [advice._replace(track=track_id) for advice in alike]
    return result


class _Read(NamedTuple):
    """What every track weighs of the regions: read once per call."""

    regions: Sequence[RegionInput]
    bounds: Bounds
    gates: list[GateResult]
    outcome: np.ndarray
    cells: _Cells


def _assess_track(
    compass: Compass,
    track_id: str,
    w: Weights,
    cuts: np.ndarray,
    explanations: bool,
    read: _Read,
) -> list[Advice]:
    regions, bounds, gates, outcome, cells = read
    low, high, known = bounds.low, bounds.high, bounds.known
    excluded = outcome == EXCLUDED
    score_low, score_high = dot_rows(low, w.effective), dot_rows(high, w.effective)
    worst, best = classify(score_low, cuts), classify(score_high, cuts)
    could, decisive = _open_criteria(w, cuts, bounds, score_low, score_high, worst, best)
    could &= ~excluded[:, None]
    decisive &= ~excluded[:, None]

    shown = np.flatnonzero(excluded | explanations)
    points = strong_and_weak_points(compass, low[shown], known[shown], w.effective)
    strong_weak = _scatter(shown, points, len(regions), ((), ()))
    changes: list[tuple[Change, ...]] = [()] * len(regions)
    if explanations:
        kept = np.flatnonzero(~excluded)
        found = _changes(compass, w, cuts, bounds, score_low, score_high, kept)
        changes = _scatter(kept, found, len(regions), ())

    levels = [level.id for level in compass.levels]
    shown_best = np.where(excluded, len(levels) - 1, best).tolist()  # failed gate: "none"
    shown_worst = np.where(excluded, len(levels) - 1, worst).tolist()
    explained = [
        Explanation(strongest, weakest, found) if show else NO_EXPLANATION
        for (strongest, weakest), found, show in zip(
            strong_weak, changes, (excluded | explanations).tolist(), strict=True
        )
    ]
    return [
        Advice(
            region.code,
            track_id,
            gate,
            lowest,
            highest,
            levels[best_level],
            levels[worst_level],
            criteria,
            aspects,
            could_ids,
            decisive_ids,
            explanation,
        )
        for (
            region,
            gate,
            lowest,
            highest,
            best_level,
            worst_level,
            criteria,
            aspects,
            could_ids,
            decisive_ids,
            explanation,
        ) in zip(
            regions,
            gates,
            score_low.tolist(),
            score_high.tolist(),
            shown_best,
            shown_worst,
            _criterion_scores(compass, w, cells, low.shape),
            _aspect_scores(compass, w, low, high),
            _names(compass, could),
            _names(compass, decisive),
            explained,
            strict=True,
        )
    ]


def _open_criteria(
    w: Weights,
    cuts: np.ndarray,
    bounds: Bounds,
    score_low: np.ndarray,
    score_high: np.ndarray,
    worst: np.ndarray,
    best: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per region and criterion: whether it could still change the level, and whether it is
    decisive (worst and best: the levels of the ends of each region's score interval).

    While the level is open, every unknown weighted criterion can still change it (for some
    completion of the others). It is *decisive* when settling it alone, at either end of its
    range, already moves the worst or the best case to another level.
    """
    width = w.effective * (bounds.high - bounds.low)
    could = (worst != best)[:, None] & ~bounds.known & (width > 0)
    decisive = could & (
        (classify(score_high[:, None] - width, cuts) != best[:, None])
        | (classify(score_low[:, None] + width, cuts) != worst[:, None])
    )
    return could, decisive


T = TypeVar("T")


def _scatter(rows: np.ndarray, found: Sequence[T], size: int, default: T) -> list[T]:
    """A list of `size` items: found[n] at position rows[n], `default` elsewhere."""
    result = [default] * size
    for i, item in zip(rows.tolist(), found, strict=True):
        result[i] = item
    return result


def _changes(
    compass: Compass,
    w: Weights,
    cuts: np.ndarray,
    bounds: Bounds,
    score_low: np.ndarray,
    score_high: np.ndarray,
    rows: np.ndarray,
) -> list[tuple[Change, ...]]:
    """For the regions at `rows`, the smallest judgement and weight changes up (from the worst
    case), then down (from the best case): those that exist."""
    low, high, start = bounds.low[rows], bounds.high[rows], bounds.start[rows]
    lows, highs = score_low[rows], score_high[rows]
    found = zip(
        judgement_changes(compass, low, start, lows, w.effective, cuts, "up"),
        weight_changes(compass, low, lows, w, cuts, "up"),
        judgement_changes(compass, high, start, highs, w.effective, cuts, "down"),
        weight_changes(compass, high, highs, w, cuts, "down"),
        strict=True,
    )
    return [tuple(change for change in four if change is not None) for four in found]


class _Cells(NamedTuple):
    """The cells of a (regions, criteria) array grouped by what a `CriterionScore` holds apart
    from the weight: criterion, bounds and knownness (bit for bit). Alike cells (a judged
    category, say) share one object: far fewer objects to make than cells."""

    group: np.ndarray  # per cell (row-major), its group
    column: list[int]  # per group: criterion, low, high, known
    low: list[float]
    high: list[float]
    known: list[bool]


def _cells(bounds: Bounds) -> _Cells:
    low, high, known = bounds.low, bounds.high, bounds.known
    column = np.broadcast_to(np.arange(low.shape[1]), low.shape).ravel()
    lows, highs, knowns = low.ravel(), high.ravel(), known.ravel()
    keys = (knowns, highs.view(np.int64), lows.view(np.int64), column)  # bit for bit
    order = np.lexsort(keys)
    new = np.ones(len(order), bool)
    new[1:] = np.any([np.diff(key[order]) != 0 for key in keys], axis=0)
    group = np.empty(len(order), np.intp)
    group[order] = np.cumsum(new) - 1
    firsts = order[new]
    return _Cells(
        group,
        column[firsts].tolist(),
        lows[firsts].tolist(),
        highs[firsts].tolist(),
        knowns[firsts].tolist(),
    )


def _criterion_scores(
    compass: Compass, w: Weights, cells: _Cells, shape: tuple[int, int]
) -> list[tuple[CriterionScore, ...]]:
    """Per region, its `CriterionScore`s on one track (see `_Cells`)."""
    regions, count = shape
    if not regions * count:
        return [()] * regions
    criteria = compass.criteria
    weights = w.effective.tolist()
    made = np.empty(len(cells.column), object)
    made[:] = [
        CriterionScore(criteria[j].id, criteria[j].aspect, weights[j], lowest, highest, sure)
        for j, lowest, highest, sure in zip(
            cells.column, cells.low, cells.high, cells.known, strict=True
        )
    ]
    return [tuple(row) for row in made[cells.group].reshape(regions, count).tolist()]


def _aspect_scores(
    compass: Compass, w: Weights, low: np.ndarray, high: np.ndarray
) -> list[tuple[tuple[str, float, float], ...]]:
    """Per region and aspect: (aspect id, worst-case and best-case contribution)."""
    ids = [a.id for a in compass.aspects]
    both = np.stack([low, high])
    sums = [
        dot_rows(both[:, :, w.aspect_of == a], w.effective[w.aspect_of == a])
        for a in range(len(ids))
    ]
    lows, highs = np.stack(sums, axis=-1).tolist() if sums else ([[]] * len(low),) * 2
    return [tuple(zip(ids, a, b, strict=True)) for a, b in zip(lows, highs, strict=True)]


def _names(compass: Compass, chosen: np.ndarray) -> list[tuple[str, ...]]:
    """Per row of a (regions, criteria) boolean array, the ids of the criteria chosen (rows
    alike share one tuple)."""
    if not chosen.size:
        return [()] * len(chosen)
    packed = np.packbits(chosen, axis=1)  # each row's pattern as bytes, then as one key
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).reshape(-1)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    ids = np.array([c.id for c in compass.criteria], object)
    made = [tuple(ids[row].tolist()) for row in chosen[first]]
    return [made[k] for k in inverse.reshape(-1).tolist()]


def agreement(compass: Compass, advice: Advice, decided: str) -> Agreement:
    """How a recorded decision relates to the advice: agrees, differs, or open (within range)."""
    order = [level.id for level in compass.levels]
    position = order.index(decided)
    if advice.determined:
        return "agrees" if advice.level == decided else "differs"
    if order.index(advice.level_best) <= position <= order.index(advice.level_worst):
        return "open"
    return "differs"


def analyst_advice(compass: Compass, region: RegionInput, track_id: str) -> dict[str, Advice]:
    """Each panel analyst's own advice on one track (see `engine.panel.own_input`)."""
    people = analysts(region)
    found = assess(compass, [own_input(region, a) for a in people], track_id, explanations=False)
    return dict(zip(people, found, strict=True))

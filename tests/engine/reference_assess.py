"""The per-region assessment, as Kompas computed it before it weighed all regions at once.

A reference for tests/engine/test_vectorised.py and benchmarks/assess_300.py: the same rules as
`kompas.engine.assess`, written region by region and criterion by criterion in plain Python
(the code of `assess`, `explain` and `gates` before vectorisation, behaviour unchanged). It
shares with the engine only the data types, the weights and thresholds, the bounds of one cell
(`criterion_bounds`) and the one rule that turns a score into a level (`classify`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from kompas.engine.assess import Advice, CriterionScore
from kompas.engine.compass import Compass, Track
from kompas.engine.explain import Change, Direction, Explanation
from kompas.engine.gates import GateCheck, GateResult, Outcome
from kompas.engine.model import Gate, RegionInput
from kompas.engine.panel import combined, nearest_category
from kompas.engine.scoring import (
    TOLERANCE,
    Weights,
    classify,
    criterion_bounds,
    thresholds,
    track_weights,
)

NO_EXPLANATION = Explanation((), (), ())
NUDGE = 1e-7


def assess(
    compass: Compass, regions: Sequence[RegionInput], track_id: str, explanations: bool = True
) -> list[Advice]:
    track = compass.track(track_id)
    weights = track_weights(compass, track)
    cuts = thresholds(compass, track)
    low, high, known = bounds_matrix(compass, regions)
    return [
        _advise(compass, track, region, low[i], high[i], known[i], weights, cuts, explanations)
        for i, region in enumerate(regions)
    ]


def bounds_matrix(
    compass: Compass, regions: Sequence[RegionInput]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shape = (len(regions), len(compass.criteria))
    low, high = np.empty(shape), np.empty(shape)
    known = np.empty(shape, bool)
    for i, region in enumerate(regions):
        for j, criterion in enumerate(compass.criteria):
            low[i, j], high[i, j], known[i, j] = criterion_bounds(
                criterion, region, compass.aggregation.judgements
            )
    return low, high, known


def check_gates(compass: Compass, region: RegionInput) -> GateResult:
    checks = tuple(
        GateCheck(p.id, region.gates.get(p.id, Gate("unknown"))) for p in compass.preconditions
    )
    statuses = {c.gate.status for c in checks}
    if "fail" in statuses:
        outcome: Outcome = "excluded"
    elif "unknown" in statuses:
        outcome = "pending"
    else:
        outcome = "passed"
    return GateResult(outcome, checks)


def _advise(
    compass: Compass,
    track: Track,
    region: RegionInput,
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    w: Weights,
    cuts: np.ndarray,
    explanations: bool = True,
) -> Advice:
    gates = check_gates(compass, region)
    score_low, score_high = float(low @ w.effective), float(high @ w.effective)
    worst, best = (int(x) for x in classify(np.array([score_low, score_high]), cuts))
    levels = compass.levels
    criteria = tuple(
        CriterionScore(
            c.id, c.aspect, float(w.effective[j]), float(low[j]), float(high[j]), bool(known[j])
        )
        for j, c in enumerate(compass.criteria)
    )
    aspects = tuple(
        (
            a.id,
            float(low[w.aspect_of == i] @ w.effective[w.aspect_of == i]),
            float(high[w.aspect_of == i] @ w.effective[w.aspect_of == i]),
        )
        for i, a in enumerate(compass.aspects)
    )
    if gates.outcome == "excluded":
        none = compass.no_level.id
        strongest, weakest = strong_and_weak(compass, low, known, w.effective)
        return Advice(
            region.code,
            track.id,
            gates,
            score_low,
            score_high,
            none,
            none,
            criteria,
            aspects,
            (),
            (),
            Explanation(strongest, weakest, ()),
        )
    could, decisive = _open_criteria(low, high, known, w.effective, cuts, worst, best)
    ids = [c.id for c in compass.criteria]
    return Advice(
        region.code,
        track.id,
        gates,
        score_low,
        score_high,
        levels[best].id,
        levels[worst].id,
        criteria,
        aspects,
        tuple(ids[j] for j in could),
        tuple(ids[j] for j in decisive),
        explain(compass, region, low, high, known, w, cuts) if explanations else NO_EXPLANATION,
    )


def _open_criteria(
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    weights: np.ndarray,
    cuts: np.ndarray,
    worst: int,
    best: int,
) -> tuple[list[int], list[int]]:
    if worst == best:
        return [], []
    width = weights * (high - low)
    score_low, score_high = low @ weights, high @ weights
    could = [j for j in range(len(width)) if not known[j] and width[j] > 0]
    decisive = [
        j
        for j in could
        if classify(score_high - width[j], cuts)[0] != best
        or classify(score_low + width[j], cuts)[0] != worst
    ]
    return could, decisive


def explain(
    compass: Compass,
    region: RegionInput,
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    w: Weights,
    cuts: np.ndarray,
) -> Explanation:
    categories = current_categories(compass, region)
    strongest, weakest = strong_and_weak(compass, low, known, w.effective)
    changes = [
        judgement_change(compass, low, categories, w.effective, cuts, "up"),
        weight_change(compass, low, w, cuts, "up"),
        judgement_change(compass, high, categories, w.effective, cuts, "down"),
        weight_change(compass, high, w, cuts, "down"),
    ]
    return Explanation(strongest, weakest, tuple(c for c in changes if c is not None))


def current_categories(compass: Compass, region: RegionInput) -> list[str | None]:
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


def strong_and_weak(
    compass: Compass, values: np.ndarray, known: np.ndarray, weights: np.ndarray
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids = [c.id for c in compass.criteria]
    counted = [j for j in range(len(ids)) if known[j] and weights[j] > 0]
    if not counted:
        return (), ()
    order = sorted(counted, key=lambda j: (-values[j], -weights[j]))
    size = min(3, max(1, len(order) // 2))
    above = [j for j in order if values[j] > 0.5]  # strong: above the middle of 0..1
    below = [j for j in order if values[j] < 0.5]  # weak: below it
    strongest = tuple(ids[j] for j in above[:size])
    weakest = tuple(ids[j] for j in reversed(below[-size:])) if below else ()
    return strongest, weakest


def target_score(level: int, cuts: np.ndarray, direction: Direction) -> float | None:
    """The threshold to cross: the next better level's minimum, or the current level's own."""
    if direction == "up":
        return None if level == 0 else float(cuts[level - 1])
    return None if level == len(cuts) else float(cuts[level])


def moves(score: float, target: float, direction: Direction) -> bool:
    """Whether the score reaches the target ("up") or stays below it ("down").

    The rule of `classify` written out for one threshold, as the per-region implementation had
    it: the reference stays as fast as it was (asking numpy's `classify` for every candidate
    category made it 2.5 times slower) and checks the engine's rule independently.
    """
    reaches = score + TOLERANCE >= target
    return reaches if direction == "up" else not reaches


def judgement_change(
    compass: Compass,
    values: np.ndarray,
    categories: Sequence[str | None],
    weights: np.ndarray,
    cuts: np.ndarray,
    direction: Direction,
) -> Change | None:
    score = float(values @ weights)
    target = target_score(int(classify(score, cuts)[0]), cuts, direction)
    if target is None:
        return None
    best: tuple[tuple[int, float], Change] | None = None
    for j, criterion in enumerate(compass.criteria):
        if criterion.scale is None or weights[j] <= 0:
            continue
        options = criterion.scale.categories
        current = categories[j]
        start = (
            criterion.scale.index(current)
            if current
            else (0 if direction == "up" else len(options) - 1)
        )
        for k, option in enumerate(options):
            delta = weights[j] * (option.value - values[j])
            new_score = score + delta
            if k == start or not moves(new_score, target, direction):
                continue
            key = (abs(k - start), abs(delta))
            if best is None or key < best[0]:
                level = compass.levels[int(classify(new_score, cuts)[0])].id
                change = Change(
                    direction,
                    "judgement",
                    criterion.id,
                    current,
                    option.id,
                    new_score,
                    level,
                    steps=abs(k - start),
                )
                best = (key, change)
    return best[1] if best else None


def _solve_share(
    share: float, own: float, rest: float, offset: float, scale: float, target: float
) -> float | None:
    if abs(own - rest) < 1e-12 or scale <= 0:
        return None
    x = ((target - offset) / scale - rest) / (own - rest)
    x += NUDGE if x > share else -NUDGE
    return x if 0.0 <= x <= 1.0 else None


class _WeightOption(NamedTuple):
    kind: str
    target: str
    share: float
    own: float
    group_score: float
    offset: float
    scale: float
    rest_raw: float


def _weight_options(
    compass: Compass, values: np.ndarray, w: Weights, score: float, aspect_scores: np.ndarray
) -> list[_WeightOption]:
    options = [
        _WeightOption(
            "aspect_weight",
            aspect.id,
            float(w.aspect_shares[a]),
            float(aspect_scores[a]),
            score,
            0.0,
            1.0,
            float(w.aspect_raw.sum() - w.aspect_raw[a]),
        )
        for a, aspect in enumerate(compass.aspects)
    ]
    for j, criterion in enumerate(compass.criteria):
        a = w.aspect_of[j]
        group = w.aspect_of == a
        options.append(
            _WeightOption(
                "criterion_weight",
                criterion.id,
                float(w.criterion_shares[j]),
                float(values[j]),
                float(aspect_scores[a]),
                score - float(w.aspect_shares[a] * aspect_scores[a]),
                float(w.aspect_shares[a]),
                float(w.criterion_raw[group].sum() - w.criterion_raw[j]),
            )
        )
    return options


def weight_change(
    compass: Compass, values: np.ndarray, w: Weights, cuts: np.ndarray, direction: Direction
) -> Change | None:
    score = float(values @ w.effective)
    target = target_score(int(classify(score, cuts)[0]), cuts, direction)
    if target is None:
        return None
    aspect_scores = np.array(
        [
            values[w.aspect_of == a] @ w.criterion_shares[w.aspect_of == a]
            for a in range(len(w.aspect_shares))
        ]
    )
    best: Change | None = None
    best_distance = np.inf
    for option in _weight_options(compass, values, w, score, aspect_scores):
        if option.share >= 1.0 or option.rest_raw <= 0:
            continue
        rest = (option.group_score - option.share * option.own) / (1.0 - option.share)
        x = _solve_share(option.share, option.own, rest, option.offset, option.scale, target)
        if x is None or abs(x - option.share) >= best_distance:
            continue
        new_score = option.offset + option.scale * (x * option.own + (1.0 - x) * rest)
        if not moves(new_score, target, direction):
            continue
        best_distance = abs(x - option.share)
        level = compass.levels[int(classify(new_score, cuts)[0])].id
        best = Change(
            direction,
            "aspect_weight" if option.kind == "aspect_weight" else "criterion_weight",
            option.target,
            option.share,
            x,
            float(new_score),
            level,
            raw_weight_after=x * option.rest_raw / (1.0 - x) if x < 1.0 else None,
        )
    return best

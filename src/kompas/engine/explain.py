"""Why a region gets its advice, and what would change it.

Contributions per criterion and aspect, the strongest and weakest points, and the smallest
change of one judgement or one weight that moves the region a level up or down. With unknown
criteria the region has a score interval: "up" is measured on its worst case (what would secure
a higher level) and "down" on its best case (what would put the higher level out of reach).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.scoring import TOLERANCE, Weights, classify

Direction = Literal["up", "down"]
NUDGE = 1e-7


@dataclass(frozen=True)
class Change:
    """One change that moves the level: a judgement to another category, or one weight."""

    direction: Direction
    kind: Literal["judgement", "aspect_weight", "criterion_weight"]
    target: str
    before: str | float | None
    after: str | float
    score_after: float
    level_after: str
    steps: int = 0
    raw_weight_after: float | None = None


@dataclass(frozen=True)
class Explanation:
    strongest: tuple[str, ...]
    weakest: tuple[str, ...]
    changes: tuple[Change, ...]

    def change(self, direction: Direction, kind: str) -> Change | None:
        for change in self.changes:
            if change.direction == direction and change.kind.endswith(kind):
                return change
        return None


def strong_and_weak(
    compass: Compass, values: np.ndarray, known: np.ndarray, weights: np.ndarray
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Known, weighted criteria with the highest and the lowest values (at most three each)."""
    ids = [c.id for c in compass.criteria]
    counted = [j for j in range(len(ids)) if known[j] and weights[j] > 0]
    if not counted:
        return (), ()
    order = sorted(counted, key=lambda j: (-values[j], -weights[j]))
    size = min(3, max(1, len(order) // 2))
    strongest = tuple(ids[j] for j in order[:size])
    weakest = tuple(ids[j] for j in reversed(order[-size:])) if len(order) > 1 else ()
    return strongest, weakest


def target_score(level: int, cuts: np.ndarray, direction: Direction) -> float | None:
    """The threshold to cross: the next better level's minimum, or the current level's own."""
    if direction == "up":
        return None if level == 0 else float(cuts[level - 1])
    return None if level == len(cuts) else float(cuts[level])


def moves(score: float, target: float, direction: Direction) -> bool:
    if direction == "up":
        return score + TOLERANCE >= target
    return score + TOLERANCE < target


def judgement_change(
    compass: Compass,
    values: np.ndarray,
    categories: Sequence[str | None],
    weights: np.ndarray,
    cuts: np.ndarray,
    direction: Direction,
) -> Change | None:
    """The judgement change of fewest category steps (then smallest score change) that moves."""
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
    """New share x of one group member so that offset + scale·(x·own + (1−x)·rest) = target."""
    if abs(own - rest) < 1e-12 or scale <= 0:
        return None
    x = ((target - offset) / scale - rest) / (own - rest)
    x += NUDGE if x > share else -NUDGE
    return x if 0.0 <= x <= 1.0 else None


class _WeightOption(NamedTuple):
    """One weight to change: score = offset + scale · (share·own + (1 − share)·rest)."""

    kind: Literal["aspect_weight", "criterion_weight"]
    target: str
    share: float  # its current share within its group
    own: float  # the value it weighs (aspect score or criterion value)
    group_score: float  # the weighted mean of its group
    offset: float
    scale: float
    rest_raw: float  # the raw weights of the rest of its group, summed


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
    """The smallest change of one aspect weight or one criterion weight (others kept) that moves."""
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
            option.kind,
            option.target,
            option.share,
            x,
            float(new_score),
            level,
            raw_weight_after=x * option.rest_raw / (1.0 - x) if x < 1.0 else None,
        )
    return best

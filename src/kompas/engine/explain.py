"""Why regions get their advice, and what would change it: for many regions at once.

The strongest and weakest points, and the smallest change of one judgement or one weight that
moves a region a level up or down. With unknown criteria a region has a score interval: "up" is
measured on its worst case (what would secure a higher level) and "down" on its best case (what
would put the higher level out of reach).

Every function takes arrays of shape (regions, criteria) and finds the answer for all regions
at once; whether a changed score lands on another level is always decided by
`scoring.classify`. tests/engine/reference_assess.py holds the same rules region by region, and
tests/engine/test_vectorised.py checks that both give the same changes, float for float.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.scoring import Weights, category_values, classify, dot_rows

Direction = Literal["up", "down"]
NUDGE = 1e-7  # a weight is set this far past the share that reaches the threshold exactly
MIDDLE = 0.5  # of the value range 0..1: above it a strong point, below it a weak one


class Change(NamedTuple):
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


class Explanation(NamedTuple):
    strongest: tuple[str, ...]
    weakest: tuple[str, ...]
    changes: tuple[Change, ...]

    def change(self, direction: Direction, kind: str) -> Change | None:
        for change in self.changes:
            if change.direction == direction and change.kind.endswith(kind):
                return change
        return None


Points = tuple[tuple[str, ...], tuple[str, ...]]


def strong_and_weak_points(
    compass: Compass, values: np.ndarray, known: np.ndarray, weights: np.ndarray
) -> list[Points]:
    """Per region, its known, weighted criteria with the highest and the lowest values: at most
    three each, and at most half of the known ones (the heavier first among equal values, then
    the first in the compass).

    A strong point lies above the middle of the value range (`MIDDLE`), a weak point below it:
    "sterk" (0.75) is never called weak, "zwak" (0.25) never strong, "gemiddeld" (0.5) neither,
    and no criterion is both, however few are known.
    """
    names = np.array([c.id for c in compass.criteria], object)
    counted = known & (weights > 0)
    heavier = np.broadcast_to(-weights, values.shape)
    order = np.lexsort((heavier, -values, ~counted), axis=-1)  # a stable sort
    count = counted.sum(axis=1)
    size = np.minimum(3, np.maximum(1, count // 2))
    strong = np.minimum(size, (counted & (values > MIDDLE)).sum(axis=1))
    weak = np.minimum(size, (counted & (values < MIDDLE)).sum(axis=1))
    first = np.arange(min(3, values.shape[1]))  # the positions of the (up to) three points
    top = names[order[:, first]].tolist()
    bottom = names[np.take_along_axis(order, np.maximum(count[:, None] - 1 - first, 0), 1)]
    return [
        (tuple(strongest[:s]), tuple(weakest[:w]))
        for strongest, weakest, s, w in zip(
            top, bottom.tolist(), strong.tolist(), weak.tolist(), strict=True
        )
    ]


def _moved(levels_after: np.ndarray, level: np.ndarray, direction: Direction) -> np.ndarray:
    """Whether a changed score's level (by `classify`) lies above ("up") or below ("down") the
    current one; `level` broadcasts against `levels_after`."""
    moved: np.ndarray = levels_after < level if direction == "up" else levels_after > level
    return moved


def judgement_changes(
    compass: Compass,
    values: np.ndarray,
    start: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray,
    cuts: np.ndarray,
    direction: Direction,
) -> list[Change | None]:
    """Per region, the judgement change of fewest category steps (then smallest score change;
    then the first criterion and category) that moves the level.

    `values` are the worst-case values for "up" and the best-case ones for "down", `scores`
    their weighted sums; `start` the position each change counts its steps from (-1: none,
    then from the worst category going up and from the best going down).
    """
    table = category_values(compass)  # (criteria, categories)
    if not len(scores) or not table.size:
        return [None] * len(scores)
    count = np.sum(~np.isnan(table), axis=1)
    option = np.arange(table.shape[1])  # the categories, by position on their scale
    level = classify(scores, cuts)
    begin = np.where(start >= 0, start, 0 if direction == "up" else count - 1)[..., None]
    delta = weights[:, None] * (table - values[..., None])  # (regions, criteria, categories)
    after = scores[:, None, None] + delta
    levels_after = classify(after, cuts)
    moves = (
        (option < count[:, None])
        & (weights > 0)[:, None]
        & (option != begin)
        & _moved(levels_after, level[:, None, None], direction)
    ).reshape(len(scores), -1)  # per region: criterion by criterion, category by category
    steps = np.abs(option - begin).reshape(moves.shape)
    never = np.iinfo(np.intp).max
    fewest = np.where(moves, steps, never).min(axis=1, initial=never)
    tied = moves & (steps == fewest[:, None])
    size = np.where(tied, np.abs(delta).reshape(moves.shape), np.inf)
    first = np.argmax(tied & (size == size.min(axis=1, initial=np.inf)[:, None]), axis=1)
    rows = np.flatnonzero(tied.any(axis=1))
    picked = first[rows]
    column, category = np.divmod(picked, table.shape[1])
    ids = [[c.id for c in x.scale.categories] if x.scale else [] for x in compass.criteria]
    levels = [level.id for level in compass.levels]
    result: list[Change | None] = [None] * len(scores)
    for i, j, k, current, score, after_level, step_count in zip(
        rows.tolist(),
        column.tolist(),
        category.tolist(),
        start[rows, column].tolist(),
        after[rows, column, category].tolist(),
        levels_after[rows, column, category].tolist(),
        steps[rows, picked].tolist(),
        strict=True,
    ):
        result[i] = Change(
            direction,
            "judgement",
            compass.criteria[j].id,
            ids[j][current] if current >= 0 else None,
            ids[j][k],
            score,
            levels[after_level],
            steps=step_count,
        )
    return result


def weight_changes(
    compass: Compass,
    values: np.ndarray,
    scores: np.ndarray,
    w: Weights,
    cuts: np.ndarray,
    direction: Direction,
) -> list[Change | None]:
    """Per region, the smallest change of one aspect weight or one criterion weight (the others
    kept) that moves the level: the smallest change of its share within its group (then the
    first aspect, then the first criterion).

    The options are the columns of the arrays below: one per aspect (its share among the
    aspects), then one per criterion (its share within its aspect). Changing the share s of one
    group member to x, the rest of the group keeping its proportions, makes the score
    offset + scale · (x · own + (1 − x) · rest), with `rest` the weighted mean of the others:
    linear in x, solved for the threshold to cross and nudged just past it (`NUDGE`).
    """
    aspects = len(compass.aspects)
    groups = [w.aspect_of == a for a in range(aspects)]
    aspect_scores = np.stack(
        [dot_rows(values[:, group], w.criterion_shares[group]) for group in groups], axis=-1
    ).reshape(len(scores), aspects)
    in_aspect = aspect_scores[:, w.aspect_of]
    share = np.concatenate([w.aspect_shares, w.criterion_shares])
    scale = np.concatenate([np.ones(aspects), w.aspect_shares[w.aspect_of]])
    rest_raw = np.concatenate(
        [
            w.aspect_raw.sum() - w.aspect_raw,
            [
                w.criterion_raw[groups[a]].sum() - w.criterion_raw[j]
                for j, a in enumerate(w.aspect_of)
            ],
        ]
    )
    own = np.concatenate([aspect_scores, values], axis=1)
    group_score = np.concatenate([np.repeat(scores[:, None], aspects, axis=1), in_aspect], axis=1)
    offset = np.concatenate(
        [
            np.zeros((len(scores), aspects)),
            scores[:, None] - w.aspect_shares[w.aspect_of] * in_aspect,
        ],
        axis=1,
    )
    level = classify(scores, cuts)
    if direction == "up":
        crossable, target = level > 0, cuts[np.maximum(level - 1, 0)]
    else:
        crossable, target = level < len(cuts), cuts[np.minimum(level, len(cuts) - 1)]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rest = (group_score - share * own) / (1.0 - share)
        x = ((target[:, None] - offset) / scale - rest) / (own - rest)
        x = np.where(x > share, x + NUDGE, x - NUDGE)
        after = offset + scale * (x * own + (1.0 - x) * rest)
    levels_after = classify(after, cuts)
    moves = (
        crossable[:, None]
        & (share < 1.0)
        & (rest_raw > 0)
        & ~(np.abs(own - rest) < 1e-12)
        & (scale > 0)
        & (x >= 0.0)
        & (x <= 1.0)
        & _moved(levels_after, level[:, None], direction)
    )
    pick = np.argmin(np.where(moves, np.abs(x - share), np.inf), axis=1)
    names = [a.id for a in compass.aspects] + [c.id for c in compass.criteria]
    levels = [level.id for level in compass.levels]
    rows = np.flatnonzero(moves[np.arange(len(scores)), pick])
    picked = pick[rows]
    result: list[Change | None] = [None] * len(scores)
    for i, o, before, new_share, score, after_level, raw in zip(
        rows.tolist(),
        picked.tolist(),
        share[picked].tolist(),
        x[rows, picked].tolist(),
        after[rows, picked].tolist(),
        levels_after[rows, picked].tolist(),
        rest_raw[picked].tolist(),
        strict=True,
    ):
        result[i] = Change(
            direction,
            "aspect_weight" if o < aspects else "criterion_weight",
            names[o],
            before,
            new_share,
            score,
            levels[after_level],
            raw_weight_after=new_share * raw / (1.0 - new_share) if new_share < 1.0 else None,
        )
    return result

"""Levels from scores by `scoring.classify`, the one classification rule, counted fast.

`classify` turns a score into a level: 0 is the best level, len(cuts) the level "none". It never
gives a worse level to a higher score, so for every threshold k there is a least floating-point
score that it puts at level k or a better one: the level's *floor*. `level_floors` finds the
floors by a search over the floating-point numbers, asking `classify` only; a score s then has
level k or better exactly when s >= floor[k], for every float s. The SMAA counts levels of
millions of scores by comparing them with the floors, and the sensitivity analysis solves for
the weight at which a score reaches a floor: neither holds a rule of its own.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from kompas.engine.scoring import classify

_SIGN = 1 << 63
_POINTS = 3  # scores classified per step of the search: each step narrows it 1024-fold


def _key(x: float) -> int:
    """An integer per float, in the same order: consecutive floats have consecutive keys."""
    bits = int(np.float64(x).view(np.int64))
    return bits if bits >= 0 else -(bits + _SIGN)


def _floats(keys: list[int]) -> np.ndarray:
    bits = np.array([key if key >= 0 else -key - _SIGN for key in keys], np.int64)
    floats: np.ndarray = bits.view(np.float64)
    return floats


def level_floors(cuts: np.ndarray) -> np.ndarray:
    """Per threshold k (best level first), the least score that `classify` puts at level k or
    a better one; +inf when no score does, -inf when every score does."""
    return np.array(_floors(tuple(np.asarray(cuts, float).tolist())), float)


@cache
def _floors(cuts: tuple[float, ...]) -> tuple[float, ...]:
    """`level_floors`, remembered per set of thresholds (a search costs about a millisecond)."""
    thresholds = np.array(cuts, float)
    floors = []
    for k in range(len(cuts)):
        # Invariant: `low` is worse than level k, `high` at level k or better (as keys).
        low, high = _key(-np.inf), _key(np.inf)
        ends = classify(_floats([low, high]), thresholds)
        if ends[0] <= k or ends[1] > k:
            floors.append(-np.inf if ends[0] <= k else np.inf)
            continue
        while high - low > 1:
            step = max(1, (high - low) // (_POINTS + 1))
            keys = list(range(low + step, high, step))[:_POINTS]
            reached = classify(_floats(keys), thresholds) <= k  # False, ..., False, True, ...
            first = int(np.argmax(reached)) if reached.any() else len(keys)
            if first < len(keys):
                high = keys[first]
            if first > 0:
                low = keys[first - 1]
        floors.append(float(_floats([high])[0]))
    return tuple(floors)


def level_counts(scores: np.ndarray, floors: np.ndarray) -> np.ndarray:
    """How often each row of `scores` (rows × samples) has each level: (rows, len(floors) + 1).

    The same counts as counting `classify(scores, cuts)` per row, for `floors` =
    `level_floors(cuts)`.
    """
    rows, samples = scores.shape
    # worse[k]: the samples at a level worse than k, per row.
    worse = [np.count_nonzero(scores < floor, axis=1) for floor in floors]
    upper = np.array([np.full(rows, samples), *worse]).reshape(len(floors) + 1, rows)
    lower = np.array([*worse, np.zeros(rows, np.int64)]).reshape(len(floors) + 1, rows)
    counts: np.ndarray = (upper - lower).T
    return counts

"""Levels from scores by `scoring.classify`, the one classification rule, counted fast.

`classify` turns a score into a level: 0 is the best level, len(cuts) the level "none". It never
gives a worse level to a higher score, so for every threshold k there is a least floating-point
score that it puts at level k or a better one: the level's *floor*. `level_floors` finds the
floors by bisection over the floating-point numbers, asking `classify` only; a score s then has
level k or better exactly when s >= floor[k], for every float s. The SMAA counts levels of
millions of scores by comparing them with the floors, and the sensitivity analysis solves for
the weight at which a score reaches a floor: neither holds a rule of its own.
"""

from __future__ import annotations

import numpy as np

from kompas.engine.scoring import classify

_SIGN = 1 << 63


def _key(x: float) -> int:
    """An integer per float, in the same order: consecutive floats have consecutive keys."""
    bits = int(np.float64(x).view(np.int64))
    return bits if bits >= 0 else -(bits + _SIGN)


def _float(key: int) -> float:
    bits = key if key >= 0 else -key - _SIGN
    return float(np.int64(bits).view(np.float64))


def level_floors(cuts: np.ndarray) -> np.ndarray:
    """Per threshold k (best level first), the least score that `classify` puts at level k or
    a better one; +inf when no score does, -inf when every score does."""
    cuts = np.asarray(cuts, float)
    floors = np.empty(len(cuts))
    for k in range(len(cuts)):
        # Invariant: classify(low) is worse than k, classify(high) is k or better.
        low, high = _key(-np.inf), _key(np.inf)
        if _level(_float(low), cuts) <= k:
            floors[k] = -np.inf
            continue
        if _level(_float(high), cuts) > k:
            floors[k] = np.inf
            continue
        while high - low > 1:
            middle = (low + high) // 2
            if _level(_float(middle), cuts) <= k:
                high = middle
            else:
                low = middle
        floors[k] = _float(high)
    return floors


def _level(score: float, cuts: np.ndarray) -> int:
    return int(classify(score, cuts)[0])


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

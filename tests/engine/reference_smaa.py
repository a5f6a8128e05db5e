"""A plain SMAA, one sample at a time in plain Python: the yardstick for `robustness.smaa`.

It shares the product's setup (the plan of uncertain values, the weight sampler, the random
streams) so that it draws the very same random numbers, but weighs, classifies (by
`scoring.classify`, one sample at a time) and ranks each sample on its own, and reads each
uncertain cell through the compass's own scale and value function. The two must give the same
counts. Test-only: the product never uses it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.model import RegionInput
from kompas.engine.robustness import (
    BLOCK,
    DEFAULT_MODEL,
    DEFAULT_SAMPLES,
    KINDS,
    Plan,
    Robustness,
    WeightModel,
    rank_key,
)
from kompas.engine.robustness.analysis import central_means, collect, prepare
from kompas.engine.robustness.streams import CONFIDENCE_VALUES, MAIN_VALUES, WEIGHTS, generator
from kompas.engine.robustness.values import raw_draws
from kompas.engine.scoring import classify


def smaa_reference(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_id: str,
    model: WeightModel = DEFAULT_MODEL,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    confidence_samples: int | None = None,
    pairwise_samples: int | None = None,
) -> Robustness:
    """The same analysis one sample at a time, in plain Python: the yardstick for `smaa`.

    It draws the same random numbers (the weights one sample per call; the values a block at
    a time, by the same calls), reads each uncertain cell through the compass's own scale and
    value function, and weighs, classifies and ranks each sample on its own.
    """
    setup = prepare(
        compass, regions, track_id, model, samples, seed, confidence_samples, pairwise_samples
    )
    chosen = setup.plan
    n, m = len(chosen.ranked), len(compass.criteria)
    levels = np.zeros((n, len(setup.cuts) + 1), np.int64)
    ranks = np.zeros((n, n), np.int64)
    sums = np.zeros((n, m))
    pairwise = np.zeros((n, n), np.int64)
    for s in range(samples if n else 0):
        if s % BLOCK == 0:
            block = s // BLOCK
            weight_gen = generator(seed, WEIGHTS, block)
            draws = raw_draws(chosen, seed, MAIN_VALUES, block, min(BLOCK, samples - s))
        weights = setup.sampler.one(weight_gen)
        values = sample_values(compass, chosen, draws, s % BLOCK)
        scores = values @ weights
        for i, level in enumerate(classify(scores, setup.cuts)):
            levels[i, level] += 1
        key = rank_key(scores)
        for i in range(n):
            rank = int(np.sum(key > key[i]))
            ranks[i, rank] += 1
            if rank == 0:
                sums[i] += weights
        if s < setup.pairwise_samples:
            pairwise += key[:, None] > key[None, :]
    central = central_means(sums, ranks[:, :1].sum(axis=1))
    candidates = np.flatnonzero(~np.isnan(central).any(axis=1))
    wins = np.zeros(n, np.int64)
    for s in range(setup.confidence_samples if candidates.size else 0):
        if s % BLOCK == 0:
            size = min(BLOCK, setup.confidence_samples - s)
            draws = raw_draws(chosen, seed, CONFIDENCE_VALUES, s // BLOCK, size)
        values = sample_values(compass, chosen, draws, s % BLOCK)
        for c in candidates:
            key = rank_key(values @ central[c])
            wins[c] += bool(key[c] >= key.max())
    confidence = np.full(n, np.nan)
    if setup.confidence_samples:
        confidence[candidates] = wins[candidates] / setup.confidence_samples
    return collect(setup, levels, ranks, central, confidence, pairwise)


def sample_values(
    compass: Compass,
    chosen: Plan,
    draws: tuple[np.ndarray, np.ndarray, np.ndarray],
    column: int,
) -> np.ndarray:
    """One sample's value matrix: the fixed values, each uncertain cell read one by one."""
    values = chosen.fixed.copy()
    rows = [0, 0, 0]
    for cell in chosen.cells:
        kind = KINDS.index(cell.kind)
        draw = draws[kind][rows[kind], column]
        rows[kind] += 1
        criterion = compass.criteria[cell.criterion]
        if cell.kind == "discrete":
            value = chosen.groups[cell.group].values[int(draw)]
        elif cell.kind == "uniform":
            value = cell.low + float(draw) * cell.width
        else:
            assert criterion.value_function is not None
            value = criterion.value_function((cell.mean + cell.sd * float(draw)) / cell.divisor)
        values[cell.region, cell.criterion] = value
    return values

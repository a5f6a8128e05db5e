"""The vectorised analysis: SMAA-2 and its classification form, a block of samples at a time.

Each block (`streams.BLOCK` samples) draws its weights (samples × criteria) and its uncertain
values (cells × samples per kind), weighs every region with every sample in one matrix product
plus one multiply-add per uncertain cell, and counts: the levels (by `levels.level_counts`,
which follows `scoring.classify` exactly), the ranks, the weights of the samples in which each
region ranks first, and, on the first samples, the pairwise wins. Blocks are grouped into tasks
for worker threads; the counts are summed in block order, so neither the grouping nor the
threads change the result.

Ranks are competition ranks: rank = 1 + the number of regions with a strictly higher score, so
tied regions share the better rank (a column of the rank acceptability matrix can then sum to
more than 1). Before ranking, scores are rounded to a multiple of 2^-42 (about 2e-13), so that
differences of floating-point round-off count as ties: identical regions tie exactly.

The confidence factor uses its own value samples, `min(samples, CONFIDENCE_SAMPLES)` by
default, from streams of their own. The pairwise winning chances are counted on the first
`min(samples, PAIRWISE_SAMPLES)` samples of the main run (an n×n comparison per sample is the
costliest part otherwise). `mc_error` is the largest standard error sqrt(p(1−p)/N) of the level
and rank acceptabilities; it shrinks with the square root of the number of samples.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from kompas.engine.compass import Compass, Track
from kompas.engine.model import RegionInput
from kompas.engine.robustness.levels import level_counts, level_floors
from kompas.engine.robustness.result import Robustness, standard_error
from kompas.engine.robustness.streams import (
    BLOCK,
    CONFIDENCE_VALUES,
    MAIN_VALUES,
    WEIGHTS,
    generator,
)
from kompas.engine.robustness.values import Plan, Values, plan, product
from kompas.engine.robustness.weights import WeightModel, WeightSampler
from kompas.engine.scoring import TOLERANCE, thresholds

DEFAULT_SAMPLES = 10_000
DEFAULT_CHUNK = 8 * BLOCK  # samples per task of a worker thread (rounded up to whole blocks)
CONFIDENCE_SAMPLES = 2000
PAIRWISE_SAMPLES = 2000
DEFAULT_MODEL = WeightModel()  # Dirichlet around the compass's weights, κ = 100
_GRID = 1024.0  # (x + _GRID) − _GRID rounds x in [0, 1024) to a multiple of 2**-42

T = TypeVar("T")
R = TypeVar("R")


def rank_key(scores: np.ndarray) -> np.ndarray:
    """Scores as ranked: shifted by the classification tolerance, round-off rounded away."""
    shifted: np.ndarray = (np.asarray(scores, float) + TOLERANCE + _GRID) - _GRID
    return shifted


@dataclass
class _Partial:
    levels: np.ndarray  # (ranked, levels) counts
    ranks: np.ndarray  # (ranked * ranked,) counts, index region * ranked + rank position
    central: list[np.ndarray]  # per block: (ranked, criteria) weight sums of rank-1 samples
    pairwise: np.ndarray  # (ranked, ranked) counts of score_i > score_j


@dataclass(frozen=True)
class Setup:
    """Everything a block needs: the inputs checked, the plan, the samplers, the thresholds."""

    compass: Compass
    track: Track
    model: WeightModel
    plan: Plan
    sampler: WeightSampler
    values: Values
    cuts: np.ndarray  # the track's thresholds, best level first
    floors: np.ndarray  # per threshold, the least score `classify` puts at that level
    samples: int
    seed: int
    confidence_samples: int
    pairwise_samples: int


def prepare(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_id: str,
    model: WeightModel,
    samples: int,
    seed: int,
    confidence_samples: int | None,
    pairwise_samples: int | None,
) -> Setup:
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    if seed < 0:
        raise ValueError(f"the seed must be a non-negative integer, got {seed}")
    track = compass.track(track_id)
    chosen = plan(compass, regions)
    confidence = CONFIDENCE_SAMPLES if confidence_samples is None else confidence_samples
    pairwise = PAIRWISE_SAMPLES if pairwise_samples is None else pairwise_samples
    cuts = thresholds(compass, track)
    return Setup(
        compass,
        track,
        model,
        chosen,
        WeightSampler(compass, track, model),
        Values(compass, chosen),
        cuts,
        level_floors(cuts),
        samples,
        seed,
        max(0, min(samples, confidence)),
        max(0, min(samples, pairwise)),
    )


def smaa(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_id: str,
    model: WeightModel = DEFAULT_MODEL,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    chunk: int = DEFAULT_CHUNK,
    confidence_samples: int | None = None,
    pairwise_samples: int | None = None,
    workers: int | None = None,
) -> Robustness:
    """SMAA-2 and its classification form for `regions` on one track, vectorised.

    The samples are processed a block (`BLOCK` samples) at a time, which bounds the memory;
    `chunk` samples (rounded up to whole blocks) make one task for a worker thread, and
    `workers` threads (default: the number of processors, at most 4) run tasks side by side.
    Neither changes the result. `confidence_samples` and `pairwise_samples` (0 skips them)
    default to `min(samples, 2000)`.
    """
    setup = prepare(
        compass, regions, track_id, model, samples, seed, confidence_samples, pairwise_samples
    )
    n = len(setup.plan.ranked)
    per_task = max(1, math.ceil(chunk / BLOCK))
    blocks = math.ceil(samples / BLOCK)
    tasks = [range(b, min(b + per_task, blocks)) for b in range(0, blocks, per_task)]
    levels = np.zeros((n, len(setup.cuts) + 1), np.int64)
    ranks = np.zeros(n * n, np.int64)
    central = np.zeros((n, len(compass.criteria)))
    pairwise = np.zeros((n, n), np.int64)
    if n:
        for part in _map(lambda task: _task(setup, task), tasks, workers):
            levels += part.levels
            ranks += part.ranks
            for block in part.central:  # in block order: the sums do not depend on `chunk`
                central += block
            pairwise += part.pairwise
    rank_counts = ranks.reshape(n, n)
    central_weights = central_means(central, rank_counts[:, :1].sum(axis=1))
    confidence = _confidence(setup, central_weights, workers)
    return collect(setup, levels, rank_counts, central_weights, confidence, pairwise)


def _map(run: Callable[[T], R], items: list[T], workers: int | None) -> Iterable[R]:
    """`run` over `items`, in threads (numpy releases the interpreter lock); results in order."""
    count = min(workers or min(os.cpu_count() or 1, 4), len(items))
    if count <= 1:
        return map(run, items)
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, items))


def _task(setup: Setup, blocks: range) -> _Partial:
    n = len(setup.plan.ranked)
    total = _Partial(
        np.zeros((n, len(setup.cuts) + 1), np.int64),
        np.zeros(n * n, np.int64),
        [],
        np.zeros((n, n), np.int64),
    )
    for block in blocks:
        part = _block(setup, block)
        total.levels += part.levels
        total.ranks += part.ranks
        total.central += part.central
        total.pairwise += part.pairwise
    return total


def _block(setup: Setup, block: int) -> _Partial:
    """Counts over the samples of one block."""
    n, m = len(setup.plan.ranked), len(setup.compass.criteria)
    first = block * BLOCK
    size = min(BLOCK, setup.samples - first)
    weights = np.empty((size, m))
    setup.sampler.block(generator(setup.seed, WEIGHTS, block), weights)
    across = np.ascontiguousarray(weights.T)
    totals = setup.values.totals(across, setup.values.draw(setup.seed, MAIN_VALUES, block, size))
    levels = level_counts(totals, setup.floors)  # exactly as `classify` would level each score
    # Ranks: competition ranks on `rank_key` of the scores, computed in place.
    scores = np.empty((size, n))
    np.add(totals.T, TOLERANCE, out=scores)
    scores += _GRID
    scores -= _GRID
    pairwise = _pairwise_counts(scores[: max(0, setup.pairwise_samples - first)], n)
    order = np.argsort(scores, axis=1)  # ascending: the first region comes last
    ordered = np.sort(scores, axis=1)
    tied = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
    position = np.arange(n - 1, -1, -1)  # rank position (0 = first) of each ascending slot
    winners_rows = np.arange(size)
    winners = order[:, -1].copy()
    if tied.size:
        positions = _competition_positions(ordered[tied])
        first_rows, first_slots = np.nonzero(positions == 0)
        untied = np.ones(size, bool)
        untied[tied] = False
        winners_rows = np.concatenate([winners_rows[untied], tied[first_rows]])
        winners = np.concatenate([winners[untied], order[tied[first_rows], first_slots]])
        key = order * n + position
        key[tied] = order[tied] * n + positions
    else:
        key = order
        key *= n
        key += position
    rank_counts = np.bincount(key.ravel(), minlength=n * n)
    central = np.column_stack(
        [np.bincount(winners, weights=weights[winners_rows, j], minlength=n) for j in range(m)]
    )
    return _Partial(levels, rank_counts, [central], pairwise)


def _competition_positions(ordered: np.ndarray) -> np.ndarray:
    """Rank positions (0 = first) of ascending rows, tied scores sharing the better position."""
    n = ordered.shape[1]
    descending = ordered[:, ::-1]
    new = np.ones(descending.shape, bool)
    new[:, 1:] = descending[:, 1:] != descending[:, :-1]
    positions = np.maximum.accumulate(np.where(new, np.arange(n), 0), axis=1)
    result: np.ndarray = positions[:, ::-1]
    return result


def _pairwise_counts(scores: np.ndarray, n: int) -> np.ndarray:
    counts = np.zeros((n, n), np.int64)
    step = max(1, 4_000_000 // max(n * n, 1))
    for start in range(0, scores.shape[0], step):
        part = scores[start : start + step]
        counts += np.count_nonzero(part[:, :, None] > part[:, None, :], axis=0)
    return counts


def central_means(sums: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    central = np.full(sums.shape, np.nan)
    won = firsts > 0
    central[won] = sums[won] / firsts[won, None]
    return central


def _confidence(setup: Setup, central: np.ndarray, workers: int | None) -> np.ndarray:
    """P(rank 1 with its own central weights), over the value uncertainty only."""
    n = central.shape[0]
    confidence = np.full(n, np.nan)
    candidates = np.flatnonzero(~np.isnan(central).any(axis=1))
    count = setup.confidence_samples
    if count == 0 or candidates.size == 0:
        return confidence
    chosen = central[candidates]
    step = max(1, 4_000_000 // (n * candidates.size))

    def run(block: int) -> np.ndarray:
        size = min(BLOCK, count - block * BLOCK)
        values = setup.values.draw(setup.seed, CONFIDENCE_VALUES, block, size)
        wins = np.zeros(candidates.size, np.int64)
        for first in range(0, size, step):
            last = min(first + step, size)
            matrices = setup.values.matrices(values, first, last)
            weighed = product(matrices.reshape((last - first) * n, -1), chosen.T)
            scores = weighed.reshape(last - first, n, -1)
            # rank_key is monotone: the key of the highest score is the highest key.
            best = rank_key(scores.max(axis=1))
            mine = rank_key(scores[:, candidates, np.arange(candidates.size)])
            wins += np.count_nonzero(mine >= best, axis=0)
        return wins

    wins = np.zeros(candidates.size, np.int64)
    for part in _map(run, list(range(math.ceil(count / BLOCK))), workers):
        wins += part
    confidence[candidates] = wins / count
    return confidence


def collect(
    setup: Setup,
    level_counts: np.ndarray,
    rank_counts: np.ndarray,
    central: np.ndarray,
    confidence: np.ndarray,
    pairwise: np.ndarray,
) -> Robustness:
    chosen, samples = setup.plan, setup.samples
    levels = tuple(level.id for level in setup.compass.levels)
    acceptability = np.zeros((len(chosen.codes), len(levels)))
    acceptability[:, -1] = 1.0  # a failed gate: level "none" with probability 1
    acceptability[list(chosen.ranked)] = level_counts / samples
    rank_acceptability = rank_counts / samples
    pairs = (
        pairwise / setup.pairwise_samples
        if setup.pairwise_samples
        else np.full(pairwise.shape, np.nan)
    )
    shares = np.concatenate([acceptability.ravel(), rank_acceptability.ravel()])
    return Robustness(
        track=setup.track.id,
        regions=chosen.codes,
        levels=levels,
        criteria=tuple(c.id for c in setup.compass.criteria),
        samples=samples,
        seed=setup.seed,
        model=setup.model,
        level_acceptability=acceptability,
        rank_acceptability=rank_acceptability,
        central_weights=central,
        confidence=confidence,
        pairwise=pairs,
        excluded=chosen.excluded,
        mc_error=float(standard_error(shares, samples).max()) if shares.size else 0.0,
        confidence_samples=setup.confidence_samples,
        pairwise_samples=setup.pairwise_samples,
    )

"""Time Kompas's SMAA of 300 regions × 13 criteria × 100 000 samples beside a plain numpy SMAA.

What is timed: level acceptabilities (the classification form), rank acceptabilities and
central weights, for one track of the embedded compass, weights Dirichlet around the compass's
weights (κ = 100). Two problems, each in its own round-robin (every repeat runs every variant
once, in turn, after one warm-up run of each), medians reported:

1. *Weights and values uncertain*, as `kompas robustness` runs it: synthetic regions with about
   20 % of the judgements missing (drawn over their scale), about 5 % of the innovation indices
   missing (uniform over the value range) and about half of the rule-of-law estimates with a
   standard error (normal), and a mix of gate statuses (`synthetic.py`). Variants: `smaa` (its
   worker threads, and one thread; and with its defaults, which add the confidence factors
   and the pairwise winning chances), and the plain SMAA below, in chunks of samples (a value
   tensor of all 100 000 samples would take 2.8 GB). The two draw different random numbers: their
   acceptabilities can only agree within Monte Carlo error, and the output says how well.
2. *Only the weights uncertain*: synthetic regions of the same kind with every value known
   (missing judgements drawn once, no standard errors). Both get the same weight samples
   (`sample_weights`, drawn inside each timed run), so the level counts must be identical, and
   are checked; the rank counts too (no two regions tie here). The plain SMAA runs on all
   samples at once and in chunks.

The plain SMAA is the best straightforward alternative, written out below: draw a chunk of
weight samples (Dirichlet, numpy), build each sample's value matrix, score by a matrix product
(`einsum`, or `weights @ values.T` when no value is uncertain), level with `scoring.classify`,
rank with `argsort`, and count with `bincount`. It takes which cells are uncertain and how from
Kompas's `plan` (built inside its timed run, as `smaa` does).

Peak memory: the tracemalloc peak of a separate, untimed run of each variant (numpy reports its
arrays to tracemalloc), and the process's ru_maxrss at the end.

Left out: the plain SMAA computes no confidence factors and no pairwise winning chances (compare
it with `smaa` without them), ranks tied regions by position instead of sharing the better rank,
and does not replay exactly per block of samples; the ordering and interval weight models;
the other track; reading regions from the database and rendering pages.

    .venv/bin/python benchmarks/smaa_300.py [--regions 300] [--samples 100000] [--repeat 5]
        [--chunk 4096] [--seed 2023]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from synthetic import synthetic_regions

from kompas.dataset import default_data_dir
from kompas.engine import Compass, RegionInput, load_compass
from kompas.engine.robustness import Robustness, WeightModel, plan, sample_weights, smaa
from kompas.engine.scoring import classify, thresholds, track_weights

TRACK = "innovation"
MODEL = WeightModel.around(100.0)


@dataclass(frozen=True)
class Counts:
    """What both implementations count: per weighed region, levels, ranks and rank-1 weights."""

    levels: np.ndarray  # (regions, levels)
    ranks: np.ndarray  # (regions, ranks)
    central: np.ndarray  # (regions, criteria): summed weights of the samples ranking it first

    @classmethod
    def of(cls, result: Robustness) -> Counts:
        ranked = [result.regions.index(code) for code in result.ranked]
        first = result.rank_acceptability[:, :1] * result.samples
        central = np.nan_to_num(result.central_weights) * first
        return cls(
            np.rint(result.level_acceptability[ranked] * result.samples).astype(np.int64),
            np.rint(result.rank_acceptability * result.samples).astype(np.int64),
            central,
        )


def plain_smaa(
    compass: Compass,
    regions: Sequence[RegionInput],
    samples: int,
    seed: int,
    chunk: int,
    weights: np.ndarray | None = None,
) -> Counts:
    """The straightforward vectorised SMAA, a chunk of samples at a time (see the description).

    `weights` (samples × criteria) replaces the Dirichlet draws; values are drawn with one
    generator.
    """
    track = compass.track(TRACK)
    chosen = plan(compass, regions)
    cuts = thresholds(compass, track)
    alpha = MODEL.concentration * track_weights(compass, track).effective
    n, m, levels = len(chosen.ranked), len(compass.criteria), len(cuts) + 1
    rng = np.random.default_rng(seed)
    discrete = [c for c in chosen.cells if c.kind == "discrete"]
    uniform = [c for c in chosen.cells if c.kind == "uniform"]
    normal = [c for c in chosen.cells if c.kind == "normal"]
    counts = np.array([c.count for c in discrete])
    widest = max([c.count for c in discrete], default=1)
    tables = np.array(
        [list(chosen.groups[c.group].values) + [0.0] * (widest - c.count) for c in discrete]
    )
    low = np.array([c.low for c in uniform])
    width = np.array([c.width for c in uniform])
    mean, sd = np.array([c.mean for c in normal]), np.array([c.sd for c in normal])
    divisor = np.array([c.divisor for c in normal])
    functions = [compass.criteria[c.criterion].value_function for c in normal]
    level_counts = np.zeros((n, levels), np.int64)
    rank_counts = np.zeros((n, n), np.int64)
    central = np.zeros((n, m))
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        w = rng.dirichlet(alpha, size) if weights is None else weights[start : start + size]
        if chosen.cells:
            values = np.repeat(chosen.fixed[None], size, axis=0)
            if discrete:
                picks = (rng.random((size, len(discrete))) * counts).astype(np.intp)
                values[:, [c.region for c in discrete], [c.criterion for c in discrete]] = tables[
                    np.arange(len(discrete)), picks
                ]
            if uniform:
                drawn = low + width * rng.random((size, len(uniform)))
                values[:, [c.region for c in uniform], [c.criterion for c in uniform]] = drawn
            if normal:
                read = (mean + sd * rng.standard_normal((size, len(normal)))) / divisor
                for k, function in enumerate(functions):
                    assert function is not None
                    read[:, k] = np.interp(read[:, k], function.xs, function.ys)
                values[:, [c.region for c in normal], [c.criterion for c in normal]] = read
            scores = np.einsum("src,sc->sr", values, w)
        else:
            scores = w @ chosen.fixed.T
        level = classify(scores, cuts)
        index = np.arange(n) * levels + level
        level_counts += np.bincount(index.ravel(), minlength=n * levels).reshape(n, levels)
        order = np.argsort(-scores, axis=1)  # order[s, r]: the region at rank r + 1
        index = order * n + np.arange(n)
        rank_counts += np.bincount(index.ravel(), minlength=n * n).reshape(n, n)
        first = order[:, 0]
        for j in range(m):
            central[:, j] += np.bincount(first, weights=w[:, j], minlength=n)
    return Counts(level_counts, rank_counts, central)


def known_values(compass: Compass, count: int, seed: int) -> list[RegionInput]:
    """Synthetic regions with every value known: the missing judgements drawn once."""
    rng = np.random.default_rng(seed)
    filled = []
    for region in synthetic_regions(compass, count, seed):
        judgements = dict(region.judgements)
        for criterion in compass.criteria:
            if criterion.scale is not None and criterion.id not in judgements:
                ids = [c.id for c in criterion.scale.categories]
                judgements[criterion.id] = str(rng.choice(ids))
        filled.append(replace(region, judgements=judgements))
    return filled


def round_robin(
    variants: dict[str, Callable[[], object]], repeat: int
) -> tuple[dict[str, list[float]], dict[str, object]]:
    """Seconds per run of each variant, the variants taking turns; and each one's last output."""
    outputs = {name: run() for name, run in variants.items()}  # warm-up
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, run in variants.items():
            start = time.perf_counter()
            outputs[name] = run()
            times[name].append(time.perf_counter() - start)
    return times, outputs


def peak_memory(run: Callable[[], object]) -> float:
    """MiB: the tracemalloc peak of one run."""
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def report(
    variants: dict[str, Callable[[], object]], times: dict[str, list[float]], samples: int
) -> None:
    reference = statistics.median(next(iter(times.values())))
    print(
        f"  {'variant':<58} {'median':>8} {'min':>8} {'max':>8} {'µs/sample':>10}"
        f" {'× smaa':>7} {'peak MiB':>9}"
    )
    for name, runs in times.items():
        median = statistics.median(runs)
        print(
            f"  {name:<58} {median:>7.3f}s {min(runs):>7.3f}s {max(runs):>7.3f}s"
            f" {1e6 * median / samples:>10.2f} {median / reference:>7.2f}"
            f" {peak_memory(variants[name]):>9.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    samples, seed, chunk = args.samples, args.seed, args.chunk

    compass = load_compass(default_data_dir() / "compass.toml")
    uncertain = synthetic_regions(compass, args.regions, seed, missing_index=0.05, std_errors=True)
    known = known_values(compass, args.regions, seed)
    chosen = plan(compass, uncertain)
    kinds = [c.kind for c in chosen.cells]

    def kompas(regions: Sequence[RegionInput], workers: int | None = None) -> Robustness:
        return smaa(
            compass,
            regions,
            TRACK,
            MODEL,
            samples=samples,
            seed=seed,
            confidence_samples=0,
            pairwise_samples=0,
            workers=workers,
        )

    print(
        f"SMAA: {args.regions} regions × {len(compass.criteria)} criteria × {samples:,} samples"
        f" (weights Dirichlet κ = 100), track {TRACK}, seed {seed}, {os.cpu_count()} processors;"
        f" {args.repeat} repeats per variant, round-robin, after one warm-up run each"
    )
    print(
        f"weighed: {len(chosen.ranked)} regions ({len(chosen.excluded)} excluded by a failed gate)"
    )

    print()
    print(
        f"1. weights and values uncertain: {kinds.count('discrete')} missing judgements"
        f" (discrete), {kinds.count('uniform')} missing indicators (uniform),"
        f" {kinds.count('normal')} estimates with a standard error (normal)"
    )
    full: dict[str, Callable[[], object]] = {
        "kompas smaa: levels + ranks + central weights": lambda: kompas(uncertain),
        "kompas smaa, the same on one thread": lambda: kompas(uncertain, workers=1),
        "kompas smaa with its defaults (+ confidence, pairwise)": lambda: smaa(
            compass, uncertain, TRACK, MODEL, samples=samples, seed=seed
        ),
        f"plain numpy SMAA, chunks of {chunk:,} samples": lambda: plain_smaa(
            compass, uncertain, samples, seed, chunk
        ),
    }
    times, outputs = round_robin(full, args.repeat)
    report(full, times, samples)
    mine = Counts.of(kompas(uncertain))
    plain = outputs[f"plain numpy SMAA, chunks of {chunk:,} samples"]
    assert isinstance(plain, Counts)
    p, q = mine.levels / samples, plain.levels / samples
    error = np.sqrt(((p + q) / 2) * (1 - (p + q) / 2) * 2 / samples)
    z = np.abs(p - q) / np.maximum(error, 1e-12)
    print(
        f"  smaa and plain (other random numbers): of {p.size} level acceptabilities, the largest"
        f" difference is {np.abs(p - q).max():.4f} ({z.max():.1f} standard errors of the"
        f" difference); {np.mean(z > 2):.1%} differ by more than 2 standard errors"
    )

    print()
    assert not plan(compass, known).cells
    print("2. only the weights uncertain (every value known), the same weight samples")

    def same_weights() -> np.ndarray:
        return sample_weights(compass, TRACK, MODEL, samples, seed)

    alone: dict[str, Callable[[], object]] = {
        "kompas smaa: levels + ranks + central weights": lambda: kompas(known),
        "plain numpy SMAA, all samples at once": lambda: plain_smaa(
            compass, known, samples, seed, samples, same_weights()
        ),
        f"plain numpy SMAA, chunks of {chunk:,} samples": lambda: plain_smaa(
            compass, known, samples, seed, chunk, same_weights()
        ),
    }
    times, outputs = round_robin(alone, args.repeat)
    report(alone, times, samples)
    mine = Counts.of(kompas(known))
    for name, output in list(outputs.items())[1:]:
        assert isinstance(output, Counts)
        print(
            f"  {name}: identical level counts {np.array_equal(mine.levels, output.levels)},"
            f" identical rank counts {np.array_equal(mine.ranks, output.ranks)},"
            f" central weight sums within 1e-9 relative"
            f" {np.allclose(mine.central, output.central, rtol=1e-9, atol=0)}"
        )

    print()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ru_maxrss of the whole process: {maxrss:.0f} MiB")


if __name__ == "__main__":
    main()

"""Time a full SMAA of 300 regions × 13 criteria × 100 000 weight samples, beside a plain one.

Full SMAA = level acceptabilities (the classification form), rank acceptabilities and central
weights, for one track of the embedded compass, with missing judgements drawn over their scale
(the interval as a distribution) and indicator estimates drawn around their published value.
The confidence factors and the pairwise winning chances are timed separately.

Synthetic regions: about 20 % of the judgements missing, about 5 % of the innovation indices
missing, about half of the rule-of-law (WGI-like) estimates published with a standard error, a
mix of gate statuses (as in `assess_300.py`). Weights: Dirichlet around the compass weights,
κ = 100.

Beside it, in the same run and on the same inputs, `smaa_reference`: one sample at a time in
plain Python. It is timed on fewer samples (`--reference-samples`) and its time per sample is
extrapolated to the full count (said so in the output); on those samples the two must give the
same counts. Peak memory: the tracemalloc peak of a separate, untimed vectorised run, and the
process's ru_maxrss at the end.

    .venv/bin/python benchmarks/smaa_300.py [--regions 300] [--samples 100000] [--repeat 5]
        [--reference-samples 2000] [--seed 2023]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import tracemalloc

import numpy as np
from synthetic import synthetic_regions, timed

from kompas.dataset import default_data_dir
from kompas.engine import load_compass
from kompas.engine.robustness import Robustness, WeightModel, plan, smaa, smaa_reference

TRACK = "innovation"
MODEL = WeightModel.around(100.0)


def row(name: str, seconds: float, note: str = "") -> None:
    print(f"{name:<64} {seconds:>9.3f} s  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reference-samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()

    compass = load_compass(default_data_dir() / "compass.toml")
    regions = synthetic_regions(
        compass, args.regions, args.seed, missing_index=0.05, std_errors=True
    )
    chosen = plan(compass, regions)
    kinds = [c.kind for c in chosen.cells]
    samples, seed = args.samples, args.seed

    def core(count: int = samples, workers: int | None = None) -> Robustness:
        return smaa(
            compass,
            regions,
            TRACK,
            MODEL,
            samples=count,
            seed=seed,
            confidence_samples=0,
            pairwise_samples=0,
            workers=workers,
        )

    print(
        f"SMAA: {args.regions} regions × {len(compass.criteria)} criteria × {samples:,} weight"
        f" samples (Dirichlet κ = 100), track {TRACK}, seed {seed}, {os.cpu_count()} processors"
    )
    print(
        f"weighed: {len(chosen.ranked)} regions ({len(chosen.excluded)} excluded by a failed gate);"
        f" uncertain cells: {kinds.count('discrete')} missing judgements (discrete),"
        f" {kinds.count('uniform')} missing indicators (uniform),"
        f" {kinds.count('normal')} estimates with a standard error (normal)"
    )
    print()
    times = timed(core, args.repeat)
    median = statistics.median(times)
    row(
        "vectorised smaa: levels + ranks + central weights",
        median,
        f"median of {len(times)} (min {min(times):.3f} s) = {1e6 * median / samples:.2f} µs/sample",
    )
    single = timed(lambda: core(workers=1), max(1, args.repeat // 2))
    row("  the same on one thread", statistics.median(single), f"median of {len(single)}")
    extras: list[tuple[str, int | None, int | None]] = [
        ("  with confidence factors (2 000 value samples)", None, 0),
        ("  with pairwise winning chances (first 2 000 samples)", 0, None),
        ("  with both (the defaults of smaa)", None, None),
    ]
    for name, confidence, pairwise in extras:

        def full(confidence: int | None = confidence, pairwise: int | None = pairwise) -> None:
            smaa(
                compass,
                regions,
                TRACK,
                MODEL,
                samples=samples,
                seed=seed,
                confidence_samples=confidence,
                pairwise_samples=pairwise,
            )

        total = statistics.median(timed(full, 3))
        row(name, total, f"median of 3; {total - median:+.3f} s beside the core")
    count = args.reference_samples
    start = time.perf_counter()
    slow = smaa_reference(
        compass,
        regions,
        TRACK,
        MODEL,
        samples=count,
        seed=seed,
        confidence_samples=0,
        pairwise_samples=0,
    )
    reference = time.perf_counter() - start
    per_sample = reference / count
    row(
        f"per-sample reference: the same, on {count:,} samples (measured)",
        reference,
        f"= {1e3 * per_sample:.2f} ms/sample",
    )
    row(
        f"  extrapolated to {samples:,} samples (not measured)",
        per_sample * samples,
        f"≈ {per_sample * samples / median:,.0f} × the vectorised time",
    )
    fast = core(count)
    same = np.array_equal(fast.level_acceptability, slow.level_acceptability) and np.array_equal(
        fast.rank_acceptability, slow.rank_acceptability
    )
    print(f"same level and rank counts on those {count:,} samples: {same}")

    tracemalloc.start()
    result = core()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: tracemalloc peak of a separate vectorised run {peak / 2**20:.1f} MiB;"
        f" ru_maxrss of the whole process {maxrss:.0f} MiB"
    )
    verdict = "met" if median <= 1.0 else "NOT met"
    print(
        f"target (full SMAA in at most 1 s): {verdict};"
        f" Monte Carlo error of the acceptabilities ≤ {result.mc_error:.4f}"
    )


if __name__ == "__main__":
    main()

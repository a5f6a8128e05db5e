"""What the benchmarks share: synthetic regions for the embedded compass, and timers."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np

from kompas.engine import Compass, Gate, IndicatorValue, Reading, RegionInput
from kompas.engine.model import GateStatus


def synthetic_regions(
    compass: Compass,
    count: int,
    seed: int,
    missing_index: float = 0.0,
    std_errors: bool = False,
) -> list[RegionInput]:
    """Regions with about 80 % of the judgements known, a mix of gate statuses (85 % pass, 10 %
    unknown, 5 % fail), and every indicator known except, with `missing_index`, that share of
    the innovation indices; with `std_errors`, about half of the rule-of-law estimates carry a
    standard error of 0.15 to 0.25 (as the WGI publishes)."""
    rng = np.random.default_rng(seed)
    regions = []
    for i in range(count):
        code = f"R{i:03d}"
        judgements, readings = {}, {}
        for criterion in compass.criteria:
            if criterion.scale is not None:
                if rng.random() < 0.8:
                    judgements[criterion.id] = str(
                        rng.choice([c.id for c in criterion.scale.categories])
                    )
                continue
            assert criterion.value_function is not None
            if (
                missing_index
                and criterion.id == "innovation_level"
                and rng.random() < missing_index
            ):
                continue  # no index value for this region: the whole range, uniformly
            xs = criterion.value_function.xs
            error = None
            if std_errors and criterion.id == "rule_of_law":
                error = float(rng.uniform(0.15, 0.25))
            number = float(rng.uniform(xs[0], xs[-1]))
            if std_errors and rng.random() >= 0.5:
                error = None
            value = IndicatorValue(code, criterion.indicators[0], "1", None, number, "x", error)
            reference = IndicatorValue("REF", criterion.indicators[0], "1", None, 1.0, "x")
            relative = criterion.relative_to_reference
            readings[criterion.id] = Reading(
                code, value, "REF" if relative else "", reference if relative else None
            )
        statuses: list[GateStatus] = ["pass", "unknown", "fail"]
        picks = rng.choice(3, size=len(compass.preconditions), p=[0.85, 0.1, 0.05])
        gates = {p.id: Gate(statuses[k]) for p, k in zip(compass.preconditions, picks, strict=True)}
        regions.append(RegionInput(code, readings, judgements, gates))
    return regions


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per run, after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def interleaved(runs: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds per run of each variant, after one warm-up run of each, measured round-robin:
    every round runs each variant once, in turn, so a slower or faster stretch of the machine
    (other processes, frequency scaling) falls on all variants alike."""
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times

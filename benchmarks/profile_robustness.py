"""How long the robustness section of a region profile takes to build (SMAA of the round's
regions, 5 000 weight samples, and the tornado chart), on the embedded default data or on a
database grown with synthetic regions (database.py).

Moved here from tests/regions/test_profile_robustness.py, which asserted under one second: a
wall-clock limit in a test fails on a busy machine and says nothing on a fast one. Run it on a
quiet machine to compare before and after a change; it prints the median, the 95th percentile
and the largest time of `--repeat` builds after one warm-up, cold (the data version raised
just before, as any save does) and warm (cached for the data version).

    .venv/bin/python benchmarks/profile_robustness.py [--region DE2] [--regions 0] [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from collections.abc import Callable

import database


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--region", default="DE2", help="the region whose profile is built")
    parser.add_argument(
        "--regions", type=int, default=0, help="grow the round to this many decided regions"
    )
    parser.add_argument("--repeat", type=int, default=20, help="measured builds")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    own_home = "KOMPAS_HOME" not in os.environ
    home = database.prepare()
    try:
        measure(args)
    finally:
        if own_home:
            shutil.rmtree(home, ignore_errors=True)


def measure(args: argparse.Namespace) -> None:
    if args.regions:
        database.grow(args.regions)
    from kompas.regions.models import Region
    from kompas.regions.profile import robustness
    from kompas.shared.state import weighing
    from kompas.shared.version import bump

    state = weighing(live=True)
    region = Region.objects.get(code=args.region)
    robustness.robustness_context(state, region)  # warm-up: imports, first numpy calls
    warm, cold = [], []
    for _ in range(args.repeat):
        bump()  # as any save does: what was cached for the old data version is not used
        cold.append(timed(lambda: robustness.robustness_context(state, region)))
        warm.append(timed(lambda: robustness.robustness_context(state, region)))
    print(
        f"robustness section of {args.region}, {database.decided()} decided regions,"
        f" {args.repeat} builds each (load average {os.getloadavg()[0]:.2f}):\n"
        f"  cold (after a change): {summary(cold)}\n"
        f"  warm (cached):         {summary(warm)}"
    )


def timed(build: Callable[[], object]) -> float:
    started = time.perf_counter()
    build()
    return (time.perf_counter() - started) * 1000


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"median {median:.1f} ms · p95 {p95:.1f} ms · max {ordered[-1]:.1f} ms"


if __name__ == "__main__":
    main()

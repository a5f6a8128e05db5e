"""Time a full assessment of 300 synthetic regions × 13 criteria, beside an MCDA library.

Full assessment = gates, score intervals, levels and explanations (contributions, strong and
weak points, smallest judgement and weight changes), for one track, on the embedded compass.
Beside it, in the same run and on the same 300 × 13 matrix (point values), the weighted sum of
scikit-criteria (`WeightedSumModel`) and a bare numpy matrix product.

    .venv/bin/python benchmarks/assess_300.py [--regions 300] [--repeat 15] [--seed 2023]
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np
from skcriteria import mkdm
from skcriteria.agg.simple import WeightedSumModel
from synthetic import synthetic_regions, timed

from kompas.dataset import default_data_dir
from kompas.engine import assess, load_compass
from kompas.engine.scoring import bounds_matrix, track_weights


def report(name: str, times: list[float]) -> None:
    ms = [1000 * t for t in times]
    print(
        f"{name:<52} median {statistics.median(ms):9.3f} ms   min {min(ms):9.3f} ms   (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()

    compass = load_compass(default_data_dir() / "compass.toml")
    regions = synthetic_regions(compass, args.regions, args.seed)
    track = compass.track("innovation")
    weights = track_weights(compass, track).effective
    low, _, _ = bounds_matrix(compass, regions)
    decision = mkdm(low, [max] * low.shape[1], weights=weights)
    model = WeightedSumModel()

    print(f"{args.regions} regions × {len(compass.criteria)} criteria, seed {args.seed}")
    report(
        "kompas assess, one track (gates+scores+levels+explain)",
        timed(lambda: assess(compass, regions, track.id), args.repeat),
    )
    report(
        "kompas assess, both tracks",
        timed(lambda: [assess(compass, regions, t.id) for t in compass.tracks], args.repeat),
    )
    report(
        "scikit-criteria WeightedSumModel.evaluate",
        timed(lambda: model.evaluate(decision), args.repeat),
    )
    report("numpy matrix @ weights", timed(lambda: low @ weights, args.repeat))

    advice = assess(compass, regions, track.id)
    reference = model.evaluate(decision).e_.score
    complete = [i for i, r in enumerate(regions) if len(r.judgements) == 11]
    same = np.allclose([advice[i].score_low for i in complete], reference[complete])
    print(f"scores of the {len(complete)} complete regions equal scikit-criteria's: {same}")


if __name__ == "__main__":
    main()

"""Time point assessment of 300 synthetic regions × 13 criteria, both tracks, with explanations.

Point assessment = from the regions' inputs (`RegionInput`: categories, indicator readings, gate
statuses) to the advice of every region on both tracks of the embedded compass: building the
arrays of value bounds, gates, score intervals, levels, the criteria that could change the level
and the decisive ones, contributions per criterion and aspect, strongest and weakest points, and
the smallest judgement and weight changes up and down (`assess(..., explanations=True)`).

The embedded compass gives both tracks the same weights and thresholds, so `assess_tracks`
weighs them once (the advice differs only in the track's name). To show the cost of two tracks
that differ, the run also weighs a copy of the compass whose second track doubles the weight of
the first aspect ("tracks apart"): there each track is weighed in full.

Variants, measured in the same run and interleaved (each round runs every variant once, in
turn, so a busy stretch of the machine falls on all alike):

- kompas `assess_tracks`, vectorised: all regions at once in numpy, arrays built inside each
  call; on the embedded compass and on the compass with the tracks apart;
- the per-region reference (tests/engine/reference_assess.py; the implementation before
  vectorisation): the same work, region by region, giving the same advice (checked below);
- a bare numpy weighted sum `low @ w` of the prebuilt 300 × 13 matrix of point values (the
  worst case where a value is unknown), for both tracks' weights: the floor;
- scikit-criteria's `WeightedSumModel.evaluate` on the same matrix, both tracks.

Left out: reading the data (database or data folder) and resolving indicator readings with
national proxies into `RegionInput`s; the robustness analysis (SMAA) and weight sensitivity;
turning the advice into pages, text or JSON. The numpy and scikit-criteria rows do only the
weighted sum of a prebuilt matrix: no gates, intervals, levels or explanations.

    .venv/bin/python benchmarks/assess_300.py [--regions 300] [--repeat 30] [--seed 2023]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
from pathlib import Path

import numpy as np
from skcriteria import mkdm
from skcriteria.agg.simple import WeightedSumModel
from synthetic import interleaved, synthetic_regions

from kompas.dataset import default_data_dir
from kompas.engine import Compass, assess, load_compass
from kompas.engine.assess import assess_tracks
from kompas.engine.scoring import bounds_matrix, track_weights

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: its tests
from tests.engine import reference_assess

TARGET_MS = 15.0  # vectorised, both tracks, with explanations


def tracks_apart(compass: Compass) -> Compass:
    """The compass with its second track weighing the first aspect double."""
    first, second, *rest = compass.tracks
    aspect = compass.aspects[0]
    changed = dataclasses.replace(second, aspect_weights={aspect.id: 2 * aspect.weight})
    return dataclasses.replace(compass, tracks=(first, changed, *rest))


def report(name: str, times: list[float]) -> None:
    ms = [1000 * t for t in times]
    print(
        f"{name:<56} median {statistics.median(ms):9.3f} ms   min {min(ms):9.3f} ms   (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()

    compass = load_compass(default_data_dir() / "compass.toml")
    regions = synthetic_regions(compass, args.regions, args.seed)
    tracks = [t.id for t in compass.tracks]
    apart = tracks_apart(compass)
    weights = [track_weights(compass, t).effective for t in compass.tracks]
    low, _, _ = bounds_matrix(compass, regions)
    decisions = [mkdm(low, [max] * low.shape[1], weights=w) for w in weights]
    model = WeightedSumModel()

    times = interleaved(
        {
            "kompas assess_tracks, vectorised (arrays+gates+levels+explain)": lambda: assess_tracks(
                compass, regions, tracks
            ),
            "kompas assess_tracks, vectorised, tracks apart": lambda: assess_tracks(
                apart, regions, tracks
            ),
            "per-region reference (tests/engine/reference_assess.py)": lambda: [
                reference_assess.assess(compass, regions, t) for t in tracks
            ],
            "numpy low @ w (prebuilt matrix)": lambda: [low @ w for w in weights],
            "scikit-criteria WeightedSumModel.evaluate (prebuilt)": lambda: [
                model.evaluate(d) for d in decisions
            ],
        },
        args.repeat,
    )
    print(
        f"{args.regions} regions × {len(compass.criteria)} criteria, both tracks"
        f" ({', '.join(tracks)}), seed {args.seed}, {args.repeat} interleaved rounds"
    )
    for name, found in times.items():
        report(name, found)

    both = assess_tracks(compass, regions, tracks)
    vectorised = [a for t in tracks for a in both[t]]
    vectorised_alone = [a for t in tracks for a in assess(compass, regions, t)]
    per_region = [a for t in tracks for a in reference_assess.assess(compass, regions, t)]
    apart_both = assess_tracks(apart, regions, tracks)
    apart_reference = [a for t in tracks for a in reference_assess.assess(apart, regions, t)]
    same = vectorised == per_region == vectorised_alone
    same &= [a for t in tracks for a in apart_both[t]] == apart_reference
    print(
        "advice equal to the per-region reference (every field, both compasses):"
        f" {same} ({len(vectorised) + len(apart_reference)})"
    )
    complete = [i for i, r in enumerate(regions) if len(r.judgements) == 11]
    agree = all(
        np.allclose(
            [vectorised[k * len(regions) + i].score_low for i in complete],
            model.evaluate(d).e_.score[complete],
        )
        for k, d in enumerate(decisions)
    )
    print(f"scores of the {len(complete)} complete regions equal scikit-criteria's: {agree}")
    medians = [1000 * statistics.median(found) for found in list(times.values())[:2]]
    print(
        f"target: vectorised both tracks ≤ {TARGET_MS:g} ms median:"
        f" embedded compass {medians[0] <= TARGET_MS}, tracks apart {medians[1] <= TARGET_MS}"
    )
    if not same or not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

"""How robust one region's advice is: the share of weight samples that keep its level, and a
tornado chart of its score against each weight.

The samples come from `engine.robustness.smaa` on the regions of the latest round (plus this
region when the round did not decide it), with a fixed seed so the page always shows the same
numbers; the tornado bars from `engine.sensitivity.tornado`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompas.dataset import region_inputs
from kompas.engine import Advice, Compass, RegionInput, assess
from kompas.engine.compass import Track
from kompas.engine.robustness import WeightModel, smaa
from kompas.engine.sensitivity import TornadoBar, tornado
from kompas.regions import models
from kompas.shared.charts import CHART_CONFIG, DANGER, PRIMARY, RULE, SCHEMA
from kompas.shared.formats import lang, number, percent
from kompas.shared.state import Weighing
from kompas.shared.version import remember

SAMPLES = 5_000
REDUCED_SAMPLES = 2_000
LARGE_ROUND = 80  # regions; beyond this only the region itself is weighed here
SEED = 0
SPREAD = 0.5
DIRECTIONS = {
    "down": gettext_lazy("Share lowered by half"),
    "up": gettext_lazy("Share raised by half"),
}


@dataclass(frozen=True)
class BarRow:
    """One tornado bar as the table shows it."""

    name: str
    share: str
    down_share: str
    up_share: str
    down: str
    up: str
    swing: str


@dataclass(frozen=True)
class TrackRobustness:
    track: Track
    advice: Advice
    probabilities: list[tuple[str, float, str]]  # level id, share, share as text; best first
    summary: str
    bars: list[TornadoBar]
    bar_rows: list[BarRow]
    tornado_spec: dict[str, Any]

    @property
    def tornado_id(self) -> str:
        return f"tornado-{self.track.id}"


def tornado_spec(compass: Compass, track: Track, bars: list[TornadoBar]) -> dict[str, Any]:
    """Horizontal bars per weight, from the score now to the score with the share lowered and
    raised; the level thresholds as vertical rules. Two bars (worst and best case) per weight
    while judgements are missing."""
    language = lang()
    names = {
        bar.target: (
            compass.aspect(bar.target).name(language) + " " + _("(aspect)")
            if bar.kind == "aspect_weight"
            else compass.criterion(bar.target).name(language)
        )
        for bar in bars
    }
    known = all(bar.base[0] == bar.base[1] for bar in bars)
    cases = [(0, _("score"))] if known else [(0, _("worst case")), (1, _("best case"))]
    data = []
    for order, bar in enumerate(bars):
        for end, case in cases:
            for direction, score, share in (
                ("down", bar.down[end], bar.share_down),
                ("up", bar.up[end], bar.share_up),
            ):
                data.append(
                    {
                        "weight": names[bar.target],
                        "order": order,
                        "case": case,
                        "direction": str(DIRECTIONS[direction]),
                        "start": bar.base[end],
                        "end": score,
                        "text": f"{number(bar.base[end], 3)} → {number(score, 3)}",
                        "share": f"{percent(bar.share)} → {percent(share)}",
                    }
                )
    rules = [
        {"threshold": track.thresholds[level.id], "level": level.name(language)}
        for level in compass.levels[:-1]
    ]
    y = {
        "field": "weight",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelLimit": 300, "labelFontSize": 12},
    }
    bar_encoding: dict[str, Any] = {
        "y": y,
        "x": {
            "field": "start",
            "type": "quantitative",
            "title": _("Score"),
            "scale": {"domain": [0, 1]},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
        },
        "x2": {"field": "end"},
        "color": {
            "field": "direction",
            "type": "nominal",
            "scale": {
                "domain": [str(DIRECTIONS["down"]), str(DIRECTIONS["up"])],
                "range": [DANGER, PRIMARY],
            },
            "legend": {"title": None, "orient": "top", "labelFontSize": 12},
        },
        "tooltip": [
            {"field": "weight", "title": _("Weight")},
            {"field": "case", "title": _("Case")},
            {"field": "share", "title": _("Share")},
            {"field": "text", "title": _("Score")},
        ],
    }
    if not known:
        case_order = [label for _end, label in cases]
        bar_encoding["yOffset"] = {"field": "case", "type": "nominal", "sort": case_order}
        bar_encoding["opacity"] = {
            "field": "case",
            "type": "nominal",
            "scale": {"domain": case_order, "range": [1.0, 0.45]},
            "legend": {"title": None, "orient": "top", "labelFontSize": 12},
        }
    return {
        "$schema": SCHEMA,
        "width": 440,
        "height": {"step": 24 if known else 13},  # with two cases: the step of each case
        "layer": [
            {
                "data": {"values": data},
                "mark": {"type": "bar", "height": {"band": 0.8}},
                "encoding": bar_encoding,
            },
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": RULE},
                "encoding": {
                    "x": {"field": "threshold", "type": "quantitative"},
                    "tooltip": [
                        {"field": "level", "title": _("Level")},
                        {"field": "threshold", "title": _("Minimum score")},
                    ],
                },
            },
        ],
        "config": CHART_CONFIG,
    }


def _regions(weighed: Weighing, code: str) -> tuple[list[RegionInput], int, str, str, bool]:
    """The regions to weigh: those of the round, this one added if the round did not
    decide it; only this one when the round is large. With the round's key and name."""
    stored, round_ = weighed.stored, weighed.round
    codes = [d.region for d in round_.decisions]
    if code not in codes:
        codes.append(code)
    reduced = len(codes) > LARGE_ROUND
    if reduced:
        codes = [code]
    name = (stored.name_en if lang() == "en" else stored.name_nl) if stored else ""
    key = stored.key if stored else ""
    inputs = region_inputs(weighed.dataset, weighed.compass, codes)
    return inputs, codes.index(code), key, name, reduced


def _shares_text(compass: Compass, shares: list[tuple[str, float, str]]) -> str:
    language = lang()
    return ", ".join(
        f"{compass.level(level).name(language)} ({text})" for level, _p, text in shares
    )


def summary(compass: Compass, advice: Advice, probabilities: list[tuple[str, float, str]]) -> str:
    """Advice stable in N % of the samples; the rest would be …, or what holds instead."""
    language = lang()
    drawn = [item for item in probabilities if item[1] > 0]
    if advice.excluded:
        return _("excluded by a precondition: “–” in every sample.")
    if advice.determined:
        level = advice.level_best
        share = next((text for lv, _p, text in probabilities if lv == level), percent(0.0))
        others = [item for item in drawn if item[0] != level]
        values = {
            "level": compass.level(level).name(language),
            "share": share,
            "others": _shares_text(compass, others),
        }
        text = (
            _("advice %(level)s stable in %(share)s of the samples; the rest would be %(others)s.")
            if others
            else _("advice %(level)s stable in %(share)s of the samples.")
        ) % values
    else:
        text = _("the advice is a range (%(worst)s … %(best)s); the samples give %(shares)s.") % {
            "worst": compass.level(advice.level_worst).name(language),
            "best": compass.level(advice.level_best).name(language),
            "shares": _shares_text(compass, drawn),
        }
    if advice.pending:
        text += " " + _("Pending: weighed as though the unknown preconditions are met.")
    return text


def bar_rows(compass: Compass, bars: list[TornadoBar]) -> list[BarRow]:
    language = lang()

    def score(pair: tuple[float, float]) -> str:
        if pair[0] == pair[1]:
            return number(pair[0], 3)
        return f"{number(pair[0], 3)}–{number(pair[1], 3)}"

    return [
        BarRow(
            compass.aspect(bar.target).name(language) + " " + _("(aspect)")
            if bar.kind == "aspect_weight"
            else compass.criterion(bar.target).name(language),
            percent(bar.share),
            percent(bar.share_down),
            percent(bar.share_up),
            score(bar.down),
            score(bar.up),
            number(bar.swing, 3),
        )
        for bar in bars
    ]


def track_robustness(
    compass: Compass, inputs: list[RegionInput], position: int, track: Track, samples: int
) -> TrackRobustness:
    region = inputs[position]
    result = smaa(
        compass,
        inputs,
        track.id,
        WeightModel(),
        samples=samples,
        seed=SEED,
        confidence_samples=0,
        pairwise_samples=0,
    )
    shares = result.level_probabilities(region.code)
    probabilities = [
        (level.id, float(shares.get(level.id, 0.0)), percent(float(shares.get(level.id, 0.0))))
        for level in compass.levels
    ]
    advice = assess(compass, [region], track.id, explanations=False)[0]
    bars = tornado(compass, region, track.id, SPREAD)
    return TrackRobustness(
        track,
        advice,
        probabilities,
        summary(compass, advice, probabilities),
        bars,
        bar_rows(compass, bars),
        tornado_spec(compass, track, bars),
    )


def robustness_context(weighed: Weighing, region: models.Region) -> dict[str, Any]:
    """Per track: the share of samples that keep the advice, the others, and the tornado.

    Computed once per data version and language (the samples are drawn with a fixed seed).
    """
    key = ("profile robustness", weighed.key, region.code, lang())
    return remember(key, lambda: _robustness_context(weighed, region.code))


def _robustness_context(weighed: Weighing, code: str) -> dict[str, Any]:
    inputs, position, key, name, reduced = _regions(weighed, code)
    samples = REDUCED_SAMPLES if reduced else SAMPLES
    tracks = [
        track_robustness(weighed.compass, inputs, position, track, samples)
        for track in weighed.compass.tracks
    ]
    return {
        "tracks": tracks,
        "samples": samples,
        "seed": SEED,
        "spread": percent(SPREAD),
        "round_key": key,
        "round_name": "" if reduced else name,
        "reduced": _(
            "The latest round weighs many regions, so to keep this page quick only this region "
            "is weighed here, with %(samples)s samples. The robustness page of the round weighs "
            "them all."
        )
        % {"samples": samples}
        if reduced
        else "",
    }

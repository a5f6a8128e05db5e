"""How robust a round's advice is: SMAA over the weights, and local weight stability intervals.

Per track, `engine.robustness.smaa` draws weights around the compass's own and counts how often
each region gets each level and each rank; `engine.sensitivity.stability_intervals` gives, per
weight, the shares within which no region changes level. Everything is computed on request from
the round's own compass and data (its snapshot when frozen), with the samples and seed in the
address, so the same address always shows the same numbers. Nothing is cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kompas.dataset import Dataset, region_inputs
from kompas.engine import Advice, Compass, RegionInput, assess
from kompas.engine.robustness import Robustness, WeightModel, smaa
from kompas.engine.sensitivity import Bound, WeightInterval, stability_intervals
from kompas.rounds.models import DecisionRound
from kompas.shared import charts
from kompas.shared.charts import CHART_CONFIG, SCHEMA
from kompas.shared.formats import lang, number, percent
from kompas.shared.state import weighing

DEFAULT_SAMPLES = 10_000
MAX_SAMPLES = 100_000
TOP_RANKED = 10  # regions in the rank heatmap
CASES = {
    "point": gettext_lazy("score"),
    "worst": gettext_lazy("worst case"),
    "best": gettext_lazy("best case"),
}


class RunForm(forms.Form):
    """The samples and seed of a run, read from the address (so a run can be replayed)."""

    samples = forms.IntegerField(
        label=gettext_lazy("Samples"), min_value=100, required=False, initial=DEFAULT_SAMPLES
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Seed"), min_value=0, max_value=2**32 - 1, required=False, initial=0
    )

    def run(self) -> tuple[int, int, bool]:
        """(samples, seed, capped): the defaults where empty; samples capped at the maximum."""
        data = self.cleaned_data
        samples = data.get("samples") or DEFAULT_SAMPLES
        seed = data.get("seed") or 0
        return min(samples, MAX_SAMPLES), seed, samples > MAX_SAMPLES


# -- charts -----------------------------------------------------------------------------------


def level_colours(compass: Compass) -> dict[str, Any]:
    """A Vega-Lite colour scale over the level names, in the page's level colours."""
    colours = charts.level_colours(compass)
    return {
        "domain": [level.name(lang()) for level in compass.levels],
        "range": [colours[level.id] for level in compass.levels],
    }


def level_chart(
    compass: Compass, rows: Sequence[tuple[str, dict[str, float]]], width: int = 520
) -> dict[str, Any]:
    """Stacked horizontal bars: per region (label), the probability of each level."""
    language = lang()
    order = {level.id: i for i, level in enumerate(compass.levels)}
    data = [
        {
            "region": label,
            "row": r,
            "level": compass.level(level).name(language),
            "order": order[level],
            "probability": p,
            "text": percent(p),
        }
        for r, (label, probabilities) in enumerate(rows)
        for level, p in probabilities.items()
        if p > 0
    ]
    return {
        "$schema": SCHEMA,
        "data": {"values": data},
        "width": width,
        "height": {"step": 22},
        "mark": {"type": "bar", "height": {"band": 0.75}},
        "encoding": {
            "y": {
                "field": "region",
                "type": "nominal",
                "sort": {"field": "row"},
                "title": None,
                "axis": {"labelLimit": 260, "labelFontSize": 12},
            },
            "x": {
                "field": "probability",
                "type": "quantitative",
                "stack": "zero",
                "scale": {"domain": [0, 1]},
                "axis": {"format": "%", "labelFontSize": 12, "titleFontSize": 12},
                "title": _("Share of the samples"),
            },
            "color": {
                "field": "level",
                "type": "nominal",
                "scale": level_colours(compass),
                "legend": {"title": None, "orient": "top", "labelFontSize": 12},
            },
            "order": {"field": "order"},
            "tooltip": [
                {"field": "region", "title": _("Region")},
                {"field": "level", "title": _("Level")},
                {"field": "text", "title": _("Share of the samples")},
            ],
        },
        "config": CHART_CONFIG,
    }


def rank_chart(labels: Sequence[str], matrix: np.ndarray) -> dict[str, Any]:
    """A heatmap: per region (rows) and rank (columns), the share of samples with that rank."""
    data = [
        {
            "region": label,
            "row": r,
            "rank": k + 1,
            "probability": float(matrix[r, k]),
            "text": percent(float(matrix[r, k])),
        }
        for r, label in enumerate(labels)
        for k in range(matrix.shape[1])
    ]
    return {
        "$schema": SCHEMA,
        "data": {"values": data},
        "width": {"step": 34},
        "height": {"step": 24},
        "mark": "rect",
        "encoding": {
            "y": {
                "field": "region",
                "type": "nominal",
                "sort": {"field": "row"},
                "title": None,
                "axis": {"labelLimit": 260, "labelFontSize": 12},
            },
            "x": {
                "field": "rank",
                "type": "ordinal",
                "title": _("Rank"),
                "axis": {"labelAngle": 0, "labelFontSize": 12, "titleFontSize": 12},
            },
            "color": {
                "field": "probability",
                "type": "quantitative",
                "scale": {"scheme": "blues", "domainMin": 0},
                "legend": {"title": _("Share of the samples"), "format": "%"},
            },
            "tooltip": [
                {"field": "region", "title": _("Region")},
                {"field": "rank", "title": _("Rank")},
                {"field": "text", "title": _("Share of the samples")},
            ],
        },
        "config": CHART_CONFIG,
    }


# -- what the page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRow:
    code: str
    label: str
    decided: str | None
    advice: Advice
    modal: str
    modal_probability: float
    probabilities: list[tuple[str, float]]  # (level id, share) for every level, best first
    first: float | None  # P(rank 1); None when gated out (not ranked)
    confidence: float | None

    @property
    def shares(self) -> list[str]:
        """The probability of each level as a percentage, for the table."""
        return [percent(p) for _level, p in self.probabilities]

    @property
    def modal_text(self) -> str:
        return percent(self.modal_probability)

    @property
    def first_text(self) -> str:
        return percent(self.first) if self.first is not None else "–"

    @property
    def confidence_text(self) -> str:
        return percent(self.confidence) if self.confidence is not None else "–"

    @property
    def excluded(self) -> bool:
        return self.advice.excluded

    @property
    def stable(self) -> bool:
        """The modal level of the samples is the level advised with the compass's weights."""
        return self.advice.determined and self.modal == self.advice.level

    @property
    def differs(self) -> bool:
        """A single advised level, but the samples most often give another one."""
        return self.advice.determined and not self.advice.excluded and not self.stable

    @property
    def as_decided(self) -> bool:
        return self.decided is not None and self.modal == self.decided


@dataclass(frozen=True)
class IntervalRow:
    name: str
    aspect: bool
    interval: WeightInterval
    low_text: str
    high_text: str

    @property
    def share(self) -> str:
        return percent(self.interval.share)

    @property
    def low(self) -> str:
        return percent(self.interval.low.share)

    @property
    def high(self) -> str:
        return percent(self.interval.high.share)


@dataclass(frozen=True)
class TrackRobustness:
    track: Any
    result: Robustness
    rows: list[RegionRow]
    level_spec: dict[str, Any]
    rank_rows: list[tuple[str, list[str]]]  # per top region: its label and P(rank k), k = 1…
    rank_spec: dict[str, Any] | None
    intervals: list[IntervalRow]

    @property
    def spec_id(self) -> str:
        return f"levels-{self.track.id}"

    @property
    def mc_error_text(self) -> str:
        return percent(self.result.mc_error)

    @property
    def determined_count(self) -> int:
        """Regions with a single advised level (not a range), excluded ones included."""
        return sum(1 for row in self.rows if row.advice.determined)

    @property
    def stable_count(self) -> int:
        """Regions with a single advised level that the samples most often give as well."""
        return sum(1 for row in self.rows if row.stable)

    @property
    def decided_count(self) -> int:
        """Regions whose most frequent level in the samples is the level decided."""
        return sum(1 for row in self.rows if row.as_decided)

    @property
    def rank_spec_id(self) -> str:
        return f"ranks-{self.track.id}"


def region_label(dataset: Dataset, labels: dict[str, str], code: str) -> str:
    if code in labels:
        return labels[code]
    region = dataset.regions.get(code)
    return region.name(lang()) if region else code


def bound_text(compass: Compass, bound: Bound, names: dict[str, str], lower: bool) -> str:
    """What sets one end of a stability interval, in words."""
    language = lang()
    if bound.region is None:
        if lower:
            return _("no region changes level, down to a share of 0 %")
        return _("no region changes level, up to a share of 100 %")
    assert bound.threshold_level is not None
    assert bound.threshold is not None
    assert bound.level_after is not None
    assert bound.level_before is not None
    order = [level.id for level in compass.levels]
    values = {
        "region": names.get(bound.region, bound.region),
        "case": CASES[bound.case or "point"],
        "threshold": number(bound.threshold),
        "level": compass.level(bound.threshold_level).name(language),
        "after": compass.level(bound.level_after).name(language),
    }
    if order.index(bound.level_after) < order.index(bound.level_before):
        return _("%(region)s (%(case)s) reaches %(level)s (minimum score %(threshold)s)") % values
    return (
        _(
            "%(region)s (%(case)s) falls below the minimum of %(level)s (%(threshold)s) "
            "and becomes %(after)s"
        )
        % values
    )


def interval_rows(
    compass: Compass, intervals: Sequence[WeightInterval], names: dict[str, str]
) -> list[IntervalRow]:
    language = lang()
    rows = []
    for interval in intervals:
        aspect = interval.kind == "aspect_weight"
        item = compass.aspect(interval.target) if aspect else compass.criterion(interval.target)
        if interval.movable:
            low = bound_text(compass, interval.low, names, lower=True)
            high = bound_text(compass, interval.high, names, lower=False)
        else:
            low = high = _("cannot change alone: the only weighted member of its group")
        rows.append(IntervalRow(item.name(language), aspect, interval, low, high))
    return rows


def track_robustness(
    compass: Compass,
    dataset: Dataset,
    inputs: Sequence[RegionInput],
    labels: dict[str, str],
    decided: dict[str, dict[str, str]],
    track_id: str,
    samples: int,
    seed: int,
) -> TrackRobustness:
    """SMAA and the stability intervals of one track, ready for the page."""
    track = compass.track(track_id)
    advice = {a.region: a for a in assess(compass, inputs, track_id, explanations=False)}
    result = smaa(compass, inputs, track_id, WeightModel(), samples=samples, seed=seed)
    names = {i.code: region_label(dataset, labels, i.code) for i in inputs}
    ranked = list(result.ranked)
    rows = []
    for code in result.regions:
        modal, p = result.modal_level(code)
        probabilities = result.level_probabilities(code)
        rows.append(
            RegionRow(
                code,
                names[code],
                decided.get(code, {}).get(track_id),
                advice[code],
                modal,
                float(p),
                [(level.id, float(probabilities.get(level.id, 0.0))) for level in compass.levels],
                result.first_probability(code),
                result.confidence_of(code),
            )
        )
    top = sorted(
        range(len(ranked)),
        key=lambda r: _expected_rank(result.rank_acceptability[r]),
    )[:TOP_RANKED]
    matrix = np.asarray(result.rank_acceptability)[top][:, : min(TOP_RANKED, len(ranked))]
    rank_labels = [names[ranked[r]] for r in top]
    return TrackRobustness(
        track,
        result,
        rows,
        level_chart(compass, [(row.label, dict(row.probabilities)) for row in rows]),
        [
            (label, [percent(float(x)) for x in line])
            for label, line in zip(rank_labels, matrix, strict=True)
        ],
        rank_chart(rank_labels, matrix) if top else None,
        interval_rows(compass, stability_intervals(compass, inputs, track_id), names),
    )


def _expected_rank(acceptability: np.ndarray) -> float:
    ranks = np.arange(1, len(acceptability) + 1)
    return float(np.asarray(acceptability) @ ranks)


def model_text(model: WeightModel) -> str:
    """How the weights are drawn, in words."""
    if model.kind == "dirichlet" and not model.exact:
        return _(
            "around the compass's own weights (Dirichlet, concentration %(kappa)s: the larger, "
            "the closer to the compass's weights)"
        ) % {"kappa": number(model.concentration, 0)}
    if model.exact:
        return _("the compass's own weights only")
    return str(model.kind)


@login_required
@require_GET
def page(request: HttpRequest, key: str) -> HttpResponse:
    stored = get_object_or_404(
        DecisionRound.objects.select_related("compass_version", "frozen_by"), key=key
    )
    form = RunForm(request.GET or None)
    context: dict[str, Any] = {"stored": stored, "form": form, "nav": "rounds"}
    if form.is_bound and not form.is_valid():
        return render(request, "rounds/robustness.html", context, status=400)
    samples, seed, capped = form.run() if form.is_bound else (DEFAULT_SAMPLES, 0, False)
    state = weighing(stored.key)
    codes = [d.region for d in state.round.decisions]
    inputs = region_inputs(state.dataset, state.compass, codes)
    labels = {d.region: d.label for d in state.round.decisions}
    decided = {d.region: dict(d.levels) for d in state.round.decisions}
    tracks = [
        track_robustness(state.compass, state.dataset, inputs, labels, decided, t.id, samples, seed)
        for t in state.compass.tracks
        if inputs  # a round without decisions has nothing to weigh
    ]
    context |= {
        "compass": state.compass,
        "frozen": state.frozen,
        "tracks": tracks,
        "samples": samples,
        "seed": seed,
        "capped": capped,
        "max_samples": MAX_SAMPLES,
        "model_text": model_text(WeightModel()),
        "regions": len(codes),
        "levels": state.compass.levels,
    }
    return render(request, "rounds/robustness.html", context)

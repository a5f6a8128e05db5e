"""Several analysts judging one criterion: one value, the spread, a flag, each analyst's advice.

Analysts judge a criterion of a region independently; `RegionInput.panels` holds their
categories. The compass says how they become one value (`Compass.aggregation`): the median or
the mean of the category values, which may lie between two categories. The spread is the number
of scale steps between the lowest and the highest category given; at `discuss_spread` steps or
more the criterion is flagged for discussion.

An analyst unsure between categories gives a range (lowest, highest); the combined value is then
an interval (see `combined`), and the spread counts only how far the analysts lie apart (0 when
their ranges overlap).

An analyst's own advice is the advice with that analyst's categories wherever the analyst is on
a panel; everything else (criteria judged by one analyst, panels the analyst is not on) stays as
it is, so the difference shows what this analyst's view changes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from kompas.engine.compass import Compass, Criterion, Scale
from kompas.engine.model import RegionInput

Judged = str | tuple[str, str]  # one category, or (lowest, highest) when the analyst is unsure

MAX_COMBINATIONS = 255  # the most combined values a panel's distribution keeps
MAX_ENUMERATED = 200_000  # beyond this many choices, `combinations` samples them


@dataclass(frozen=True)
class Panel:
    """The judgements of several analysts on one criterion of one region, and what they make.

    An analyst unsure between categories gives a range; the combined value is then an interval
    `low`..`high` (the method applied to every analyst's lowest, and to every highest, value).
    """

    criterion: str
    judgements: Mapping[str, Judged]  # analyst → category or range
    low: float
    high: float
    nearest: str  # the category nearest to `low` (the lower one on a tie)
    nearest_high: str  # the category nearest to `high`
    lowest: str  # the two categories furthest apart that the spread counts between
    highest: str
    spread: int  # scale steps by which the analysts' judgements lie apart (0: they overlap)
    discuss: bool

    @property
    def analysts(self) -> tuple[str, ...]:
        return tuple(self.judgements)

    @property
    def known(self) -> bool:
        return self.low == self.high

    @property
    def value(self) -> float:
        """The combined value; for a combined interval, its middle."""
        return (self.low + self.high) / 2


def span(scale: Scale, judged: Judged) -> tuple[int, int]:
    """The positions (lowest, highest) on the scale of a category or a range (KeyError/ValueError
    for a category not on the scale or a reversed range)."""
    first, last = (judged, judged) if isinstance(judged, str) else judged
    low, high = scale.index(first), scale.index(last)
    if low > high:
        raise ValueError(f"range {first!r}..{last!r} runs from better to worse")
    return low, high


def _method(values: list[float], method: str) -> float:
    if method == "mean":
        return float(np.mean(values))
    if method == "median":
        return float(np.median(values))
    raise ValueError(f"unknown aggregation {method!r}; expected median or mean")


def combined(scale: Scale, judgements: Mapping[str, Judged], method: str) -> tuple[float, float]:
    """The lowest and highest combined value: the method over every analyst's lowest category
    value, and over every highest (both methods are monotone, so every choice of categories
    within the ranges combines to a value in between)."""
    if not judgements:
        raise ValueError("a panel needs at least one judgement")
    spans = [span(scale, j) for j in judgements.values()]
    values = scale.categories
    low = _method([values[a].value for a, _ in spans], method)
    high = _method([values[b].value for _, b in spans], method)
    return low, high


def aggregate(scale: Scale, categories: Mapping[str, Judged], method: str) -> float:
    """The combined value of a panel without ranges (the middle of the interval with them)."""
    low, high = combined(scale, categories, method)
    return (low + high) / 2


def combinations(scale: Scale, judgements: Mapping[str, Judged], method: str) -> tuple[float, ...]:
    """The combined value for every choice of one category per analyst within their range,
    sorted, each choice once: drawn uniformly, it is the combined value when each unsure
    analyst's category is equally likely any of their range. More than `MAX_COMBINATIONS`
    are thinned to that many evenly spaced quantiles."""
    if method not in ("median", "mean"):
        raise ValueError(f"unknown aggregation {method!r}; expected median or mean")
    spans = [span(scale, j) for j in judgements.values()]
    values = scale.values
    choices = [values[a : b + 1] for a, b in spans]
    if math.prod(len(c) for c in choices) <= MAX_ENUMERATED:
        grids = np.meshgrid(*choices, indexing="ij")
        stacked = np.stack([g.ravel() for g in grids], axis=1)
    else:  # too many to list: a fixed sample of them, so the result is still reproducible
        rng = np.random.default_rng(0)
        stacked = np.stack([rng.choice(c, MAX_ENUMERATED) for c in choices], axis=1)
    found = np.median(stacked, axis=1) if method == "median" else np.mean(stacked, axis=1)
    found = np.sort(found)
    if len(found) > MAX_COMBINATIONS:
        positions = (np.arange(MAX_COMBINATIONS) + 0.5) / MAX_COMBINATIONS
        found = np.quantile(found, positions, method="inverted_cdf")
    return tuple(float(x) for x in found)


def nearest_category(scale: Scale, value: float) -> str:
    """The category whose value is nearest; on a tie the lower (worse) one."""
    distances = [abs(c.value - value) for c in scale.categories]
    return scale.categories[int(np.argmin(distances))].id


def panel_of(compass: Compass, criterion: Criterion, judgements: Mapping[str, Judged]) -> Panel:
    scale = criterion.scale
    if scale is None:
        raise ValueError(f"criterion {criterion.id!r} is not judged, it has no scale")
    spans = [span(scale, j) for j in judgements.values()]
    low, high = combined(scale, judgements, compass.aggregation.judgements)
    top_of_lowest = min(b for _, b in spans)  # the most pessimistic analyst's best category
    bottom_of_highest = max(a for a, _ in spans)  # the most optimistic analyst's worst one
    spread = max(0, bottom_of_highest - top_of_lowest)
    ends = (top_of_lowest, bottom_of_highest) if spread else (top_of_lowest, top_of_lowest)
    return Panel(
        criterion=criterion.id,
        judgements=dict(judgements),
        low=low,
        high=high,
        nearest=nearest_category(scale, low),
        nearest_high=nearest_category(scale, high),
        lowest=scale.categories[ends[0]].id,
        highest=scale.categories[ends[1]].id,
        spread=spread,
        discuss=spread >= compass.aggregation.discuss_spread,
    )


def panels(compass: Compass, region: RegionInput) -> tuple[Panel, ...]:
    """The region's panels in compass order; criteria not in the compass are left out."""
    return tuple(
        panel_of(compass, criterion, region.panels[criterion.id])
        for criterion in compass.criteria
        if criterion.id in region.panels and criterion.scale is not None
    )


def analysts(region: RegionInput) -> tuple[str, ...]:
    """Everyone on one of the region's panels, in the order they first appear."""
    return tuple(dict.fromkeys(a for panel in region.panels.values() for a in panel))


def own_input(region: RegionInput, analyst: str) -> RegionInput:
    """The region as this analyst judges it: the analyst's category (or range) on every panel
    they are on."""
    own = {c: panel[analyst] for c, panel in region.panels.items() if analyst in panel}
    single = {c: j for c, j in own.items() if isinstance(j, str)}
    ranged = {c: j for c, j in own.items() if not isinstance(j, str)}
    return replace(
        region,
        judgements={**region.judgements, **single},
        judgement_ranges={**region.judgement_ranges, **ranged},
        panels={c: panel for c, panel in region.panels.items() if c not in own},
    )

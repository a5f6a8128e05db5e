"""Several analysts judging one criterion: one value, the spread, a flag, each analyst's advice.

Analysts judge a criterion of a region independently; `RegionInput.panels` holds their
categories. The compass says how they become one value (`Compass.aggregation`): the median or
the mean of the category values, which may lie between two categories. The spread is the number
of scale steps between the lowest and the highest category given; at `discuss_spread` steps or
more the criterion is flagged for discussion.

An analyst's own advice is the advice with that analyst's categories wherever the analyst is on
a panel; everything else (criteria judged by one analyst, panels the analyst is not on) stays as
it is, so the difference shows what this analyst's view changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from kompas.engine.compass import Compass, Criterion, Scale
from kompas.engine.model import RegionInput


@dataclass(frozen=True)
class Panel:
    """The judgements of several analysts on one criterion of one region, and what they make."""

    criterion: str
    judgements: Mapping[str, str]  # analyst → category
    value: float
    nearest: str  # the category nearest to the value (the lower one on a tie)
    lowest: str
    highest: str
    spread: int  # scale steps between the lowest and the highest category given
    discuss: bool

    @property
    def analysts(self) -> tuple[str, ...]:
        return tuple(self.judgements)


def aggregate(scale: Scale, categories: Mapping[str, str], method: str) -> float:
    """The median or mean of the category values (KeyError for a category not on the scale)."""
    if not categories:
        raise ValueError("a panel needs at least one judgement")
    values = [scale.category(c).value for c in categories.values()]
    if method == "mean":
        return float(np.mean(values))
    if method == "median":
        return float(np.median(values))
    raise ValueError(f"unknown aggregation {method!r}; expected median or mean")


def nearest_category(scale: Scale, value: float) -> str:
    """The category whose value is nearest; on a tie the lower (worse) one."""
    distances = [abs(c.value - value) for c in scale.categories]
    return scale.categories[int(np.argmin(distances))].id


def panel_of(compass: Compass, criterion: Criterion, categories: Mapping[str, str]) -> Panel:
    scale = criterion.scale
    if scale is None:
        raise ValueError(f"criterion {criterion.id!r} is not judged, it has no scale")
    positions = sorted(scale.index(c) for c in categories.values())
    value = aggregate(scale, categories, compass.aggregation.judgements)
    spread = positions[-1] - positions[0]
    return Panel(
        criterion=criterion.id,
        judgements=dict(categories),
        value=value,
        nearest=nearest_category(scale, value),
        lowest=scale.categories[positions[0]].id,
        highest=scale.categories[positions[-1]].id,
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
    """The region as this analyst judges it: the analyst's category on every panel they are on."""
    own = {c: panel[analyst] for c, panel in region.panels.items() if analyst in panel}
    return replace(
        region,
        judgements={**region.judgements, **own},
        panels={c: panel for c, panel in region.panels.items() if c not in own},
    )

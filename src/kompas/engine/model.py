"""What the engine takes in about a region: indicator values, judgements and gate statuses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

GateStatus = Literal["pass", "fail", "unknown"]


@dataclass(frozen=True)
class IndicatorValue:
    """One published value: region × indicator × edition, with its source."""

    region: str
    indicator: str
    edition: str
    year: int | None
    value: float
    source: str
    std_error: float | None = None


@dataclass(frozen=True)
class Reading:
    """The value an indicator criterion uses for a region, and where it came from.

    `proxy` is true when the value belongs to an enclosing region (a national figure read for a
    sub-national region). For criteria read relative to the reference region, `reference` is the
    reference region's value on the same indicator and edition.
    """

    region: str
    value: IndicatorValue
    reference_region: str = ""
    reference: IndicatorValue | None = None

    @property
    def proxy(self) -> bool:
        return self.value.region != self.region

    @property
    def reference_proxy(self) -> bool:
        return self.reference is not None and self.reference.region != self.reference_region

    @property
    def input(self) -> float:
        """The number the value function reads: the value, or its ratio to the reference."""
        if self.reference is None:
            return self.value.value
        return self.value.value / self.reference.value

    @property
    def scope(self) -> Literal["regional", "national proxy"]:
        return "national proxy" if self.proxy else "regional"


@dataclass(frozen=True)
class Gate:
    status: GateStatus
    evidence: str = ""
    source: str = ""
    section: str = ""


@dataclass(frozen=True)
class RegionInput:
    """Everything the engine needs to weigh one region; criteria absent here are unknown.

    `judgement_ranges` holds judgements given as a range of categories, criterion → (lowest,
    highest) category ids of its scale: the judgement lies somewhere in that range, which is
    weighed like a missing judgement narrowed to those categories.

    `panels` holds the criteria that several analysts judged independently, criterion → analyst
    → category, or (lowest, highest) category for an analyst unsure between them; the compass's
    aggregation (median or mean of the category values) makes them one
    value (see `engine.panel`).

    A criterion belongs in one of the three; when it is in more, a range takes precedence over a
    panel, and a panel over a single category.
    """

    code: str
    readings: Mapping[str, Reading] = field(default_factory=dict)
    judgements: Mapping[str, str] = field(default_factory=dict)
    gates: Mapping[str, Gate] = field(default_factory=dict)
    judgement_ranges: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    panels: Mapping[str, Mapping[str, str | tuple[str, str]]] = field(default_factory=dict)

"""The weighing compass as a model: aspects, criteria, weights, scales, gates, tracks, levels.

Plain frozen dataclasses; reading and validating a compass file lives in `compass_file`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeVar

import numpy as np

Kind = Literal["indicator", "judgement"]
Direction = Literal["increasing", "decreasing"]


@dataclass(frozen=True)
class Named:
    id: str
    name_nl: str
    name_en: str

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


NamedT = TypeVar("NamedT", bound=Named)


@dataclass(frozen=True)
class Category(Named):
    value: float


@dataclass(frozen=True)
class Scale(Named):
    """An ordered verbal scale, worst category first."""

    categories: tuple[Category, ...]

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def index(self, category_id: str) -> int:
        return [c.id for c in self.categories].index(category_id)

    @property
    def values(self) -> np.ndarray:
        return np.array([c.value for c in self.categories])


@dataclass(frozen=True)
class ValueFunction:
    """Piecewise linear on fixed reference points, clamped outside them.

    Fixed points mean a region's value never depends on which other regions are assessed.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, x: float) -> float:
        return float(np.interp(x, self.xs, self.ys))

    @property
    def low(self) -> float:
        return min(self.ys)

    @property
    def high(self) -> float:
        return max(self.ys)


@dataclass(frozen=True)
class Aspect(Named):
    weight: float


@dataclass(frozen=True)
class Criterion(Named):
    aspect: str
    kind: Kind
    weight: float
    direction: Direction
    scale: Scale | None = None
    indicators: tuple[str, ...] = ()
    relative_to_reference: bool = False
    value_function: ValueFunction | None = None

    @property
    def value_range(self) -> tuple[float, float]:
        """The lowest and highest value this criterion can take: the range of a missing one."""
        if self.scale is not None:
            values = self.scale.values
            return float(values.min()), float(values.max())
        assert self.value_function is not None
        return self.value_function.low, self.value_function.high


@dataclass(frozen=True)
class Precondition(Named):
    rule_nl: str
    rule_en: str

    def rule(self, lang: str = "nl") -> str:
        return self.rule_en if lang == "en" else self.rule_nl


@dataclass(frozen=True)
class Level(Named):
    pass


@dataclass(frozen=True)
class Track(Named):
    executor: str
    thresholds: dict[str, float]
    aspect_weights: dict[str, float] = field(default_factory=dict)
    criterion_weights: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Theme(Named):
    cross_cutting: bool = False
    short_nl: str = ""
    short_en: str = ""

    def short(self, lang: str = "nl") -> str:
        """A short label for tables; the full name when none is configured."""
        return (self.short_en if lang == "en" else self.short_nl) or self.name(lang)


@dataclass(frozen=True)
class MissingDataPolicy:
    judgement: Literal["interval"] = "interval"
    indicator: Literal["proxy_then_interval", "interval"] = "proxy_then_interval"


@dataclass(frozen=True)
class Aggregation:
    """How several analysts' judgements on one criterion of one region become one value.

    `judgements`: the median or the mean of the analysts' category values (either may lie
    between two categories). `discuss_spread`: the analysts' categories lying this many scale
    steps apart or more flags the criterion for discussion.
    """

    judgements: Literal["median", "mean"] = "median"
    discuss_spread: int = 2


@dataclass(frozen=True)
class Compass:
    id: str
    version: str
    name_nl: str
    name_en: str
    reference_region: str
    status: str
    status_note_nl: str
    status_note_en: str
    source: str
    levels: tuple[Level, ...]
    tracks: tuple[Track, ...]
    aspects: tuple[Aspect, ...]
    criteria: tuple[Criterion, ...]
    preconditions: tuple[Precondition, ...]
    themes: tuple[Theme, ...]
    scales: dict[str, Scale]
    missing_data: MissingDataPolicy
    aggregation: Aggregation = field(default_factory=Aggregation)

    def criterion(self, criterion_id: str) -> Criterion:
        return _by_id(self.criteria, criterion_id)

    def track(self, track_id: str) -> Track:
        return _by_id(self.tracks, track_id)

    def level(self, level_id: str) -> Level:
        return _by_id(self.levels, level_id)

    def aspect(self, aspect_id: str) -> Aspect:
        return _by_id(self.aspects, aspect_id)

    def precondition(self, precondition_id: str) -> Precondition:
        return _by_id(self.preconditions, precondition_id)

    def theme(self, theme_id: str) -> Theme:
        return _by_id(self.themes, theme_id)

    @property
    def no_level(self) -> Level:
        """The last level, "–": what a failed gate gives."""
        return self.levels[-1]

    def criteria_of(self, aspect_id: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.aspect == aspect_id)


def _by_id(items: tuple[NamedT, ...], item_id: str) -> NamedT:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)

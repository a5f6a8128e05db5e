"""The default data as plain records: regions, sources, themes, judgements, gates, rounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from kompas.engine.model import IndicatorValue

Scheme = Literal["nuts", "iso3166-1", "iso3166-2", "group"]
TRACKS = ("innovation", "trade_invest")


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    publisher: str
    date: str = ""
    edition: str = ""
    file: str = ""
    sha256: str = ""
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Citation:
    source: str
    section: str = ""


@dataclass(frozen=True)
class Region:
    code: str
    scheme: Scheme
    name_nl: str
    name_en: str
    parent: str | None = None
    members: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    reference: bool = False
    cited: Citation | None = None

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl

    @property
    def is_group(self) -> bool:
        return self.scheme == "group"


@dataclass(frozen=True)
class RegionTheme:
    region: str
    wording: str
    cited: Citation
    theme: str | None = None
    avoid: bool = False


@dataclass(frozen=True)
class Judgement:
    """One analyst's judgement; `category_high` (when set) makes it a range from `category`
    (the lowest) to `category_high` (the highest): the analyst is unsure between them."""

    region: str
    criterion: str
    category: str
    rationale: str
    author: str
    cited: Citation
    date: str = ""
    category_high: str = ""

    @property
    def judged(self) -> str | tuple[str, str]:
        """The category, or (lowest, highest) for a range."""
        if self.category_high and self.category_high != self.category:
            return (self.category, self.category_high)
        return self.category


@dataclass(frozen=True)
class GateRecord:
    region: str
    precondition: str
    status: Literal["pass", "fail"]
    evidence: str
    cited: Citation
    date: str = ""
    author: str = ""


@dataclass(frozen=True)
class Statement:
    """What the narrative text says about a region's intended level on a track."""

    region: str
    track: str
    level: str
    quote: str
    cited: Citation


@dataclass(frozen=True)
class Relation:
    region: str
    phase_nl: str
    phase_en: str
    sectors: tuple[str, ...]
    quote: str
    cited: Citation


@dataclass(frozen=True)
class IndicatorDefinition:
    id: str
    name_nl: str
    name_en: str
    publisher: str
    unit: str = ""
    scale_min: float | None = None
    scale_max: float | None = None
    higher_is_better: bool = True
    has_std_error: bool = False
    description_nl: str = ""

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    track: str
    section: str = ""
    region: str = ""


@dataclass(frozen=True)
class Decision:
    region: str
    table_section: str
    label: str
    levels: dict[str, str]  # track id -> level id


@dataclass(frozen=True)
class Round:
    id: str
    name_nl: str
    name_en: str
    compass: str
    cited: Citation
    period_start: int | None = None
    period_end: int | None = None
    decisions: tuple[Decision, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    adopted: bool = True  # a draft round is never weighed unless someone picks it

    @cached_property
    def _decisions(self) -> dict[str, Decision]:
        return {d.region: d for d in reversed(self.decisions)}

    def decision(self, region: str) -> Decision | None:
        return self._decisions.get(region)

    def footnotes_for(self, decision: Decision, track: str) -> tuple[Footnote, ...]:
        return tuple(
            f
            for f in self.footnotes
            if f.track == track
            and (
                f.region == decision.region
                or (not f.region and f.section == decision.table_section)
            )
        )


@dataclass(frozen=True)
class Dataset:
    sources: dict[str, Source]
    regions: dict[str, Region]
    themes: tuple[RegionTheme, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    gates: tuple[GateRecord, ...] = ()
    statements: tuple[Statement, ...] = ()
    relations: tuple[Relation, ...] = ()
    indicators: dict[str, IndicatorDefinition] = field(default_factory=dict)
    values: tuple[IndicatorValue, ...] = ()
    rounds: dict[str, Round] = field(default_factory=dict)

    @property
    def reference(self) -> Region:
        return next(r for r in self.regions.values() if r.reference)

    @cached_property
    def parents(self) -> dict[str, str | None]:
        return {code: region.parent for code, region in self.regions.items()}

    @cached_property
    def _groups(self) -> dict[str, tuple[Region, ...]]:
        found: dict[str, list[Region]] = {}
        for region in self.regions.values():
            for member in dict.fromkeys(region.members):
                found.setdefault(member, []).append(region)
        return {code: tuple(groups) for code, groups in found.items()}

    @cached_property
    def _themes(self) -> dict[str, tuple[RegionTheme, ...]]:
        found: dict[str, list[RegionTheme]] = {}
        for theme in self.themes:
            found.setdefault(theme.region, []).append(theme)
        return {code: tuple(themes) for code, themes in found.items()}

    def groups_of(self, code: str) -> tuple[Region, ...]:
        return self._groups.get(code, ())

    def themes_of(self, code: str) -> tuple[tuple[RegionTheme, str | None], ...]:
        """The region's own themes, then those of the groups it belongs to (with the group code)."""
        own = tuple((t, None) for t in self._themes.get(code, ()))
        inherited = tuple(
            (t, group.code)
            for group in self.groups_of(code)
            for t in self._themes.get(group.code, ())
        )
        return own + inherited

    @cached_property
    def judgements_by_region(self) -> dict[str, tuple[Judgement, ...]]:
        found: dict[str, list[Judgement]] = {}
        for judgement in self.judgements:
            found.setdefault(judgement.region, []).append(judgement)
        return {code: tuple(items) for code, items in found.items()}

    @cached_property
    def gates_by_region(self) -> dict[str, tuple[GateRecord, ...]]:
        found: dict[str, list[GateRecord]] = {}
        for gate in self.gates:
            found.setdefault(gate.region, []).append(gate)
        return {code: tuple(items) for code, items in found.items()}

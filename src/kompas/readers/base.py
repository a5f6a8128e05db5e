"""What a reader returns, and how it refuses a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

# Called with (rows read, rows in all) while reading, for progress bars.
Progress = Callable[[int, int], None]


class SourceError(ValueError):
    """A file that cannot be imported; the message names file, sheet, row, column and problem."""

    def __init__(
        self, file: str, problem: str, *, sheet: str = "", row: int | None = None, column: str = ""
    ) -> None:
        where = [file]
        if sheet:
            where.append(f"sheet {sheet}")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column}")
        super().__init__(f"{': '.join(where)}: {problem}")
        self.file, self.sheet, self.row, self.column, self.problem = (
            file,
            sheet,
            row,
            column,
            problem,
        )


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator a source publishes (stored once; values refer to it by id)."""

    id: str
    name_nl: str
    name_en: str
    unit: str = ""
    scale_min: float | None = None
    scale_max: float | None = None
    higher_is_better: bool = True
    has_std_error: bool = False


@dataclass(frozen=True)
class Value:
    region: str  # a Kompas region code (ISO 3166-1 alpha-2, NUTS, ISO 3166-2)
    indicator: str
    edition: str
    year: int | None
    value: float
    std_error: float | None = None
    row: int = 0  # where it stands in the file, for reports


@dataclass(frozen=True)
class Skipped:
    """A row the reader did not take, and why (e.g. a territory without an ISO code)."""

    sheet: str
    row: int
    text: str
    reason: str


@dataclass(frozen=True)
class Shape:
    """A boundary for the map: a region's code, names and GeoJSON geometry (longitude/latitude)."""

    code: str  # a Kompas region code (ISO 3166-1 alpha-2 or NUTS)
    scheme: str  # "nuts" or "iso3166-1"
    level: int  # 0 for a country, else the NUTS level
    name_nl: str
    name_en: str
    parent: str | None
    geometry: dict[str, Any]  # a GeoJSON Polygon or MultiPolygon, coordinates rounded
    row: int = 0  # the feature's number in the file (1 = the first), for reports


@dataclass(frozen=True)
class Batch:
    source: str  # the reader's key
    publisher: str
    title: str
    edition: str  # the publisher's edition of this file (e.g. "2024", or "2013-2025")
    url: str
    indicators: tuple[IndicatorSpec, ...]
    values: tuple[Value, ...]
    skipped: tuple[Skipped, ...] = ()
    editions: tuple[str, ...] = field(default=())  # editions the file holds, newest first
    shapes: tuple[Shape, ...] = ()  # boundaries for the map (geometry files)


class Reader(Protocol):
    key: str
    title: str
    publisher: str
    url: str
    suffixes: tuple[str, ...]

    def read(self, path: Path, progress: Progress | None = None) -> Batch: ...

"""Read the data folder, check every field and every cross-reference, refuse bad data whole.

Errors name the file, the row (1-based position of the record, or the CSV line) and the field:
``judgements.toml: row 4: category: 'strongest' is not a category of scale 'strength'``.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import cast

from kompas.dataset.files import (
    CODE_PATTERNS,
    CSV_COLUMNS,
    DataError,
    GateRecordStatus,
    default_data_dir,
    file_records,
    unique,
)
from kompas.dataset.model import (
    TRACKS,
    Citation,
    Dataset,
    GateRecord,
    IndicatorDefinition,
    Judgement,
    Region,
    RegionTheme,
    Relation,
    Scheme,
    Source,
    Statement,
)
from kompas.dataset.points import FIELDS as POINT_FIELDS
from kompas.dataset.points import Point, read_point
from kompas.dataset.round_files import read_rounds
from kompas.engine.compass import Compass
from kompas.engine.model import IndicatorValue


def load_dataset(compass: Compass, folder: Path | None = None) -> Dataset:
    """Load and check the data folder (default: the embedded data) against a compass."""
    folder = folder or default_data_dir()
    sources = _sources(folder)
    regions = _regions(folder, sources, compass)
    indicators = _indicator_definitions(folder)
    return Dataset(
        sources=sources,
        regions=regions,
        themes=_themes(folder, sources, regions, compass),
        judgements=_judgements(folder, sources, regions, compass),
        gates=_gates(folder, sources, regions, compass),
        statements=_statements(folder, sources, regions, compass),
        relations=_relations(folder, sources, regions),
        indicators=indicators,
        values=_values(folder, sources, regions, indicators),
        rounds=read_rounds(folder, sources, regions, compass),
    )


@cache
def load_points(folder: Path | None = None) -> tuple[dict[str, Point], dict[str, Source]]:
    """The regions of the folder's regions.toml (default: the embedded data) that have a point
    for the map, by code, and the sources those points cite. Only what the map needs: the whole
    folder is checked by `load_dataset`."""
    folder = folder or default_data_dir()
    sources = _sources(folder)
    points = {}
    for record in file_records(folder, "regions.toml", "region", REGION_FIELDS):
        point = read_point(record, sources)
        if point is not None:
            points[record.text("code")] = point
    return points, {p.cited.source: sources[p.cited.source] for p in points.values()}


def _sources(folder: Path) -> dict[str, Source]:
    fields = (
        "id",
        "kind",
        "title",
        "publisher",
        "date",
        "edition",
        "file",
        "sha256",
        "url",
        "note",
    )
    records = file_records(folder, "sources.toml", "source", fields)
    unique(((r, r.text("id")) for r in records), "id")
    sources = {}
    for r in records:
        kind = r.one_of("kind", ("document", "dataset", "web"), "document, dataset or web")
        sha = r.text("sha256", False)
        if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise r.fail("sha256", "must be 64 lowercase hexadecimal characters")
        sources[r.text("id")] = Source(
            id=r.text("id"),
            kind=kind,
            title=r.text("title"),
            publisher=r.text("publisher"),
            date=r.text("date", False),
            edition=r.text("edition", False),
            file=r.text("file", False),
            sha256=sha,
            url=r.text("url", False),
            note=r.text("note", False),
        )
    return sources


REGION_FIELDS = (
    "code",
    "scheme",
    "name_nl",
    "name_en",
    "parent",
    "members",
    "aliases",
    "reference",
    "source",
    "section",
    *POINT_FIELDS,
)


def _regions(folder: Path, sources: Mapping[str, Source], compass: Compass) -> dict[str, Region]:
    records = file_records(folder, "regions.toml", "region", REGION_FIELDS)
    unique(((r, r.text("code")) for r in records), "code")
    codes = {r.text("code") for r in records}
    regions = {}
    for r in records:
        code = r.text("code")
        scheme = cast(
            Scheme, r.one_of("scheme", CODE_PATTERNS, "nuts, iso3166-1, iso3166-2 or group")
        )
        if not CODE_PATTERNS[scheme].match(code):
            raise r.fail("code", f"{code!r} is not a valid {scheme} code")
        parent = r.text("parent", False) or None
        if parent is not None and parent not in codes:
            raise r.fail("parent", f"{parent!r} is not a region in regions.toml")
        members = r.texts("members")
        for member in members:
            if member not in codes:
                raise r.fail("members", f"{member!r} is not a region in regions.toml")
        if members and scheme != "group":
            raise r.fail("members", "only groups have members")
        read_point(r, sources)  # kept apart from the region (see load_points), checked here
        reference = r.flag("reference")
        if reference and code != compass.reference_region:
            raise r.fail("reference", f"the compass names {compass.reference_region} as reference")
        regions[code] = Region(
            code,
            scheme,
            r.text("name_nl"),
            r.text("name_en"),
            parent,
            members,
            r.texts("aliases"),
            code == compass.reference_region,
            r.cited(sources) if "source" in r.raw else None,
        )
    if compass.reference_region not in regions:
        raise DataError(
            "regions.toml",
            None,
            "code",
            f"the compass's reference region {compass.reference_region} is missing",
        )
    return regions


def _themes(
    folder: Path, sources: Mapping[str, Source], regions: Mapping[str, Region], compass: Compass
) -> tuple[RegionTheme, ...]:
    fields = ("region", "theme", "wording", "avoid", "source", "section")
    theme_ids = [t.id for t in compass.themes]
    result = []
    for r in file_records(folder, "region_themes.toml", "theme", fields):
        theme = r.one_of("theme", theme_ids, "a theme of the compass") if "theme" in r.raw else None
        result.append(
            RegionTheme(
                r.one_of("region", regions, "a known region"),
                r.text("wording"),
                r.cited(sources),
                theme,
                r.flag("avoid"),
            )
        )
    return tuple(result)


def _judgements(
    folder: Path, sources: Mapping[str, Source], regions: Mapping[str, Region], compass: Compass
) -> tuple[Judgement, ...]:
    fields = (
        "region",
        "criterion",
        "category",
        "category_high",
        "rationale",
        "author",
        "date",
        "source",
        "section",
    )
    judged = [c.id for c in compass.criteria if c.kind == "judgement"]
    records = file_records(folder, "judgements.toml", "judgement", fields)
    unique(
        ((r, (r.text("region"), r.text("criterion"), r.text("author"))) for r in records),
        "author",
    )
    result = []
    for r in records:
        criterion = compass.criterion(
            r.one_of("criterion", judged, "a judgement criterion of the compass")
        )
        assert criterion.scale is not None
        ids = [c.id for c in criterion.scale.categories]
        category = r.one_of("category", ids, f"a category of scale '{criterion.scale.id}'")
        high = ""
        if "category_high" in r.raw:
            high = r.one_of("category_high", ids, f"a category of scale '{criterion.scale.id}'")
            if ids.index(high) < ids.index(category):
                raise r.fail(
                    "category_high",
                    f"{high!r} lies below category {category!r} (worst first: {', '.join(ids)})",
                )
        result.append(
            Judgement(
                r.one_of("region", regions, "a known region"),
                criterion.id,
                category,
                r.text("rationale"),
                r.text("author"),
                r.cited(sources) if "source" in r.raw else Citation("", r.text("section", False)),
                r.text("date", False),
                high if high != category else "",
            )
        )
    return tuple(result)


def _gates(
    folder: Path, sources: Mapping[str, Source], regions: Mapping[str, Region], compass: Compass
) -> tuple[GateRecord, ...]:
    fields = ("region", "precondition", "status", "evidence", "date", "source", "section")
    records = file_records(folder, "gates.toml", "gate", fields)
    unique(((r, (r.text("region"), r.text("precondition"))) for r in records), "precondition")
    return tuple(
        GateRecord(
            r.one_of("region", regions, "a known region"),
            r.one_of(
                "precondition",
                [p.id for p in compass.preconditions],
                "a precondition of the compass",
            ),
            cast(
                GateRecordStatus,
                r.one_of("status", ("pass", "fail"), "pass or fail (no row: unknown)"),
            ),
            r.text("evidence"),
            r.cited(sources),
            r.text("date", False),
        )
        for r in records
    )


def _statements(
    folder: Path, sources: Mapping[str, Source], regions: Mapping[str, Region], compass: Compass
) -> tuple[Statement, ...]:
    fields = ("region", "track", "level", "quote", "source", "section")
    return tuple(
        Statement(
            r.one_of("region", regions, "a known region"),
            r.one_of("track", TRACKS, "a track"),
            r.one_of("level", [lv.id for lv in compass.levels], "a level of the compass"),
            r.text("quote"),
            r.cited(sources),
        )
        for r in file_records(folder, "narratives.toml", "statement", fields)
    )


def _relations(
    folder: Path, sources: Mapping[str, Source], regions: Mapping[str, Region]
) -> tuple[Relation, ...]:
    fields = ("region", "phase_nl", "phase_en", "sectors", "quote", "source", "section")
    return tuple(
        Relation(
            r.one_of("region", regions, "a known region"),
            r.text("phase_nl"),
            r.text("phase_en"),
            r.texts("sectors"),
            r.text("quote"),
            r.cited(sources),
        )
        for r in file_records(folder, "relations.toml", "relation", fields)
    )


def _indicator_definitions(folder: Path) -> dict[str, IndicatorDefinition]:
    fields = (
        "id",
        "name_nl",
        "name_en",
        "publisher",
        "unit",
        "scale_min",
        "scale_max",
        "higher_is_better",
        "has_std_error",
        "description_nl",
    )
    records = file_records(folder, "indicators.toml", "indicator", fields)
    unique(((r, r.text("id")) for r in records), "id")
    return {
        r.text("id"): IndicatorDefinition(
            r.text("id"),
            r.text("name_nl"),
            r.text("name_en"),
            r.text("publisher"),
            r.text("unit", False),
            r.number("scale_min", False),
            r.number("scale_max", False),
            r.flag("higher_is_better") if "higher_is_better" in r.raw else True,
            r.flag("has_std_error"),
            r.text("description_nl", False),
        )
        for r in records
    }


def _values(
    folder: Path,
    sources: Mapping[str, Source],
    regions: Mapping[str, Region],
    indicators: Mapping[str, IndicatorDefinition],
) -> tuple[IndicatorValue, ...]:
    path = folder / "indicators.csv"
    if not path.exists():
        return ()
    name = path.name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise DataError(name, None, "-", f"not UTF-8 text ({error.reason})") from None
    reader = csv.DictReader(lines)
    if reader.fieldnames != CSV_COLUMNS:
        raise DataError(name, 1, "header", f"must be {','.join(CSV_COLUMNS)}")
    values, seen = [], set()
    for row in reader:
        line = reader.line_num  # the file's line number, also past blank lines the reader skips
        value = _value_row(name, line, row, sources, regions, indicators)
        key = (value.region, value.indicator, value.edition)
        if key in seen:
            raise DataError(name, line, "region", f"duplicate value for {key}")
        seen.add(key)
        values.append(value)
    return tuple(values)


def _value_row(
    name: str,
    line: int,
    row: Mapping[str, str | None],
    sources: Mapping[str, Source],
    regions: Mapping[str, Region],
    indicators: Mapping[str, IndicatorDefinition],
) -> IndicatorValue:
    def field(key: str, check: Callable[[str], bool], problem: str, required: bool = True) -> str:
        text = (row.get(key) or "").strip()
        if (required or text) and not check(text):
            raise DataError(name, line, key, f"{text!r} {problem}")
        return text

    def is_number(text: str) -> bool:
        try:
            return math.isfinite(float(text))
        except ValueError:
            return False

    if None in row:
        raise DataError(name, line, "-", "more fields than the header")
    std_error = field("std_error", is_number, "is not a number", required=False)
    year = field("year", str.isdigit, "is not a year", required=False)
    return IndicatorValue(
        region=field("region", lambda t: t in regions, "is not a known region"),
        indicator=field(
            "indicator", lambda t: t in indicators, "is not an indicator of indicators.toml"
        ),
        edition=field("edition", bool, "is empty"),
        year=int(year) if year else None,
        value=float(field("value", is_number, "is not a number")),
        source=field("source", lambda t: t in sources, "is not a known source id"),
        std_error=float(std_error) if std_error else None,
    )

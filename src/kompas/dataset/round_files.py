"""The decision rounds of a data folder: `rounds/<id>.toml`, one file per round."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from kompas.dataset.files import DataError, Record, unique
from kompas.dataset.model import (
    TRACKS,
    Decision,
    Footnote,
    Region,
    Round,
    Source,
)
from kompas.engine.compass import Compass

ROUND_STATUSES = ("adopted", "draft")


def read_rounds(
    folder: Path, sources: Mapping[str, Source], regions: Mapping[str, Region], compass: Compass
) -> dict[str, Round]:
    rounds: dict[str, Round] = {}
    for path in sorted((folder / "rounds").glob("*.toml")):
        round_ = _round(path, sources, regions, compass)
        if round_.id in rounds:
            raise DataError(f"rounds/{path.name}", None, "id", f"duplicate round id {round_.id!r}")
        rounds[round_.id] = round_
    return rounds


def _round(
    path: Path, sources: Mapping[str, Source], regions: Mapping[str, Region], compass: Compass
) -> Round:
    name = f"rounds/{path.name}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DataError(name, None, "-", f"cannot be read: {error}") from None
    extra = sorted(set(raw) - {"round", "footnote", "decision"})
    if extra:
        raise DataError(name, None, extra[0], "unknown table")
    head = Record(
        name,
        None,
        raw.get("round"),
        (
            "id",
            "name_nl",
            "name_en",
            "compass",
            "source",
            "section",
            "period_start",
            "period_end",
            "status",
        ),
    )
    levels = [lv.id for lv in compass.levels]
    decisions = []
    for i, item in enumerate(raw.get("decision", []), start=1):
        r = Record(name, i, item, ("region", "table_section", "label", *TRACKS))
        decisions.append(
            Decision(
                r.one_of("region", regions, "a known region"),
                r.text("table_section"),
                r.text("label"),
                {
                    track: r.one_of(track, levels, "a level of the compass")
                    for track in TRACKS
                    if track in r.raw
                },
            )
        )
    unique(((Record(name, i, {}, ()), d.region) for i, d in enumerate(decisions, 1)), "region")
    decided = [d.region for d in decisions]
    table_sections = {d.table_section for d in decisions}
    footnotes = []
    for i, item in enumerate(raw.get("footnote", []), start=1):
        r = Record(name, i, item, ("number", "text", "track", "section", "region"))
        if ("region" in r.raw) == ("section" in r.raw):
            raise r.fail("region", "a footnote applies to either a region or a table section")
        region = (
            r.one_of("region", decided, "a region decided in this round")
            if "region" in r.raw
            else ""
        )
        section = (
            r.one_of("section", table_sections, "a table section of this round")
            if "section" in r.raw
            else ""
        )
        footnotes.append(
            Footnote(
                int(r.number("number") or 0),
                r.text("text"),
                r.one_of("track", TRACKS, "a track"),
                section,
                region,
            )
        )
    start, end = head.number("period_start", False), head.number("period_end", False)
    status = head.one_of("status", ROUND_STATUSES, "a round status") if "status" in head.raw else ""
    return Round(
        head.text("id"),
        head.text("name_nl"),
        head.text("name_en"),
        head.text("compass"),
        head.cited(sources),
        int(start) if start else None,
        int(end) if end else None,
        tuple(decisions),
        tuple(footnotes),
        adopted=status != "draft",
    )

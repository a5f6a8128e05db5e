"""`kompas assess --format csv`: one row per region and track, in a fixed column layout."""

from __future__ import annotations

import csv
import io
import json

from kompas.reports.focus_table import CSV_COLUMNS
from tests.cli.support import ROUND_CODES, ok


def read(*args: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(ok("assess", "--format", "csv", *args)))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_it_writes_the_documented_header() -> None:
    header, _ = read()
    assert header == CSV_COLUMNS


def test_it_writes_one_row_per_region_and_track() -> None:
    _, rows = read()
    assert len(rows) == 42
    assert [(row["region"], row["track"]) for row in rows] == [
        (code, track) for code in ROUND_CODES for track in ("innovation", "trade_invest")
    ]


def test_it_writes_only_the_chosen_track_with_track() -> None:
    _, rows = read("--track", "innovation")
    assert len(rows) == 21
    assert {row["track"] for row in rows} == {"innovation"}


def test_it_writes_as_many_cells_as_columns_in_every_row() -> None:
    _, rows = read()
    for row in rows:
        assert None not in row
        assert all(value is not None for value in row.values())


def test_it_writes_machine_ids_and_footnote_numbers() -> None:
    _, rows = read()
    cells = {(row["region"], row["track"]): row for row in rows}
    assert cells["AT", "innovation"]["decided"] == "reactieve_inzet"
    assert cells["AT", "trade_invest"]["decided"] == "none"
    assert cells["MY", "trade_invest"]["footnotes"] == "11;12"
    assert cells["DE2", "innovation"]["table_section"] == "europe"
    assert cells["US", "innovation"]["table_section"] == "world"


def test_it_writes_scores_in_order() -> None:
    _, rows = read()
    for row in rows:
        assert float(row["score_low"]) <= float(row["score_high"])


def test_it_agrees_with_the_json_output() -> None:
    _, rows = read()
    payload = json.loads(ok("assess", "--format", "json"))
    for row in rows:
        region = next(r for r in payload["regions"] if r["code"] == row["region"])
        track = region["tracks"][row["track"]]
        advice = track["advice"]
        assert row["decided"] == track["decided"]
        assert row["advice_best"] == advice["level_best"]
        assert row["advice_worst"] == advice["level_worst"]
        assert row["advice_level"] == (advice["level"] or "")
        assert float(row["score_low"]) == advice["score_low"]
        assert row["gate_outcome"] == region["gates"]["outcome"]
        assert row["missing"].split(";") == (advice["missing"] or [""])

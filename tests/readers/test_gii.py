"""Global Innovation Index: WIPO's data workbook layout, the shared GII facts, and bad files.

WIPO's workbook could not be obtained (shared/data/SOURCES.md, "Not obtained (b)"); the files
here are generated in the layout documented in kompas.readers.gii. The scores in
shared/data/facts/gii_scores.csv are written into such a workbook and read back.
"""

from __future__ import annotations

import csv
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from iso3166 import countries

from kompas.readers.base import SourceError
from kompas.readers.gii import GiiReader
from kompas.readers.registry import reader
from tests.readers.innovation_workbooks import GII_HEADER, gii_row, write_gii
from tests.readers.workbooks import renamed, replace_in_sheets, without

SHARED = Path(os.environ.get("KOMPAS_SHARED_DATA") or Path(__file__).parents[3] / "shared" / "data")
FACTS = SHARED / "facts" / "gii_scores.csv"
needs_facts = pytest.mark.skipif(
    not FACTS.is_file(), reason=f"the GII facts are not at {FACTS} (set KOMPAS_SHARED_DATA)"
)
SHEET = "Data"
NAME = "wipo-pub-2000-2024-tech1.xlsx"


def _refused(path: Path, edition: str | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        GiiReader(edition).read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


def _write(tmp_path: Path, rows: list[list[Any]], name: str = NAME, **options: Any) -> Path:
    return write_gii(tmp_path / name, rows, **options)


def _good(tmp_path: Path, name: str = NAME) -> Path:
    return _write(
        tmp_path,
        [
            gii_row("CHE", "Switzerland", 67.5, 1),
            gii_row("CHE", "Switzerland", 83.1, 3, indicator="Institutions", num="1"),
            gii_row("NLD", "Netherlands", 58.8, 8),
            gii_row("HKG", "Hong Kong, China", 50.1, 18),
            gii_row("VNM", "Viet Nam", None, 44),
        ],
        name,
    )


def _facts() -> list[dict[str, str]]:
    with FACTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# The shared facts, through a workbook in WIPO's layout


@needs_facts
@pytest.mark.parametrize("edition", ["2023", "2024"])
def test_it_round_trips_the_shared_gii_facts(tmp_path: Path, edition: str) -> None:
    facts = [row for row in _facts() if row["edition"] == edition]
    rows = []
    for fact in facts:
        score = float(fact["score"]) if fact["score"] else None
        rows.append(gii_row(fact["iso3"], fact["country"], score, int(fact["rank"])))
        rows.append(gii_row(fact["iso3"], fact["country"], 50.0, 9, "Human capital", "2"))
    path = _write(tmp_path, rows, f"wipo-pub-2000-{edition}-tech1.xlsx")
    batch = GiiReader().read(path)
    assert (batch.edition, batch.editions) == (edition, (edition,))
    read = {v.region: v.value for v in batch.values}
    expected = {
        str(countries.get(fact["iso3"]).alpha2): float(fact["score"])
        for fact in facts
        if fact["score"]
    }
    assert read == expected
    assert {(v.indicator, v.edition, v.year) for v in batch.values} == {
        ("gii_score", edition, int(edition))
    }
    assert [(s.text, s.reason) for s in batch.skipped] == [("VNM Viet Nam", "no score")]


@needs_facts
def test_it_gives_the_values_of_the_embedded_default_data(tmp_path: Path) -> None:
    embedded = resources.files("kompas") / "default_data" / "indicators.csv"
    with embedded.open(encoding="utf-8") as handle:
        stored = {
            (row["region"], row["edition"]): float(row["value"])
            for row in csv.DictReader(handle)
            if row["indicator"] == "gii_score"
        }
    read = {}
    for edition in ("2023", "2024"):
        rows = [
            gii_row(fact["iso3"], fact["country"], float(fact["score"]) if fact["score"] else None)
            for fact in _facts()
            if fact["edition"] == edition
        ]
        batch = GiiReader().read(_write(tmp_path, rows, f"wipo-pub-2000-{edition}-tech1.xlsx"))
        read.update({(v.region, v.edition): v.value for v in batch.values})
    assert stored
    for key, value in stored.items():
        assert read[key] == value, key


# What the reader gives


def test_it_is_registered() -> None:
    assert isinstance(reader("gii"), GiiReader)


def test_it_describes_gii_score_as_the_embedded_indicator(tmp_path: Path) -> None:
    table = tomllib.loads(
        (resources.files("kompas") / "default_data" / "indicators.toml").read_text(encoding="utf-8")
    )
    embedded = next(i for i in table["indicator"] if i["id"] == "gii_score")
    (spec,) = GiiReader().read(_good(tmp_path)).indicators
    assert (spec.id, spec.name_nl, spec.name_en, spec.unit, spec.scale_min, spec.scale_max) == (
        "gii_score",
        embedded["name_nl"],
        embedded["name_en"],
        embedded["unit"],
        embedded["scale_min"],
        embedded["scale_max"],
    )


def test_it_reads_the_overall_score_of_each_economy(tmp_path: Path) -> None:
    batch = GiiReader().read(_good(tmp_path))
    assert (batch.source, batch.publisher, batch.edition) == ("gii", "WIPO", "2024")
    assert [(v.region, v.indicator, v.edition, v.year, v.value, v.row) for v in batch.values] == [
        ("CH", "gii_score", "2024", 2024, 67.5, 2),
        ("HK", "gii_score", "2024", 2024, 50.1, 5),
        ("NL", "gii_score", "2024", 2024, 58.8, 4),
    ]
    assert [(s.sheet, s.row, s.text, s.reason) for s in batch.skipped] == [
        (SHEET, 6, "VNM Viet Nam", "no score")
    ]


def test_it_takes_the_edition_it_is_given_over_the_file_name(tmp_path: Path) -> None:
    batch = reader("gii", "2025").read(_good(tmp_path, "gii-data.xlsx"))
    assert (batch.edition, batch.values[0].year) == ("2025", 2025)


def test_it_reports_a_code_it_cannot_resolve_and_does_not_guess(tmp_path: Path) -> None:
    rows = [gii_row("NLD", "Netherlands", 58.8), gii_row("XKK", "Neverland", 30.0)]
    batch = GiiReader().read(_write(tmp_path, rows))
    assert [v.region for v in batch.values] == ["NL"]
    assert [(s.row, s.text, s.reason) for s in batch.skipped] == [
        (3, "XKK Neverland", "no ISO 3166-1 code")
    ]


# Bad files: each is refused with file, sheet, row, column and problem


def test_it_refuses_a_file_name_without_the_edition(tmp_path: Path) -> None:
    error = _refused(_good(tmp_path, "GII_2024_data.xlsx"))
    assert _where(error) == ("GII_2024_data.xlsx", "", None, "")
    assert error.problem.startswith("the file does not state its GII edition: give it with")


def test_it_refuses_a_workbook_without_the_data_sheet(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [gii_row("NLD", "Netherlands", 58.8)], sheet="GII 2021"))
    assert _where(error) == (NAME, SHEET, None, "")
    assert error.problem == "no sheet 'Data'; sheets: Economies, GII 2021"


def test_it_refuses_a_missing_score_column(tmp_path: Path) -> None:
    rows = [["NLD", "Netherlands", "GII", "Global Innovation Index", 8, None]]
    error = _refused(_write(tmp_path, rows, header=without(GII_HEADER, "SCORE")))
    assert _where(error) == (NAME, SHEET, 1, "")
    assert error.problem.startswith("missing column 'SCORE' (found: ISO3, ECONOMY_NAME, NUM,")


def test_it_refuses_a_header_in_the_wrong_row(tmp_path: Path) -> None:
    rows = [gii_row("NLD", "Netherlands", 58.8)]
    error = _refused(_write(tmp_path, rows, title="Global Innovation Index 2024"))
    assert _where(error) == (NAME, SHEET, 1, "")
    assert error.problem == "missing column 'ISO3' (found: Global Innovation Index 2024)"


def test_it_refuses_a_workbook_named_csv(tmp_path: Path) -> None:
    error = _refused(renamed(_good(tmp_path), tmp_path / "wipo-pub-2000-2024-tech1.csv"))
    assert _where(error) == ("wipo-pub-2000-2024-tech1.csv", "", None, "")
    assert error.problem == "expected a .xlsx file, got '.csv'"


@pytest.mark.parametrize(
    ("score", "problem"),
    [
        ("58,8*", "'58,8*' is not a number"),
        ("#VALUE!", "'#VALUE!' is not a number"),
        (158.8, "'158.8' is outside the GII scale 0–100"),
        (-1, "'-1' is outside the GII scale 0–100"),
    ],
)
def test_it_names_the_cell_of_a_bad_score(tmp_path: Path, score: Any, problem: str) -> None:
    rows = [gii_row("CHE", "Switzerland", 67.5), gii_row("NLD", "Netherlands", score)]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == (NAME, SHEET, 3, "SCORE")
    assert error.problem == problem


def test_it_names_the_cell_of_a_numeric_infinity(tmp_path: Path) -> None:
    path = _write(
        tmp_path, [gii_row("CHE", "Switzerland", 67.5), gii_row("NLD", "Netherlands", 58.123456)]
    )
    error = _refused(replace_in_sheets(path, "<v>58.123456</v>", "<v>1E999</v>"))
    assert _where(error) == (NAME, SHEET, 3, "SCORE")
    assert error.problem == "'inf' is not a finite number"


def test_it_refuses_a_numeric_nan_as_a_damaged_sheet(tmp_path: Path) -> None:
    path = _write(
        tmp_path, [gii_row("CHE", "Switzerland", 67.5), gii_row("NLD", "Netherlands", 58.123456)]
    )
    error = _refused(replace_in_sheets(path, "<v>58.123456</v>", "<v>NaN</v>"))
    assert _where(error) == (NAME, SHEET, None, "")
    assert error.problem.startswith("the workbook is damaged or truncated (")


@pytest.mark.parametrize("code", ["NL", "NLD1", "nld", "Netherlands", ""])
def test_it_refuses_an_economy_code_of_the_wrong_shape(tmp_path: Path, code: str) -> None:
    rows = [gii_row("CHE", "Switzerland", 67.5), gii_row(code or None, "Netherlands", 58.8)]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == (NAME, SHEET, 3, "ISO3")
    assert error.problem == f"'{code}' is not an ISO 3166-1 alpha-3 code"


def test_it_refuses_a_second_overall_row_for_an_economy(tmp_path: Path) -> None:
    rows = [
        gii_row("NLD", "Netherlands", 58.8),
        gii_row("NLD", "Netherlands", 12.0, indicator="Institutions", num="1"),
        gii_row("NLD", "Netherlands", 57.0),
    ]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == (NAME, SHEET, 4, "ISO3")
    assert error.problem == "a second 'Global Innovation Index' row for NLD (rows 2 and 4)"


def test_it_refuses_two_codes_of_one_country(tmp_path: Path) -> None:
    rows = [gii_row("ROU", "Romania", 37.1), gii_row("ROM", "Romania", 37.0)]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == (NAME, SHEET, 3, "ISO3")
    assert error.problem == "ROM is RO, like row 2: a second score for it"


def test_it_refuses_a_sheet_without_overall_scores(tmp_path: Path) -> None:
    rows = [gii_row("NLD", "Netherlands", 12.0, indicator="Institutions", num="1")]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == (NAME, SHEET, None, "")
    assert error.problem == "no 'Global Innovation Index' scores (column NAME, column SCORE)"

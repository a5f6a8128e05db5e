"""WJP Rule of Law Index: the real historical data workbook, and a corpus of bad files."""

from __future__ import annotations

import csv
import os
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from kompas.readers import files
from kompas.readers.base import Batch, SourceError
from kompas.readers.registry import reader
from kompas.readers.wjp import WjpReader
from tests.readers.workbooks import (
    WJP_HEADER,
    renamed,
    replace_in_sheets,
    text_file,
    truncated,
    without,
    wjp_row,
    write_wjp,
)

SHARED = Path(os.environ.get("KOMPAS_SHARED_DATA") or Path(__file__).parents[3] / "shared" / "data")
REAL = SHARED / "governance_wjp" / "2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx"
needs_real = pytest.mark.skipif(
    not REAL.is_file(), reason=f"the WJP workbook is not at {REAL} (set KOMPAS_SHARED_DATA)"
)
SHEET = "Historical Data"
FACTORS = [f"wjp_factor_{n}" for n in range(1, 9)]


@pytest.fixture(scope="module")
def real() -> Batch:
    return WjpReader().read(REAL)


def _refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        WjpReader().read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


def _good(tmp_path: Path, name: str = "wjp.xlsx") -> Path:
    return write_wjp(
        tmp_path / name,
        [
            wjp_row("Albania", "2012-2013", "ALB", 0.49, 0.46),
            wjp_row("Kosovo", "2017-2018", "XKX", 0.55, 0.5),
            wjp_row("Netherlands", 2024, "NLD", 0.83, 0.82),
            wjp_row("Netherlands", 2025, "NLD", 0.82, 0.81),
        ],
    )


# The real workbook


@needs_real
def test_it_reads_the_latest_edition_of_the_real_workbook(real: Batch) -> None:
    assert (real.source, real.publisher, real.edition) == (
        "wjp",
        "World Justice Project",
        "2025",
    )
    assert real.editions == (
        "2025",
        "2024",
        "2023",
        "2022",
        "2021",
        "2020",
        "2019",
        "2017-2018",
        "2016",
        "2015",
        "2014",
        "2012-2013",
    )
    assert {(v.edition, v.year) for v in real.values} == {("2025", 2025)}
    assert len(real.values) == 143 * 9
    for indicator in ("wjp_overall", *FACTORS):
        assert len([v for v in real.values if v.indicator == indicator]) == 143
    assert real.skipped == ()
    assert all(0 <= v.value <= 1 for v in real.values)


@needs_real
def test_it_gives_the_values_of_the_embedded_default_data(real: Batch) -> None:
    read = {v.region: v.value for v in real.values if v.indicator == "wjp_overall"}
    embedded = resources.files("kompas") / "default_data" / "indicators.csv"
    with embedded.open(encoding="utf-8") as handle:
        stored = {
            row["region"]: float(row["value"])
            for row in csv.DictReader(handle)
            if row["indicator"] == "wjp_overall" and row["edition"] == "2025"
        }
    for region in ("NL", "DE", "US", "CN"):
        assert read[region] == stored[region], region
    assert read["NL"] == 0.8208596995670407
    assert "IL" not in read  # WJP does not cover Israel
    assert {"XK", "HK"} <= set(read)  # XKX and HKG resolve


@needs_real
def test_it_reads_an_edition_named_by_a_range_of_years() -> None:
    batch = reader("wjp", "2017-2018").read(REAL)
    assert (batch.edition, batch.editions) == ("2017-2018", ("2017-2018",))
    assert {(v.edition, v.year) for v in batch.values} == {("2017-2018", 2018)}
    assert len({v.region for v in batch.values}) == 113


# What the reader gives


def test_it_is_registered() -> None:
    assert isinstance(reader("wjp"), WjpReader)


def test_it_describes_wjp_overall_as_the_embedded_indicator(tmp_path: Path) -> None:
    table = tomllib.loads(
        (resources.files("kompas") / "default_data" / "indicators.toml").read_text(encoding="utf-8")
    )
    embedded = next(i for i in table["indicator"] if i["id"] == "wjp_overall")
    specs = {s.id: s for s in WjpReader().read(_good(tmp_path)).indicators}
    assert list(specs) == ["wjp_overall", *FACTORS]
    spec = specs["wjp_overall"]
    assert (spec.name_nl, spec.name_en, spec.unit, spec.scale_min, spec.scale_max) == (
        embedded["name_nl"],
        embedded["name_en"],
        embedded["unit"],
        embedded["scale_min"],
        embedded["scale_max"],
    )
    assert specs["wjp_factor_2"].name_en == "WJP Rule of Law Index, factor 2: Absence of Corruption"
    assert specs["wjp_factor_2"].name_nl.startswith("Afwezigheid van corruptie")
    assert {(s.unit, s.scale_min, s.scale_max) for s in specs.values()} == {("score (0–1)", 0, 1)}


def test_it_keeps_the_latest_edition_of_each_country(tmp_path: Path) -> None:
    batch = WjpReader().read(_good(tmp_path))
    assert batch.edition == "2025"
    assert batch.editions == ("2025", "2024", "2017-2018", "2012-2013")
    overall = [
        (v.region, v.edition, v.year, v.value, v.row)
        for v in batch.values
        if v.indicator == "wjp_overall"
    ]
    assert overall == [
        ("AL", "2012-2013", 2013, 0.49, 2),
        ("NL", "2025", 2025, 0.82, 5),
        ("XK", "2017-2018", 2018, 0.55, 3),
    ]
    factors = {
        (v.region, v.indicator): v.value for v in batch.values if v.indicator != "wjp_overall"
    }
    assert len(factors) == 3 * 8
    assert factors[("NL", "wjp_factor_8")] == 0.81
    assert batch.skipped == ()


def test_it_reports_a_code_it_cannot_resolve_and_does_not_guess(tmp_path: Path) -> None:
    path = write_wjp(
        tmp_path / "wjp.xlsx",
        [
            wjp_row("Netherlands", 2025, "NLD"),
            wjp_row("Neverland", 2024, "XXA"),
            wjp_row("Neverland", 2025, "XXA"),
        ],
    )
    batch = WjpReader().read(path)
    assert {v.region for v in batch.values} == {"NL"}
    assert [(s.sheet, s.row, s.text, s.reason) for s in batch.skipped] == [
        (SHEET, 3, "XXA Neverland", "no ISO 3166-1 code")
    ]


# Bad files: each is refused with file, sheet, row, column and problem


def test_it_refuses_a_workbook_without_the_historical_sheet(tmp_path: Path) -> None:
    path = write_wjp(tmp_path / "wjp.xlsx", [wjp_row("Netherlands", 2025, "NLD")], sheet="Data")
    error = _refused(path)
    assert _where(error) == ("wjp.xlsx", SHEET, None, "")
    assert error.problem == "no sheet 'Historical Data'; sheets: Introduction, Data"


def test_it_refuses_a_missing_factor_column(tmp_path: Path) -> None:
    header = without(WJP_HEADER, "Factor 8: Criminal Justice")
    path = write_wjp(tmp_path / "wjp.xlsx", [wjp_row("Netherlands", 2025, "NLD")], header=header)
    error = _refused(path)
    assert _where(error) == ("wjp.xlsx", SHEET, 1, "")
    assert error.problem.startswith("missing column 'Factor 8: Criminal Justice' (found: Country,")


def test_it_refuses_a_header_in_the_wrong_row(tmp_path: Path) -> None:
    path = write_wjp(
        tmp_path / "wjp.xlsx",
        [wjp_row("Netherlands", 2025, "NLD")],
        title="WJP Rule of Law Index 2025 - Historical Data",
    )
    error = _refused(path)
    assert _where(error) == ("wjp.xlsx", SHEET, 1, "")
    assert error.problem == (
        "missing column 'Country' (found: WJP Rule of Law Index 2025 - Historical Data)"
    )


def test_it_refuses_an_empty_sheet(tmp_path: Path) -> None:
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", [], header=[]))
    assert _where(error) == ("wjp.xlsx", SHEET, 1, "")
    assert error.problem == "the sheet has no header row"


def test_it_refuses_a_sheet_with_only_a_header(tmp_path: Path) -> None:
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", []))
    assert _where(error) == ("wjp.xlsx", SHEET, None, "")
    assert error.problem == "no country values found"


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "wjp.xlsx"
    path.write_bytes(b"")
    error = _refused(path)
    assert _where(error) == ("wjp.xlsx", "", None, "")
    assert error.problem == "the file is empty"


def test_it_refuses_a_truncated_workbook(tmp_path: Path) -> None:
    error = _refused(truncated(_good(tmp_path, "whole.xlsx"), tmp_path / "wjp.xlsx"))
    assert _where(error) == ("wjp.xlsx", "", None, "")
    assert error.problem.startswith("cannot be read as an Excel workbook (BadZipFile:")


def test_it_refuses_a_latin1_text_file_named_xlsx(tmp_path: Path) -> None:
    text = "Country;Year;Country Code\nCôte d'Ivoire;2025;CIV\n"
    error = _refused(text_file(tmp_path / "wjp.xlsx", text, "latin-1"))
    assert _where(error) == ("wjp.xlsx", "", None, "")
    assert error.problem == "not an Excel workbook (.xlsx) although its name says so"


def test_it_refuses_a_workbook_named_csv(tmp_path: Path) -> None:
    error = _refused(renamed(_good(tmp_path), tmp_path / "wjp.csv"))
    assert _where(error) == ("wjp.csv", "", None, "")
    assert error.problem == "expected a .xlsx file, got '.csv'"


def test_it_refuses_a_text_file(tmp_path: Path) -> None:
    error = _refused(text_file(tmp_path / "wjp.txt", "Country\tYear\n"))
    assert _where(error) == ("wjp.txt", "", None, "")
    assert error.problem == "expected a .xlsx file, got '.txt'"


def test_it_refuses_an_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    error = _refused(_good(tmp_path))
    assert _where(error) == ("wjp.xlsx", "", None, "")
    assert re.fullmatch(r"the file is \d+\.\d KB; at most 1\.0 KB", error.problem)


def test_it_names_the_cell_of_text_where_a_number_belongs(tmp_path: Path) -> None:
    rows = [wjp_row("Netherlands", 2025, "NLD"), wjp_row("Germany", 2025, "DEU", "0,83 (est.)")]
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", rows))
    assert _where(error) == ("wjp.xlsx", SHEET, 3, "WJP Rule of Law Index: Overall Score")
    assert error.problem == "'0,83 (est.)' is not a number"


def test_it_names_the_cell_of_a_numeric_infinity(tmp_path: Path) -> None:
    path = write_wjp(
        tmp_path / "wjp.xlsx",
        [wjp_row("Netherlands", 2025, "NLD"), wjp_row("Germany", 2025, "DEU", 0.123456)],
    )
    error = _refused(replace_in_sheets(path, "<v>0.123456</v>", "<v>1E999</v>"))
    assert _where(error) == ("wjp.xlsx", SHEET, 3, "WJP Rule of Law Index: Overall Score")
    assert error.problem == "'inf' is not a finite number"


def test_it_refuses_a_numeric_nan_as_a_damaged_sheet(tmp_path: Path) -> None:
    # Excel cannot store NaN; openpyxl fails on it before the row reaches the reader.
    path = write_wjp(
        tmp_path / "wjp.xlsx",
        [wjp_row("Netherlands", 2025, "NLD"), wjp_row("Germany", 2025, "DEU", 0.123456)],
    )
    error = _refused(replace_in_sheets(path, "<v>0.123456</v>", "<v>NaN</v>"))
    assert _where(error) == ("wjp.xlsx", SHEET, None, "")
    assert error.problem.startswith("the workbook is damaged or truncated (")


def test_it_names_the_cell_of_an_excel_error_value(tmp_path: Path) -> None:
    rows = [wjp_row("Netherlands", 2025, "NLD"), wjp_row("Germany", 2025, "DEU", "#NUM!")]
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", rows))
    assert _where(error) == ("wjp.xlsx", SHEET, 3, "WJP Rule of Law Index: Overall Score")
    assert error.problem == "'#NUM!' is not a number"


def test_it_names_the_cell_of_an_infinite_factor_score(tmp_path: Path) -> None:
    path = write_wjp(tmp_path / "wjp.xlsx", [wjp_row("Netherlands", 2025, "NLD", 0.8, "-inf")])
    error = _refused(path)
    assert _where(error) == ("wjp.xlsx", SHEET, 2, "Factor 1: Constraints on Government Powers")
    assert error.problem == "'-inf' is not a finite number"


@pytest.mark.parametrize("code", ["12X", "", "NL D", "nld"])
def test_it_refuses_a_country_code_of_the_wrong_shape(tmp_path: Path, code: str) -> None:
    rows = [wjp_row("Netherlands", 2025, "NLD"), wjp_row("Germany", 2025, code or None)]
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", rows))
    assert _where(error) == ("wjp.xlsx", SHEET, 3, "Country Code")
    assert error.problem == f"'{code}' is not a country code"


@pytest.mark.parametrize("year", ["20XX", "2012-2015", "2013-2012", 25, ""])
def test_it_refuses_a_year_that_is_not_an_edition(tmp_path: Path, year: object) -> None:
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", [wjp_row("Netherlands", year, "NLD")]))
    assert _where(error) == ("wjp.xlsx", SHEET, 2, "Year")
    assert error.problem == f"'{year}' is not a year or a range of two years"


def test_it_refuses_a_duplicate_country_year_row(tmp_path: Path) -> None:
    rows = [
        wjp_row("Netherlands", 2025, "NLD"),
        wjp_row("Germany", 2025, "DEU"),
        wjp_row("Netherlands", 2025, "NLD", 0.5),
    ]
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", rows))
    assert _where(error) == ("wjp.xlsx", SHEET, 4, "Country Code")
    assert error.problem == "a second row for NLD 2025 (the first is row 2)"


def test_it_refuses_two_codes_of_one_country_in_one_edition(tmp_path: Path) -> None:
    rows = [wjp_row("Kosovo", 2025, "XKX"), wjp_row("Kosovo", 2025, "KSV")]
    error = _refused(write_wjp(tmp_path / "wjp.xlsx", rows))
    assert _where(error) == ("wjp.xlsx", SHEET, 3, "Country Code")
    assert error.problem == "'KSV' and 'XKX' (row 2) are both XK in edition 2025"

"""Freedom House, Freedom in the World: the real workbook, and a corpus of bad files."""

from __future__ import annotations

import csv
import os
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from iso3166 import countries
from openpyxl import load_workbook

from kompas.readers import files
from kompas.readers.base import Batch, SourceError
from kompas.readers.codes import UnresolvedError, country
from kompas.readers.freedom_house import ALIASES, UNRESOLVED, FreedomHouseReader
from kompas.readers.registry import reader
from tests.readers.workbooks import (
    FIW_HEADER,
    fiw_row,
    not_a_workbook,
    renamed,
    text_file,
    truncated,
    without,
    write_fiw,
)

SHARED = Path(os.environ.get("KOMPAS_SHARED_DATA") or Path(__file__).parents[3] / "shared" / "data")
REAL = SHARED / "governance_freedom_house" / "All_data_FIW_2013-2024.xlsx"
needs_real = pytest.mark.skipif(
    not REAL.is_file(),
    reason=f"the Freedom House workbook is not at {REAL} (set KOMPAS_SHARED_DATA)",
)


@pytest.fixture(scope="module")
def real() -> Batch:
    return FreedomHouseReader().read(REAL)


def _refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        FreedomHouseReader().read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


def _good(tmp_path: Path, name: str = "fiw.xlsx") -> Path:
    return write_fiw(
        tmp_path / name,
        [
            fiw_row("Abkhazia", 2025, 17, 22, 39, kind="t", region="Eurasia"),
            fiw_row("Netherlands", 2025, 39, 58, 97),
            fiw_row("Netherlands", 2024, 39, 58, 97),
            fiw_row("South Korea", 2025, 33, 48, 81, region="Asia-Pacific"),
            fiw_row("South Sudan", 2025, -3, 4, 1, region="Africa"),
            fiw_row("Puerto Rico", 2016, 34, 50, 84, kind="t", region="Americas"),
        ],
    )


# The real workbook


@needs_real
def test_it_reads_the_latest_edition_of_the_real_workbook(real: Batch) -> None:
    assert (real.source, real.publisher, real.edition) == (
        "freedom_house",
        "Freedom House",
        "2025",
    )
    assert real.editions == tuple(str(year) for year in range(2025, 2012, -1))
    assert {(v.edition, v.year) for v in real.values} == {("2025", 2025)}
    by_indicator = {i: [v for v in real.values if v.indicator == i] for i in ("fh_total", "fh_pr")}
    assert len(by_indicator["fh_total"]) == len(by_indicator["fh_pr"]) == 195
    assert len(real.values) == 3 * 195


@needs_real
def test_it_gives_the_values_of_the_embedded_default_data(real: Batch) -> None:
    read = {v.region: v.value for v in real.values if v.indicator == "fh_total"}
    embedded = resources.files("kompas") / "default_data" / "indicators.csv"
    with embedded.open(encoding="utf-8") as handle:
        stored = {
            row["region"]: float(row["value"])
            for row in csv.DictReader(handle)
            if row["indicator"] == "fh_total" and row["edition"] == "2025"
        }
    for region in ("NL", "DE", "US", "CN"):
        assert read[region] == stored[region], region
    assert {r: read[r] for r in ("NL", "DE", "US", "CN")} == {
        "NL": 97,
        "DE": 95,
        "US": 84,
        "CN": 9,
    }


@needs_real
def test_it_resolves_every_country_row_of_the_real_workbook(real: Batch) -> None:
    book = load_workbook(REAL, read_only=True)
    try:
        rows = list(book["FIW13-25"].iter_rows(min_row=3, values_only=True))
    finally:
        book.close()
    names = {str(row[0]) for row in rows if row[2] == "c"}
    assert len(names) == 195
    unresolved = []
    for name in sorted(names):
        try:
            country(name, ALIASES)
        except UnresolvedError:
            unresolved.append(name)
    assert unresolved == []
    assert UNRESOLVED not in {s.reason for s in real.skipped}
    assert len({v.region for v in real.values}) == 195


@needs_real
def test_it_skips_the_territories_of_the_real_workbook(real: Batch) -> None:
    assert {s.reason for s in real.skipped} == {"territory"}
    skipped = {s.text for s in real.skipped}
    assert len(skipped) == 17  # 13 in the 2025 edition, 4 last rated earlier
    assert {"Hong Kong", "Puerto Rico", "Western Sahara", "Crimea", "Tibet"} <= skipped
    assert not {"HK", "PR", "EH"} & {v.region for v in real.values}


@needs_real
def test_it_needs_every_alias_and_every_alias_is_in_the_real_workbook() -> None:
    book = load_workbook(REAL, read_only=True)
    try:
        names = {str(row[0]) for row in book["FIW13-25"].iter_rows(min_row=3, values_only=True)}
    finally:
        book.close()
    assert set(ALIASES) <= names
    for name, code in ALIASES.items():
        assert countries.get(name, None) is None, f"{name} resolves without an alias"
        assert countries.get(code).alpha2 == code


@needs_real
def test_it_reads_an_earlier_edition_when_asked() -> None:
    batch = reader("freedom_house", "2013").read(REAL)
    assert (batch.edition, batch.editions) == ("2013", ("2013",))
    assert {(v.edition, v.year) for v in batch.values} == {("2013", 2013)}


# What the reader gives


def test_it_is_registered() -> None:
    assert isinstance(reader("freedom_house"), FreedomHouseReader)


def test_it_describes_fh_total_as_the_embedded_indicator(tmp_path: Path) -> None:
    table = tomllib.loads(
        (resources.files("kompas") / "default_data" / "indicators.toml").read_text(encoding="utf-8")
    )
    embedded = next(i for i in table["indicator"] if i["id"] == "fh_total")
    specs = {s.id: s for s in FreedomHouseReader().read(_good(tmp_path)).indicators}
    spec = specs["fh_total"]
    assert (spec.name_nl, spec.name_en, spec.unit, spec.scale_min, spec.scale_max) == (
        embedded["name_nl"],
        embedded["name_en"],
        embedded["unit"],
        embedded["scale_min"],
        embedded["scale_max"],
    )
    assert (spec.higher_is_better, spec.has_std_error) == (True, False)
    assert (specs["fh_pr"].scale_min, specs["fh_pr"].scale_max) == (0, 40)
    assert (specs["fh_cl"].scale_min, specs["fh_cl"].scale_max) == (0, 60)


def test_it_keeps_the_latest_edition_and_skips_territories(tmp_path: Path) -> None:
    batch = FreedomHouseReader().read(_good(tmp_path))
    assert batch.edition == "2025"
    assert batch.editions == ("2025", "2024", "2016")
    assert [(v.region, v.indicator, v.edition, v.year, v.value, v.row) for v in batch.values] == [
        ("KR", "fh_cl", "2025", 2025, 48, 6),
        ("KR", "fh_pr", "2025", 2025, 33, 6),
        ("KR", "fh_total", "2025", 2025, 81, 6),
        ("NL", "fh_cl", "2025", 2025, 58, 4),
        ("NL", "fh_pr", "2025", 2025, 39, 4),
        ("NL", "fh_total", "2025", 2025, 97, 4),
        ("SS", "fh_cl", "2025", 2025, 4, 7),
        ("SS", "fh_pr", "2025", 2025, -3, 7),
        ("SS", "fh_total", "2025", 2025, 1, 7),
    ]
    assert [(s.sheet, s.row, s.text, s.reason) for s in batch.skipped] == [
        ("FIW13-25", 3, "Abkhazia", "territory"),
        ("FIW13-25", 8, "Puerto Rico", "territory"),
    ]
    assert [s.id for s in batch.indicators] == ["fh_total", "fh_pr", "fh_cl"]


def test_it_reports_a_name_it_cannot_resolve_and_does_not_guess(tmp_path: Path) -> None:
    path = write_fiw(
        tmp_path / "fiw.xlsx",
        [fiw_row("Netherlands", 2025), fiw_row("Holland", 2025), fiw_row("Korea", 2025)],
    )
    batch = FreedomHouseReader().read(path)
    assert {v.region for v in batch.values} == {"NL"}
    assert [(s.row, s.text, s.reason) for s in batch.skipped] == [
        (4, "Holland", "no ISO 3166-1 code for this name"),
        (5, "Korea", "no ISO 3166-1 code for this name"),
    ]


def test_it_accepts_the_data_sheet_of_another_release(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Czechia", 2026)], sheet="FIW13-26")
    batch = FreedomHouseReader().read(path)
    assert {(v.region, v.edition) for v in batch.values} == {("CZ", "2026")}


def test_it_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    FreedomHouseReader().read(_good(tmp_path), lambda done, total: seen.append((done, total)))
    assert seen[-1] == (8, 8)


# Bad files: each is refused with file, sheet, row, column and problem


def test_it_refuses_a_workbook_without_a_fiw_sheet(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025)], sheet="Data")
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIWyy-yy", None, "")
    assert error.problem == "no sheet named like FIWyy-yy (e.g. FIW13-25); sheets: Index, Data"


def test_it_refuses_a_workbook_with_two_fiw_sheets(tmp_path: Path) -> None:
    path = write_fiw(
        tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025)], extra_sheets=("FIW13-24",)
    )
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIWyy-yy", None, "")
    assert error.problem == "more than one sheet named like FIWyy-yy; sheets: FIW13-24, FIW13-25"


def test_it_refuses_a_missing_column(tmp_path: Path) -> None:
    header = without(FIW_HEADER, "Total")
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025)[:-1]], header=header)
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 2, "")
    assert error.problem.startswith("missing column 'Total' (found: Country/Territory, Region,")


def test_it_refuses_a_header_in_the_wrong_row(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025)], title=False)
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 2, "")
    assert error.problem.startswith("missing column 'Country/Territory' (found: Netherlands,")


def test_it_refuses_a_sheet_with_only_a_title(tmp_path: Path) -> None:
    error = _refused(write_fiw(tmp_path / "fiw.xlsx", [], header=[]))
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 2, "")
    assert error.problem == "the sheet has no header row"


def test_it_refuses_a_sheet_without_country_rows(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Tibet", 2025, kind="t")])
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", None, "")
    assert error.problem == "no country values found"


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "fiw.xlsx"
    path.write_bytes(b"")
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "", None, "")
    assert error.problem == "the file is empty"


def test_it_refuses_a_truncated_workbook(tmp_path: Path) -> None:
    path = truncated(_good(tmp_path, "whole.xlsx"), tmp_path / "fiw.xlsx")
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "", None, "")
    assert error.problem.startswith("cannot be read as an Excel workbook (BadZipFile:")


def test_it_refuses_a_zip_that_holds_no_workbook(tmp_path: Path) -> None:
    error = _refused(not_a_workbook(tmp_path / "fiw.xlsx"))
    assert _where(error) == ("fiw.xlsx", "", None, "")
    assert error.problem.startswith("cannot be read as an Excel workbook (KeyError:")


def test_it_refuses_a_csv_file_named_xlsx(tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "fiw.xlsx", "Country/Territory,C/T,Edition,Total\nNetherlands,c,2025,97\n"
    )
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "", None, "")
    assert error.problem == "not an Excel workbook (.xlsx) although its name says so"


def test_it_refuses_a_utf16_text_file_named_xlsx(tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "fiw.xlsx", "Country/Territory\tTotal\nCôte d'Ivoire\t51\n", "utf-16"
    )
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "", None, "")
    assert error.problem == "not an Excel workbook (.xlsx) although its name says so"


def test_it_refuses_a_workbook_named_csv(tmp_path: Path) -> None:
    path = renamed(_good(tmp_path), tmp_path / "fiw.csv")
    error = _refused(path)
    assert _where(error) == ("fiw.csv", "", None, "")
    assert error.problem == "expected a .xlsx file, got '.csv'"


def test_it_refuses_an_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    error = _refused(_good(tmp_path))
    assert _where(error) == ("fiw.xlsx", "", None, "")
    assert re.fullmatch(r"the file is \d+\.\d KB; at most 1\.0 KB", error.problem)


def test_it_names_the_cell_of_text_where_a_number_belongs(tmp_path: Path) -> None:
    path = write_fiw(
        tmp_path / "fiw.xlsx",
        [fiw_row("Netherlands", 2025), fiw_row("Germany", 2025, total="ninety-five")],
    )
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 4, "Total")
    assert error.problem == "'ninety-five' is not a number"
    assert (
        str(error) == "fiw.xlsx: sheet FIW13-25: row 4: column Total: 'ninety-five' is not a number"
    )


def test_it_names_the_cell_of_an_infinite_or_nan_score(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025, pr="NaN")])
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 3, "PR")
    assert error.problem == "'NaN' is not a finite number"


def test_it_names_the_cell_of_an_edition_that_is_not_a_year(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 25)])
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 3, "Edition")
    assert error.problem == "'25' is not an edition year"


def test_it_refuses_a_duplicate_country_edition_row(tmp_path: Path) -> None:
    rows = [fiw_row("Netherlands", 2025), fiw_row("Germany", 2025), fiw_row("Netherlands", 2025)]
    error = _refused(write_fiw(tmp_path / "fiw.xlsx", rows))
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 5, "Country/Territory")
    assert error.problem == "a second row for Netherlands 2025 (the first is row 3)"


def test_it_refuses_two_spellings_of_one_country_in_one_edition(tmp_path: Path) -> None:
    rows = [fiw_row("Czech Republic", 2025), fiw_row("Czechia", 2025)]
    error = _refused(write_fiw(tmp_path / "fiw.xlsx", rows))
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 4, "Country/Territory")
    assert error.problem == "'Czechia' and 'Czech Republic' (row 3) are both CZ in edition 2025"


def test_it_refuses_an_unknown_country_or_territory_code(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025, kind="x")])
    error = _refused(path)
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 3, "C/T")
    assert error.problem == "'x' is not c (country) or t (territory)"


def test_it_refuses_an_edition_the_file_does_not_hold(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        FreedomHouseReader("2030").read(_good(tmp_path))
    assert _where(caught.value) == ("fiw.xlsx", "FIW13-25", None, "")
    assert caught.value.problem == "no edition 2030; editions: 2025, 2024, 2016"

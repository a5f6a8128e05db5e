"""European Innovation Scoreboard: the shared re-save of the 2023 database, and bad files."""

from __future__ import annotations

import csv
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from kompas.readers.base import Batch, SourceError
from kompas.readers.eis import EisReader
from kompas.readers.registry import reader
from tests.readers.innovation_workbooks import (
    EIS_HEADER,
    SII,
    eis_row,
    eu_average,
    write_eis,
)
from tests.readers.workbooks import truncated, without

SHARED = Path(os.environ.get("KOMPAS_SHARED_DATA") or Path(__file__).parents[3] / "shared" / "data")
REAL = SHARED / "innovation_eis_2023" / "combined_data.xlsx"
needs_real = pytest.mark.skipif(
    not REAL.is_file(), reason=f"the EIS re-save is not at {REAL} (set KOMPAS_SHARED_DATA)"
)
SHEET = "EIS-INN"
EU = eu_average({2016: 100, 2023: 108.467})


@pytest.fixture(scope="module")
def real() -> Batch:
    return EisReader().read(REAL)


def _refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        EisReader().read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


def _write(tmp_path: Path, rows: list[list[Any]], **options: Any) -> Path:
    return write_eis(tmp_path / "EIS_Data.xlsx", [*EU, *rows], **options)


def _good(tmp_path: Path, **options: Any) -> Path:
    return _write(
        tmp_path,
        [
            eis_row("NL", "Netherlands", 2022, "137.1"),
            eis_row("NL", "Netherlands", 2023, 139.555),
            eis_row("NL", "Netherlands", 2023, 61.2, indicator="1.1 Human resources"),
            eis_row("EL", "Greece", 2023, 86.218),
            eis_row("UK", "United Kingdom", 2022, 124.5),
            eis_row("UK", "United Kingdom", 2023, "n/a"),
        ],
        **options,
    )


# The shared re-save of the 2023 database


@needs_real
def test_it_reads_the_2023_index_of_every_country_in_the_real_file(real: Batch) -> None:
    assert (real.source, real.publisher, real.edition, real.editions) == (
        "eis",
        "European Commission",
        "2023",
        ("2023",),
    )
    assert len(real.values) == 38
    assert {(v.indicator, v.edition, v.year) for v in real.values} == {("eis_sii", "2023", 2023)}
    assert [(s.sheet, s.row, s.text, s.reason) for s in real.skipped] == [
        ("Sheet1", 4682, "EU Average EU", "EU average, not a country")
    ]


@needs_real
def test_it_gives_the_values_of_the_embedded_default_data(real: Batch) -> None:
    read = {v.region: v.value for v in real.values}
    embedded = resources.files("kompas") / "default_data" / "indicators.csv"
    with embedded.open(encoding="utf-8") as handle:
        stored = {
            row["region"]: float(row["value"])
            for row in csv.DictReader(handle)
            if row["indicator"] == "eis_sii" and row["edition"] == "2023"
        }
    countries = ("NL", "DE", "BE", "FR", "SE", "DK", "FI", "AT", "CH", "UA")
    assert set(stored) == set(countries)
    for region in countries:
        assert read[region] == stored[region], region
    assert (read["GR"], read["GB"]) == (86.218, 124.531)  # EL and UK resolve


# What the reader gives


def test_it_is_registered() -> None:
    assert isinstance(reader("eis"), EisReader)


def test_it_describes_eis_sii_as_the_embedded_indicator(tmp_path: Path) -> None:
    table = tomllib.loads(
        (resources.files("kompas") / "default_data" / "indicators.toml").read_text(encoding="utf-8")
    )
    embedded = next(i for i in table["indicator"] if i["id"] == "eis_sii")
    (spec,) = EisReader().read(_good(tmp_path)).indicators
    assert (spec.id, spec.name_nl, spec.name_en, spec.unit, spec.scale_min, spec.scale_max) == (
        "eis_sii",
        embedded["name_nl"],
        embedded["name_en"],
        embedded["unit"],
        embedded["scale_min"],
        embedded.get("scale_max"),
    )
    assert (spec.higher_is_better, spec.has_std_error) == (True, False)


def test_it_keeps_the_latest_year_of_each_country(tmp_path: Path) -> None:
    batch = EisReader().read(_good(tmp_path))
    assert (batch.edition, batch.editions) == ("2023", ("2023",))
    assert [(v.region, v.indicator, v.edition, v.year, v.value, v.row) for v in batch.values] == [
        ("GB", "eis_sii", "2023", 2022, 124.5, 8),  # 2023 is n/a
        ("GR", "eis_sii", "2023", 2023, 86.218, 7),
        ("NL", "eis_sii", "2023", 2023, 139.555, 5),
    ]
    assert [(s.row, s.text, s.reason) for s in batch.skipped] == [
        (2, "EU Average EU", "EU average, not a country")
    ]


def test_it_takes_the_edition_it_is_given(tmp_path: Path) -> None:
    batch = reader("eis", "2023-beta").read(_good(tmp_path))
    assert batch.edition == "2023-beta"
    assert {v.edition for v in batch.values} == {"2023-beta"}


def test_it_reads_the_re_save_in_sheet1(tmp_path: Path) -> None:
    batch = EisReader().read(_good(tmp_path, sheet="Sheet1"))
    assert [v.region for v in batch.values] == ["GB", "GR", "NL"]
    assert {s.sheet for s in batch.skipped} == {"Sheet1"}


def test_it_leaves_out_regional_rows_and_reports_unknown_codes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            eis_row("NL", "Netherlands", 2023, 139.555),
            eis_row("NL", "Noord-Brabant", 2023, 150.1, region="NL41"),
            eis_row("XK", "Kosovo", 2023, 40.0),
            eis_row("QQ", "Nowhere", 2022, 10.0),
            eis_row("QQ", "Nowhere", 2023, 11.0),
        ],
    )
    batch = EisReader().read(path)
    assert [(v.region, v.value) for v in batch.values] == [("NL", 139.555), ("XK", 40.0)]
    assert [(s.row, s.text, s.reason) for s in batch.skipped] == [
        (2, "EU Average EU", "EU average, not a country"),
        (7, "QQ Nowhere", "no ISO 3166-1 code"),
    ]


# Bad files: each is refused with file, sheet, row, column and problem


def test_it_refuses_a_workbook_without_the_data_sheet(tmp_path: Path) -> None:
    error = _refused(_good(tmp_path, sheet="EIS-STRUCT"))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, None, "")
    assert error.problem == (
        "no sheet 'EIS-INN' (the Commission's EIS_Data.xlsx) or 'Sheet1' (a re-save in the "
        "same long layout); sheets: EIS-STRUCT, EIS-STR"
    )


def test_it_refuses_a_missing_level_column(tmp_path: Path) -> None:
    level = EIS_HEADER.index("Level")
    rows = [[c for i, c in enumerate(eis_row("NL", "Netherlands", 2023, 139.5)) if i != level]]
    path = write_eis(tmp_path / "EIS_Data.xlsx", rows, header=without(EIS_HEADER, "Level"))
    error = _refused(path)
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 1, "")
    assert error.problem.startswith("missing column 'Level' (found: Column1, Indicator,")


def test_it_refuses_a_header_in_the_wrong_row(tmp_path: Path) -> None:
    error = _refused(_good(tmp_path, title="European Innovation Scoreboard 2023 - database"))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 1, "")
    assert error.problem == (
        "missing column 'Indicator' (found: European Innovation Scoreboard 2023 - database)"
    )


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "EIS_Data.xlsx"
    path.write_bytes(b"")
    error = _refused(path)
    assert _where(error) == ("EIS_Data.xlsx", "", None, "")
    assert error.problem == "the file is empty"


def test_it_refuses_a_truncated_workbook(tmp_path: Path) -> None:
    whole = _good(tmp_path)
    error = _refused(truncated(whole, tmp_path / "EIS_cut.xlsx"))
    assert _where(error) == ("EIS_cut.xlsx", "", None, "")
    assert error.problem.startswith("cannot be read as an Excel workbook (BadZipFile:")


def test_it_refuses_a_second_level_0_row_but_not_the_level_1_copy(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            eis_row("NL", "Netherlands", 2023, 139.555),
            eis_row("DE", "Germany", 2023, 127.789),
            eis_row("NL", "Netherlands", 2023, 139.555),
        ],
    )
    error = _refused(path)
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 6, "Country")
    assert error.problem == f"a second Level 0 row for NL '{SII}' 2023"


def test_it_names_the_cell_of_text_where_a_number_belongs(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [eis_row("NL", "Netherlands", 2023, "139.6 (prov.)")]))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 4, "Value")
    assert error.problem == "'139.6 (prov.)' is not a number"


def test_it_names_the_cell_of_an_infinite_value(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [eis_row("NL", "Netherlands", 2023, "inf")]))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 4, "Value")
    assert error.problem == "'inf' is not a finite number"


@pytest.mark.parametrize("code", ["NLD", "Netherlands", "nl", "N1", ""])
def test_it_refuses_a_country_code_of_the_wrong_shape(tmp_path: Path, code: str) -> None:
    error = _refused(_write(tmp_path, [eis_row(code or None, "Netherlands", 2023, 139.5)]))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 4, "Country")
    assert error.problem == (
        f"'{code}' is not an EIS country code (two capital letters, e.g. NL, EL, UK)"
    )


@pytest.mark.parametrize(
    ("level", "problem"),
    [
        (2, "'2' is not a Level (0 or 1)"),
        (None, "'' is not a Level (0 or 1)"),
        ("0/1", "'0/1' is not a number"),
    ],
)
def test_it_refuses_a_level_that_is_not_0_or_1(tmp_path: Path, level: Any, problem: str) -> None:
    rows = [eis_row("NL", "Netherlands", 2023, 139.5, level=level)]
    error = _refused(_write(tmp_path, rows, repeat_level_1=False))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 4, "Level")
    assert error.problem == problem


def test_it_refuses_a_year_that_is_not_a_year(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [eis_row("NL", "Netherlands", "2023*", 139.5)]))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 4, "Year")
    assert error.problem == "'2023*' is not a number"


def test_it_refuses_an_edition_indexed_to_another_year(tmp_path: Path) -> None:
    # EIS 2025 is indexed to EU 2018 = 100: the EU of 2016 is then not 100.
    rows = [*eu_average({2016: 91.3, 2018: 100}), eis_row("NL", "Netherlands", 2025, 130.2)]
    error = _refused(write_eis(tmp_path / "EIS_Data.xlsx", rows))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, 2, "Value")
    assert error.problem == (
        "the EU average for 2016 is 91.3, not 100: this edition is indexed to another year than "
        "eis_sii (EU 2016 = 100) and would need its own indicator"
    )


def test_it_refuses_a_file_without_the_eu_average_of_2016(tmp_path: Path) -> None:
    rows = [eis_row("NL", "Netherlands", 2023, 139.5)]
    error = _refused(write_eis(tmp_path / "EIS_Data.xlsx", rows))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, None, "")
    assert error.problem.startswith("no EU average for 2016: cannot confirm")


def test_it_refuses_a_file_without_the_summary_index(tmp_path: Path) -> None:
    rows = [eis_row("NL", "Netherlands", 2023, 61.2, indicator="1.1 Human resources")]
    error = _refused(write_eis(tmp_path / "EIS_Data.xlsx", rows))
    assert _where(error) == ("EIS_Data.xlsx", SHEET, None, "")
    assert error.problem == f"no '{SII}' values for a country (column Indicator)"

"""Regional Innovation Scoreboard: small files in the database layout, and bad files.

No RIS data file could be obtained (shared/data/SOURCES.md, "Not obtained (a)"); every file here
is generated in the layout documented in kompas.readers.ris.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kompas.readers.base import SourceError
from kompas.readers.registry import reader
from kompas.readers.ris import RisReader
from tests.readers.innovation_workbooks import RIS_HEADER, RIS_VALUE, ris_row, write_ris
from tests.readers.workbooks import not_a_workbook, text_file, without

SHEET = "RIS"


def _refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        RisReader().read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


def _write(tmp_path: Path, rows: list[list[Any]], **options: Any) -> Path:
    return write_ris(tmp_path / "RIS_web_download.xlsx", rows, **options)


def _good(tmp_path: Path, **options: Any) -> Path:
    return _write(
        tmp_path,
        [
            ris_row("EU", 2018, 100, name="European Union"),
            ris_row("EU", 2025, 112.6, name="European Union"),
            ris_row("NL41", 2024, 141.0, name="Noord-Brabant", group="Innovation Leader"),
            ris_row("NL41", 2025, 143.2, name="Noord-Brabant", group="Innovation Leader +"),
            ris_row("NL41", 2025, 0.61, indicator="1.1.2", name="Noord-Brabant"),
            ris_row("DE1", 2025, 138.9, name="Baden-Württemberg"),
            ris_row("BE2", 2025, 130.4, name="Vlaams Gewest", group="Strong Innovator +"),
            ris_row("EL30", 2025, 88.0, name="Attiki", group="Moderate Innovator"),
            ris_row("CY00", 2025, 95.5, name="Kypros"),
            ris_row("MT", 2025, "n/a", name="Malta"),
            ris_row("NL35", 2025, 150.2, name="Utrecht (NUTS 2024)"),
            ris_row("NL411", 2025, 150.0, name="West-Noord-Brabant"),
        ],
        **options,
    )


# What the reader gives


def test_it_is_registered() -> None:
    assert isinstance(reader("ris"), RisReader)


def test_it_describes_ris_rii_relative_to_the_eu_in_2018(tmp_path: Path) -> None:
    (spec,) = RisReader().read(_good(tmp_path)).indicators
    assert (spec.id, spec.unit, spec.scale_min, spec.scale_max) == (
        "ris_rii",
        "index (EU 2018 = 100)",
        0,
        None,
    )
    assert spec.name_nl.startswith("Regionale innovatieprestatie")
    assert spec.name_en.startswith("RIS Regional Innovation Index")
    assert (spec.higher_is_better, spec.has_std_error) == (True, False)


def test_it_keeps_the_latest_index_of_each_region_and_only_numbers(tmp_path: Path) -> None:
    batch = RisReader().read(_good(tmp_path))
    assert (batch.source, batch.publisher, batch.edition, batch.editions) == (
        "ris",
        "European Commission",
        "2025",
        ("2025",),
    )
    assert [(v.region, v.indicator, v.edition, v.year, v.value, v.row) for v in batch.values] == [
        ("BE2", "ris_rii", "2025", 2025, 130.4, 8),
        ("CY00", "ris_rii", "2025", 2025, 95.5, 10),
        ("DE1", "ris_rii", "2025", 2025, 138.9, 7),
        ("EL30", "ris_rii", "2025", 2025, 88.0, 9),
        ("NL41", "ris_rii", "2025", 2025, 143.2, 5),
    ]
    assert [(s.sheet, s.row, s.text, s.reason) for s in batch.skipped] == [
        (SHEET, 2, "EU European Union", "EU average, not a region"),
        (SHEET, 12, "NL35 Utrecht (NUTS 2024)", "not a NUTS 2021 code of level 0, 1 or 2"),
        (SHEET, 13, "NL411 West-Noord-Brabant", "not a NUTS 2021 code of level 0, 1 or 2"),
    ]


def test_it_reads_a_country_level_row_as_the_country(tmp_path: Path) -> None:
    path = _write(tmp_path, [ris_row("EL", 2025, 80.1), ris_row("UK", 2023, 120.0)])
    batch = RisReader().read(path)
    assert [(v.region, v.year, v.edition) for v in batch.values] == [
        ("GB", 2023, "2025"),
        ("GR", 2025, "2025"),
    ]


def test_it_takes_the_edition_it_is_given(tmp_path: Path) -> None:
    batch = reader("ris", "2025").read(_write(tmp_path, [ris_row("NL41", 2024, 141.0)]))
    assert (batch.edition, batch.values[0].edition, batch.values[0].year) == ("2025", "2025", 2024)


def test_it_does_without_the_name_and_group_columns(tmp_path: Path) -> None:
    header = ["Region code", "Indicator code", "Year", RIS_VALUE]
    path = _write(
        tmp_path, [["NL41", "RII", 2025, 143.2], ["NL35", "RII", 2025, 1.0]], header=header
    )
    batch = RisReader().read(path)
    assert [(v.region, v.value) for v in batch.values] == [("NL41", 143.2)]
    assert [s.text for s in batch.skipped] == ["NL35"]


# Bad files: each is refused with file, sheet, row, column and problem


def test_it_refuses_a_workbook_without_the_ris_sheet(tmp_path: Path) -> None:
    error = _refused(_good(tmp_path, sheet="RIS 2025"))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, None, "")
    assert error.problem == "no sheet 'RIS'; sheets: RIS 2025"


def test_it_refuses_a_missing_indicator_code_column(tmp_path: Path) -> None:
    header = without(RIS_HEADER, "Indicator code")
    rows = [["NL41", "Noord-Brabant", 2025, 143.2, ""]]
    error = _refused(_write(tmp_path, rows, header=header))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 1, "")
    assert error.problem.startswith("missing column 'Indicator code' (found: Region code,")


def test_it_refuses_values_relative_to_another_year(tmp_path: Path) -> None:
    header = [name.replace("2018", "2016") for name in RIS_HEADER]
    error = _refused(_write(tmp_path, [ris_row("NL41", 2023, 150.0)], header=header))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 1, "Value relative to EU in 2016")
    assert error.problem == (
        "the values are relative to the EU in another year (Value relative to EU in 2016); "
        "ris_rii is stored relative to the EU in 2018, a different scale that would need its own "
        "indicator"
    )


def test_it_refuses_a_header_in_the_wrong_row(tmp_path: Path) -> None:
    error = _refused(_good(tmp_path, title="Regional Innovation Scoreboard 2025"))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 1, "")
    assert error.problem == (
        "missing column 'Region code' (found: Regional Innovation Scoreboard 2025)"
    )


def test_it_refuses_an_empty_sheet(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [], header=[]))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 1, "")
    assert error.problem == "the sheet has no header row"


def test_it_refuses_a_text_file_named_xlsx(tmp_path: Path) -> None:
    text = "Region code;Indicator code;Year\nNL41;RII;2025\n"
    error = _refused(text_file(tmp_path / "RIS_web_download.xlsx", text))
    assert _where(error) == ("RIS_web_download.xlsx", "", None, "")
    assert error.problem == "not an Excel workbook (.xlsx) although its name says so"


def test_it_refuses_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    error = _refused(not_a_workbook(tmp_path / "RIS_web_download.xlsx"))
    assert _where(error) == ("RIS_web_download.xlsx", "", None, "")
    assert error.problem.startswith("cannot be read as an Excel workbook (")


@pytest.mark.parametrize("code", ["Noord-Brabant", "NL 41", "nl41", "NL4123", ""])
def test_it_refuses_a_region_code_of_the_wrong_shape(tmp_path: Path, code: str) -> None:
    rows = [ris_row("NL41", 2025, 143.2), ris_row(code or None, 2025, 140.0)]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 3, "Region code")
    assert error.problem == f"'{code}' is not a NUTS region code (e.g. NL41, DE1, FRC)"


def test_it_refuses_a_duplicate_region_indicator_year(tmp_path: Path) -> None:
    rows = [
        ris_row("NL41", 2025, 143.2),
        ris_row("DE1", 2025, 138.9),
        ris_row("NL41", 2025, 143.9),
    ]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 4, "Region code")
    assert error.problem == "a second row for NL41 RII 2025"


def test_it_refuses_two_codes_of_one_region(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [ris_row("EL", 2025, 80.1), ris_row("GR", 2025, 80.2)]))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 3, "Region code")
    assert error.problem == "a second Regional Innovation Index for GR 2025 (rows 2 and 3)"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("143,2 %", "'143,2 %' is not a number"),
        ("-inf", "'-inf' is not a finite number"),
        (-3.5, "'-3.5' is below 0, not a Regional Innovation Index"),
    ],
)
def test_it_names_the_cell_of_a_bad_value(tmp_path: Path, value: Any, problem: str) -> None:
    error = _refused(_write(tmp_path, [ris_row("DE1", 2025, 1.0), ris_row("NL41", 2025, value)]))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 3, RIS_VALUE)
    assert error.problem == problem


def test_it_refuses_an_eu_of_2018_that_is_not_100(tmp_path: Path) -> None:
    # A file on another scale, e.g. the index as a ratio (EU 2018 = 1).
    rows = [ris_row("NL41", 2025, 1.43), ris_row("EU", 2018, 1.0)]
    error = _refused(_write(tmp_path, rows))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 3, RIS_VALUE)
    assert error.problem == "the EU in 2018 is 1, not 100: not the scale of ris_rii (EU 2018 = 100)"


def test_it_refuses_a_year_that_is_not_a_year(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [ris_row("NL41", 25, 143.2)]))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, 2, "Year")
    assert error.problem == "'25' is not a year"


def test_it_refuses_a_file_without_the_regional_innovation_index(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, [ris_row("NL41", 2025, 0.61, indicator="1.1.2")]))
    assert _where(error) == ("RIS_web_download.xlsx", SHEET, None, "")
    assert error.problem == "no 'RII' values for a region (column Indicator code)"

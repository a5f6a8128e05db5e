"""Small workbooks in the innovation publishers' layouts, for the importer tests.

`write_eis` writes the Commission's EIS database layout (sheet EIS-INN, every row repeated with
Level 1), `write_ris` the RIS database layout (sheet RIS), `write_gii` WIPO's GII data workbook
(sheet Data). The layouts are the ones documented in kompas.readers.eis, .ris and .gii; the
columns a reader does not use are filler. Ways to damage a file are in tests.readers.workbooks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.readers.workbooks import data_sheet, new_book

# European Innovation Scoreboard, EIS_Data.xlsx (sheet EIS-INN, header in row 1).
EIS_HEADER = [
    "Column1",
    "Indicator",
    "Column2",
    "Perf",
    "Year",
    "Zone",
    "Country",
    "CountryName",
    "Region",
    "RegionName",
    "Level",
    "Value",
]
SII = "0 Summary Innovation Index"

# Regional Innovation Scoreboard, RIS_web_download.xlsx (sheet RIS, header in row 1). The
# reader's four columns are documented; "Region name" and "Performance group" are assumed.
RIS_VALUE = "Value relative to EU in 2018"
RIS_HEADER = [
    "Region code",
    "Region name",
    "Indicator code",
    "Year",
    RIS_VALUE,
    "Performance group",
]

# WIPO, wipo-pub-2000-<year>-tech1.xlsx (sheet Data, header in row 1).
GII_HEADER = ["ISO3", "ECONOMY_NAME", "NUM", "NAME", "SCORE", "RANK", "DATAYR"]
GII = "Global Innovation Index"


def eis_row(
    code: Any,
    name: str,
    year: Any,
    value: Any,
    indicator: str = SII,
    level: Any = 0,
    region: Any = None,
) -> list[Any]:
    """One row of EIS-INN; Region is the country code unless given."""
    zone = "EU" if code in ("EU Average", "EU") else "non-EU"
    region = code if region is None else region
    return [1, indicator, indicator, "Strong", year, zone, code, name, region, name, level, value]


def eu_average(values: dict[int, Any]) -> list[list[Any]]:
    """The EU average rows, as the 2023 edition writes them."""
    return [
        [1, SII, SII, "EU", year, "EU", "EU Average", "EU", "EU", "European Union", 0, value]
        for year, value in values.items()
    ]


def write_eis(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "EIS-INN",
    header: Sequence[str] = EIS_HEADER,
    title: str | None = None,
    repeat_level_1: bool = True,
) -> Path:
    """An EIS database workbook: the data sheet (rows, then each again with Level 1), EIS-STR."""
    book = new_book()
    page = data_sheet(book, sheet, header, rows, title)
    if repeat_level_1 and "Level" in header:
        level = list(header).index("Level")
        for row in rows:
            page.append([1 if i == level else cell for i, cell in enumerate(row)])
    book.create_sheet("EIS-STR").append(list(header))
    book.save(path)
    return path


def ris_row(
    code: Any,
    year: Any,
    value: Any,
    indicator: str = "RII",
    name: str = "",
    group: str = "Strong Innovator",
) -> list[Any]:
    return [code, name, indicator, year, value, group]


def write_ris(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "RIS",
    header: Sequence[str] = RIS_HEADER,
    title: str | None = None,
) -> Path:
    """A RIS database workbook: one long sheet."""
    book = new_book()
    data_sheet(book, sheet, header, rows, title)
    book.save(path)
    return path


def gii_row(
    iso3: Any,
    name: str,
    score: Any,
    rank: Any = None,
    indicator: str = GII,
    num: str = "GII",
) -> list[Any]:
    return [iso3, name, num, indicator, score, rank, None]


def write_gii(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "Data",
    header: Sequence[str] = GII_HEADER,
    title: str | None = None,
) -> Path:
    """A GII data workbook: an Economies sheet, then the long Data sheet."""
    book = new_book(("Economies", ["ISO3", "ECONOMY_NAME", "INCOME"]))
    data_sheet(book, sheet, header, rows, title)
    book.save(path)
    return path

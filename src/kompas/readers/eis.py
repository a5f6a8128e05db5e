"""European Commission, European Innovation Scoreboard: the database workbook (`EIS_Data.xlsx`).

Layout. The Commission's workbook holds the country-level data in long form, one row per
country × indicator × year, with the header in row 1:
`Column1, Indicator, Column2, Perf, Year, Zone, Country, CountryName, Region, RegionName, Level,
Value`. The 2023 edition splits it into a sheet `EIS-INN` (the innovation indicators, among them
`0 Summary Innovation Index`) and a sheet `EIS-STR` (the structural indicators `5.x (SD)`); the
Summary Innovation Index is in `EIS-INN`. Every row appears twice, once with `Level` 0 and once
with `Level` 1; the `Level` 0 rows are the ones to use. `Country` is the Eurostat two-letter code
(EL for Greece, UK for the United Kingdom); the EU average has `Country` "EU Average" (or "EU") and
`Region` "EU". Missing values are `n/a`. `Year` is the edition's year label (the 2023 edition runs
2016–2023). In the 2023 edition the Summary Innovation Index is indexed to EU 2016 = 100 (the EU
average of 2016 is 100); later editions are indexed to a later year.

Where this was learned (the Commission's own file was not available here):
- the shared re-save `innovation_eis_2023/combined_data.xlsx` (see shared/data/SOURCES.md §6),
  whose `Sheet1` is `EIS-INN` and `EIS-STR` of the official EIS 2023 `EIS_DATA.xlsx` joined with
  R's `bind_rows`, so its columns are the official sheets' columns;
- the script that made it, `combine_EIS.R` in GitHub DiogoRibeiro7/insights_european_innovation_
  scoreboard (`read_excel("EIS_DATA.xlsx", sheet = "EIS-INN")` and `sheet = "EIS-STR"`), and
  `eis_data.R` in the same repository, which drops the official columns "Column1", "Column2",
  "Region" and "RegionName";
- public analysis scripts that read the official `EIS_Data.xlsx` and filter
  `Indicator == "0 Summary Innovation Index"` on columns `Region`, `Year`, `Value`, and note that
  `Level` takes the values 0 and 1.

This reader takes sheet `EIS-INN` (the Commission's workbook) or, when that is absent, `Sheet1`
(the re-save). Older editions also put regional (RIS) rows in this layout, with a NUTS code in
`Region`; rows whose `Region` differs from `Country` are regional and are left out here.

Kompas keeps eis_sii: the Summary Innovation Index of the latest year of each country. The
edition is the file's latest year unless given. eis_sii is stored indexed to EU 2016 = 100, so a
file must hold the EU average for 2016 and it must be 100; an edition indexed to another year is
refused rather than mixed in. The EU average itself is reported as skipped, not stored.

Plausibility (EIS 2023 Methodology Report: the index is the unweighted average of indicator
scores normalised to 0 … 1, shown relative to the EU in 2016): a value below 0 or above 300 (three
times the EU of 2016; the 2023 database's countries run from 33.7 to 151.4) is refused, naming the
row; the EU 2016 = 100 check above confirms the column's role.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError
from kompas.readers.codes import UnresolvedError, country
from kompas.readers.files import (
    Found,
    check_file,
    header_index,
    latest_year_batch,
    number,
    open_sheet,
    sheet_rows,
    text_of,
    year_of,
)

SHEETS = ("EIS-INN", "Sheet1")  # the Commission's workbook, then the re-save
COLUMNS = ("Indicator", "Year", "Country", "CountryName", "Level", "Value")
SII = "0 Summary Innovation Index"
EU_AVERAGE = {"EU", "EU Average", "EU27", "EU27_2020"}
BASE_YEAR = 2016  # eis_sii is indexed to EU 2016 = 100
SII_MAX = 300.0  # three times the EU of 2016; the 2023 database runs 33.7 … 151.4
CODE = re.compile(r"^[A-Z]{2}$")
SPEC = IndicatorSpec(
    "eis_sii",
    "Innovatieprestatie (EIS Summary Innovation Index)",
    "EIS Summary Innovation Index",
    "index (EU 2016 = 100)",
    0,
    None,
    True,
    False,
)


class EisReader:
    key = "eis"
    title = "European Innovation Scoreboard"
    publisher = "European Commission"
    url = (
        "https://research-and-innovation.ec.europa.eu/statistics/performance-indicators/"
        "european-innovation-scoreboard_en"
    )
    suffixes: tuple[str, ...] = (".xlsx",)

    def __init__(self, edition: str | None = None) -> None:
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes)
        book, sheet, name = _open(path)
        try:
            rows = self._rows(path, sheet, name, progress)
        finally:
            book.close()
        return latest_year_batch(self, SPEC, rows["found"], rows["skipped"], self.edition)

    def _rows(self, path: Path, sheet: Any, name: str, progress: Progress | None) -> dict[str, Any]:
        file = path.name
        total = sheet.max_row or 0
        found: Found = {}
        eu: dict[int, tuple[float, int]] = {}
        skipped: list[Skipped] = []
        index: dict[str, int] = {}
        region_column: int | None = None
        seen: set[tuple[str, str, int]] = set()
        for number_, row in sheet_rows(path, sheet, name):
            if progress and number_ % 2000 == 0:
                progress(number_, total)
            if number_ == 1:
                index = header_index(file, name, 1, row, COLUMNS)
                names = [str(cell).strip() if cell is not None else "" for cell in row]
                region_column = names.index("Region") if "Region" in names else None
                continue
            if not any(cell is not None for cell in row):
                continue
            cells = {column: row[i] if i < len(row) else None for column, i in index.items()}
            code = text_of(cells["Country"])
            region = ""
            if region_column is not None and region_column < len(row):
                region = text_of(row[region_column])
            is_eu = code in EU_AVERAGE or region == "EU"
            if not is_eu and not CODE.match(code):
                raise SourceError(
                    file,
                    f"'{code}' is not an EIS country code (two capital letters, e.g. NL, EL, UK)",
                    sheet=name,
                    row=number_,
                    column="Country",
                )
            if region and region != code and not is_eu:
                continue  # a regional (RIS) row of an older edition
            year = year_of(cells["Year"], file, name, number_)
            level = number(cells["Level"], file, name, number_, "Level")
            if level not in (0, 1):
                raise SourceError(
                    file,
                    f"'{text_of(cells['Level'])}' is not a Level (0 or 1)",
                    sheet=name,
                    row=number_,
                    column="Level",
                )
            if level == 1:
                continue  # the file repeats every row with Level 1
            indicator = text_of(cells["Indicator"])
            if not indicator:
                raise SourceError(file, "no indicator", sheet=name, row=number_, column="Indicator")
            key = (code, indicator, year)
            if key in seen:
                raise SourceError(
                    file,
                    f"a second Level 0 row for {code} '{indicator}' {year}",
                    sheet=name,
                    row=number_,
                    column="Country",
                )
            seen.add(key)
            if indicator != SII:
                continue
            value = number(cells["Value"], file, name, number_, "Value")
            if value is None:
                continue
            if value < 0:
                raise SourceError(
                    file,
                    f"'{cells['Value']}' is below 0, not a Summary Innovation Index",
                    sheet=name,
                    row=number_,
                    column="Value",
                )
            if value > SII_MAX:
                raise SourceError(
                    file,
                    f"{value:g} is above {SII_MAX:g}, not a Summary Innovation Index "
                    f"(EU {BASE_YEAR} = 100)",
                    sheet=name,
                    row=number_,
                    column="Value",
                )
            label = f"{code} {text_of(cells['CountryName'])}".strip()
            if is_eu:
                eu[year] = (value, number_)
                skipped.append(Skipped(name, number_, label, "EU average, not a country"))
                continue
            try:
                iso = country(code)
            except UnresolvedError:
                skipped.append(Skipped(name, number_, label, "no ISO 3166-1 code"))
                continue
            if (iso, year) in found:
                raise SourceError(
                    file,
                    f"a second Summary Innovation Index for {iso} {year} (rows "
                    f"{found[(iso, year)][1]} and {number_})",
                    sheet=name,
                    row=number_,
                    column="Country",
                )
            found[(iso, year)] = (value, number_)
        if not index:
            raise SourceError(file, "the sheet has no header row", sheet=name, row=1)
        if not found:
            raise SourceError(
                file, f"no '{SII}' values for a country (column Indicator)", sheet=name
            )
        _check_base(file, name, eu)
        if progress:
            progress(total, total)
        return {"found": found, "skipped": skipped}


def _open(path: Path) -> tuple[Any, Any, str]:
    """The workbook, its data sheet and that sheet's name: EIS-INN, else Sheet1."""
    sheets: list[str] = []
    for name in SHEETS:
        try:
            book, sheet = open_sheet(path, name)
        except SourceError as error:
            if not error.problem.startswith("no sheet"):
                raise
            sheets = error.problem.partition("sheets: ")[2].split(", ")
            continue
        return book, sheet, name
    raise SourceError(
        path.name,
        f"no sheet '{SHEETS[0]}' (the Commission's EIS_Data.xlsx) or '{SHEETS[1]}' (a re-save "
        f"in the same long layout); sheets: {', '.join(sheets)}",
        sheet=SHEETS[0],
    )


def _check_base(file: str, sheet: str, eu: dict[int, tuple[float, int]]) -> None:
    """The index must be EU 2016 = 100, the scale eis_sii is stored in."""
    if BASE_YEAR not in eu:
        raise SourceError(
            file,
            f"no EU average for {BASE_YEAR}: cannot confirm that the index is EU {BASE_YEAR} = "
            f"100, the scale eis_sii is stored in",
            sheet=sheet,
        )
    value, row = eu[BASE_YEAR]
    if abs(value - 100) > 0.05:
        raise SourceError(
            file,
            f"the EU average for {BASE_YEAR} is {value:g}, not 100: this edition is indexed to "
            f"another year than eis_sii (EU {BASE_YEAR} = 100) and would need its own indicator",
            sheet=sheet,
            row=row,
            column="Value",
        )

"""European Commission, Regional Innovation Scoreboard: the database workbook
(`RIS_web_download.xlsx`).

Layout (RIS 2025, https://ec.europa.eu/assets/rtd/eis/2025/downloads/RIS_web_download.xlsx): a
sheet `RIS` in long form, one row per region × indicator × year, with the header in row 1. The
columns this reader uses are `Region code` (the NUTS code the RIS publishes the region at: NUTS 2,
NUTS 1 for e.g. Belgium, Germany and France, NUTS 0 for a country), `Indicator code` (`RII` is
the Regional Innovation Index), `Year`, and `Value relative to EU in 2018` (the index, EU in
2018 = 100); `Region name` is read for the report when present. Other columns are ignored.

Where this was learned (no RIS data file could be obtained here; see shared/data/SOURCES.md,
"Not obtained (a)"): the build script `data_builders/build_tech_ris.R` in GitHub
giocopp/Regio-Decarb-Systemic-Framework reads that file with `read_xlsx(..., sheet = "RIS")` and
filters `Indicator.code == "RII"`, `Year`, `Region.code` and takes
`Value.relative.to.EU.in.2018` (R's `make.names` of the headers above). The same script notes
that RIS 2025 publishes some regions with codes that are not NUTS 2021 (NL35, NL36, PT19,
PT1A–PT1D) and coarser codes (AT1, BE2, FRC, DE3, …). The column names beyond those four, and
whether the file has an EU row, are not known; the tests use small files in this layout.

The RIS also publishes each region's performance group ("Innovation Leader +", "Strong
Innovator -", …). The Commission derives the groups from the RII with its published thresholds,
so they are not stored: Kompas keeps only numbers.

Kompas keeps ris_rii: the RII of the latest year of each region, relative to the EU in 2018. A
file whose values are relative to another year (e.g. `Value relative to EU in 2016` only) is
refused rather than mixed in. Region codes resolve to NUTS 2021 (levels 1–2) or, for a
country-level code, to ISO 3166-1 alpha-2; anything else (a NUTS 2024 code, a NUTS 3 code) is
reported as skipped, never matched to a neighbour. The edition is the file's latest year unless
given.

Plausibility (RIS 2023 Methodology Report: like the EIS, the index is the unweighted average of
indicator scores normalised to 0 … 1, shown relative to the EU in 2018; the highest region of
RIS 2023, Hovedstaden, is about 170): a value below 0 or above 300 is refused, naming the row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError
from kompas.readers.codes import UnresolvedError, nuts
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

SHEET = "RIS"
COLUMNS = ("Region code", "Indicator code", "Year")
BASE_YEAR = 2018  # ris_rii is relative to the EU in 2018
RII_MAX = 300.0  # three times the EU of 2018; RIS 2023 tops out near 170
VALUE = f"Value relative to EU in {BASE_YEAR}"
RELATIVE = re.compile(r"^Value relative to EU in (\d{4})$")
RII = "RII"
EU_AVERAGE = {"EU", "EU27", "EU27_2020"}
CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
SPEC = IndicatorSpec(
    "ris_rii",
    "Regionale innovatieprestatie (RIS Regional Innovation Index, EU 2018 = 100)",
    "RIS Regional Innovation Index (EU 2018 = 100)",
    f"index (EU {BASE_YEAR} = 100)",
    0,
    None,
    True,
    False,
)


class RisReader:
    key = "ris"
    title = "Regional Innovation Scoreboard"
    publisher = "European Commission"
    url = (
        "https://research-and-innovation.ec.europa.eu/statistics/performance-indicators/"
        "regional-innovation-scoreboard_en"
    )
    suffixes: tuple[str, ...] = (".xlsx",)

    def __init__(self, edition: str | None = None) -> None:
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes)
        book, sheet = open_sheet(path, SHEET)
        try:
            rows = self._rows(path, sheet, progress)
        finally:
            book.close()
        return latest_year_batch(self, SPEC, rows["found"], rows["skipped"], self.edition)

    def _rows(self, path: Path, sheet: Any, progress: Progress | None) -> dict[str, Any]:
        file = path.name
        total = sheet.max_row or 0
        found: Found = {}
        skipped: list[Skipped] = []
        index: dict[str, int] = {}
        seen: set[tuple[str, str, int]] = set()
        for number_, row in sheet_rows(path, sheet, SHEET):
            if progress and number_ % 2000 == 0:
                progress(number_, total)
            if number_ == 1:
                index = _header(file, row)
                continue
            if not any(cell is not None for cell in row):
                continue
            cells = {column: row[i] if i < len(row) else None for column, i in index.items()}
            code = text_of(cells["Region code"])
            is_eu = code in EU_AVERAGE
            if not is_eu and not CODE.match(code):
                raise SourceError(
                    file,
                    f"'{code}' is not a NUTS region code (e.g. NL41, DE1, FRC)",
                    sheet=SHEET,
                    row=number_,
                    column="Region code",
                )
            indicator = text_of(cells["Indicator code"])
            if not indicator:
                raise SourceError(
                    file, "no indicator code", sheet=SHEET, row=number_, column="Indicator code"
                )
            year = year_of(cells["Year"], file, SHEET, number_)
            key = (code, indicator, year)
            if key in seen:
                raise SourceError(
                    file,
                    f"a second row for {code} {indicator} {year}",
                    sheet=SHEET,
                    row=number_,
                    column="Region code",
                )
            seen.add(key)
            if indicator != RII:
                continue
            value = number(cells[VALUE], file, SHEET, number_, VALUE)
            if value is None:
                continue
            if value < 0:
                raise SourceError(
                    file,
                    f"'{cells[VALUE]}' is below 0, not a Regional Innovation Index",
                    sheet=SHEET,
                    row=number_,
                    column=VALUE,
                )
            if value > RII_MAX:
                raise SourceError(
                    file,
                    f"{value:g} is above {RII_MAX:g}, not a Regional Innovation Index "
                    f"(EU {BASE_YEAR} = 100)",
                    sheet=SHEET,
                    row=number_,
                    column=VALUE,
                )
            label = f"{code} {text_of(cells.get('Region name'))}".strip()
            if is_eu:
                _check_base(file, number_, year, value)
                skipped.append(Skipped(SHEET, number_, label, "EU average, not a region"))
                continue
            try:
                region = nuts(code)
            except UnresolvedError:
                skipped.append(
                    Skipped(SHEET, number_, label, "not a NUTS 2021 code of level 0, 1 or 2")
                )
                continue
            if (region, year) in found:
                raise SourceError(
                    file,
                    f"a second Regional Innovation Index for {region} {year} (rows "
                    f"{found[(region, year)][1]} and {number_})",
                    sheet=SHEET,
                    row=number_,
                    column="Region code",
                )
            found[(region, year)] = (value, number_)
        if not index:
            raise SourceError(file, "the sheet has no header row", sheet=SHEET, row=1)
        if not found:
            raise SourceError(
                file,
                f"no '{RII}' values for a region (column Indicator code)",
                sheet=SHEET,
            )
        if progress:
            progress(total, total)
        return {"found": found, "skipped": skipped}


def _header(file: str, row: tuple[Any, ...]) -> dict[str, int]:
    """The columns used, with the value column relative to the EU in 2018."""
    names = [str(cell).strip() if cell is not None else "" for cell in row]
    if VALUE not in names:
        others = [name for name in names if RELATIVE.match(name)]
        if others:
            raise SourceError(
                file,
                f"the values are relative to the EU in another year ({', '.join(others)}); "
                f"ris_rii is stored relative to the EU in {BASE_YEAR}, a different scale that "
                f"would need its own indicator",
                sheet=SHEET,
                row=1,
                column=others[0],
            )
    index = header_index(file, SHEET, 1, row, (*COLUMNS, VALUE))
    if "Region name" in names:
        index["Region name"] = names.index("Region name")
    return index


def _check_base(file: str, row: int, year: int, value: float) -> None:
    """An EU row for 2018, when the file has one, must be 100 (the scale of ris_rii)."""
    if year == BASE_YEAR and abs(value - 100) > 0.05:
        raise SourceError(
            file,
            f"the EU in {BASE_YEAR} is {value:g}, not 100: not the scale of ris_rii "
            f"(EU {BASE_YEAR} = 100)",
            sheet=SHEET,
            row=row,
            column=VALUE,
        )

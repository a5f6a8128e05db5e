"""World Bank, Worldwide Governance Indicators: the published workbook (`wgidataset.xlsx`).

Layout (2024 update): one sheet `Sheet1` in long form with the header
`codeindyr, code, countryname, year, indicator, estimate, stddev, nsource, pctrank, ...`;
`indicator` is one of va, pv, ge, rq, rl, cc; `code` is the World Bank's three-letter code;
missing values are `..` or `#N/A`. The World Bank names each update by its release year, the
year after the latest data year, so the edition is that year unless given.

Kompas keeps the latest year of each indicator (the edition's current estimate, with its
standard error); the back series of earlier years is counted in the report, not stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError, Value
from kompas.readers.codes import UnresolvedError, country, is_code_shaped
from kompas.readers.files import (
    check_file,
    header_index,
    number,
    open_sheet,
    sheet_rows,
    unique_skips,
)

SHEET = "Sheet1"
COLUMNS = ("code", "countryname", "year", "indicator", "estimate", "stddev")
INDICATORS = {
    "va": ("Stem en verantwoording (WGI, schatting)", "Voice and Accountability (WGI, estimate)"),
    "pv": (
        "Politieke stabiliteit (WGI, schatting)",
        "Political Stability and Absence of Violence (WGI, estimate)",
    ),
    "ge": (
        "Effectiviteit van de overheid (WGI, schatting)",
        "Government Effectiveness (WGI, estimate)",
    ),
    "rq": ("Kwaliteit van regelgeving (WGI, schatting)", "Regulatory Quality (WGI, estimate)"),
    "rl": ("Rechtsstaat (WGI Rule of Law, schatting)", "WGI Rule of Law (estimate)"),
    "cc": ("Beheersing van corruptie (WGI, schatting)", "Control of Corruption (WGI, estimate)"),
}


class WgiReader:
    key = "wgi"
    title = "Worldwide Governance Indicators"
    publisher = "World Bank"
    url = "https://www.worldbank.org/en/publication/worldwide-governance-indicators"
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
        latest = self._latest(rows)
        edition = self.edition or str(max(year for (_, _, year), _ in latest.items()) + 1)
        values = tuple(
            Value(code, f"wgi_{indicator}", edition, year, estimate, stddev, row)
            for (code, indicator, year), (estimate, stddev, row) in sorted(latest.items())
        )
        skipped = tuple(rows["skipped"])
        return Batch(
            self.key,
            self.publisher,
            self.title,
            edition,
            self.url,
            tuple(
                IndicatorSpec(f"wgi_{key}", nl, en, "schatting (−2,5 … 2,5)", -2.5, 2.5, True, True)
                for key, (nl, en) in INDICATORS.items()
            ),
            values,
            skipped,
            (edition,),
        )

    def _rows(self, path: Path, sheet: Any, progress: Progress | None) -> dict[str, Any]:
        file = path.name
        total = sheet.max_row or 0
        found: dict[tuple[str, str, int], tuple[float, float | None, int]] = {}
        skipped: list[Skipped] = []
        index: dict[str, int] = {}
        seen: set[tuple[str, str, int]] = set()
        for number_, row in sheet_rows(path, sheet, SHEET):
            if progress and number_ % 2000 == 0:
                progress(number_, total)
            if number_ == 1:
                index = header_index(file, SHEET, 1, row, COLUMNS)
                continue
            if not any(cell is not None for cell in row):
                continue
            cells = {name: row[i] if i < len(row) else None for name, i in index.items()}
            code = str(cells["code"] or "").strip()
            if not is_code_shaped(code):
                raise SourceError(
                    file, f"'{code}' is not a country code", sheet=SHEET, row=number_, column="code"
                )
            indicator = str(cells["indicator"] or "").strip()
            if indicator not in INDICATORS:
                raise SourceError(
                    file,
                    f"'{indicator}' is not a WGI indicator ({', '.join(INDICATORS)})",
                    sheet=SHEET,
                    row=number_,
                    column="indicator",
                )
            year = number(cells["year"], file, SHEET, number_, "year")
            if year is None or year != int(year) or not 1990 <= year <= 2100:
                raise SourceError(
                    file,
                    f"'{cells['year']}' is not a year",
                    sheet=SHEET,
                    row=number_,
                    column="year",
                )
            key = (code, indicator, int(year))
            if key in seen:
                raise SourceError(
                    file,
                    f"a second row for {code} {indicator} {int(year)}",
                    sheet=SHEET,
                    row=number_,
                    column="code",
                )
            seen.add(key)
            estimate = number(cells["estimate"], file, SHEET, number_, "estimate")
            stddev = number(cells["stddev"], file, SHEET, number_, "stddev")
            if estimate is None:
                continue
            try:
                region = country(code)
            except UnresolvedError:
                skipped.append(
                    Skipped(SHEET, number_, f"{code} {cells['countryname']}", "no ISO 3166-1 code")
                )
                continue
            found[(region, indicator, int(year))] = (estimate, stddev, number_)
        if not index:
            raise SourceError(file, "the sheet has no header row", sheet=SHEET, row=1)
        if progress:
            progress(total, total)
        return {"found": found, "skipped": unique_skips(skipped)}

    @staticmethod
    def _latest(
        rows: dict[str, Any],
    ) -> dict[tuple[str, str, int], tuple[float, float | None, int]]:
        found: dict[tuple[str, str, int], tuple[float, float | None, int]] = rows["found"]
        if not found:
            raise SourceError("", "no values found")
        newest: dict[tuple[str, str], int] = {}
        for region, indicator, year in found:
            newest[(region, indicator)] = max(year, newest.get((region, indicator), year))
        return {key: value for key, value in found.items() if newest[(key[0], key[1])] == key[2]}

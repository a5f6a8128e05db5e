"""World Bank, Worldwide Governance Indicators: the published workbook (`wgidataset.xlsx`).

Layout (2024 update): one sheet `Sheet1` in long form with the header
`codeindyr, code, countryname, year, indicator, estimate, stddev, nsource, pctrank, ...`;
`indicator` is one of va, pv, ge, rq, rl, cc; `code` is the World Bank's three-letter code;
missing values are `..` or `#N/A`. The World Bank names each update by its release year, the
year after the latest data year, so the edition is that year unless given.

Kompas keeps the latest year of each indicator (the edition's current estimate, with its
standard error); the back series of earlier years is counted in the report, not stored.

Plausibility, from the publisher's documentation (Kaufmann, Kraay and Mastruzzi, "The Worldwide
Governance Indicators: Methodology and Analytical Issues", World Bank Policy Research Working
Paper 5430, 2010, section 4; and the WGI's "Interpreting the data" page): the estimates are in
units of a standard normal distribution, "ranging from approximately -2.5 to 2.5"; each comes
with a standard error, positive, of the same units; the percentile rank runs from 0 to 100 and
orders the economies by their estimate. Kompas refuses, naming the row and column:

- a header that is not the World Bank's layout, column for column (so that `estimate` and
  `stddev` swapped are refused, not read as each other);
- an estimate outside −5 … 5 (the tails of a standard normal; the 2024 update reaches −3.31);
- a standard error that is not above 0 or above 1.5 (the 2024 update: 0.10 … 1.06);
- a percentile rank outside 0 … 100, or one that does not rise with the estimate within an
  indicator and year (true of all 150 indicator-years of the 2024 update);
- text that a spreadsheet would run as a formula (`files.sheet_rows`, for every reader).
"""

from __future__ import annotations

from itertools import pairwise
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
    text_of,
    unique_skips,
)

SHEET = "Sheet1"
COLUMNS = ("code", "countryname", "year", "indicator", "estimate", "stddev", "pctrank")
# The publisher's header, column for column (2024 update).
LAYOUT = (
    "codeindyr",
    *("code", "countryname", "year", "indicator", "estimate", "stddev", "nsource", "pctrank"),
    *("pctranklower", "pctrankupper"),
)
ESTIMATE_BOUND = 5.0  # published "approximately -2.5 to 2.5"; the tails reach -3.31
STDDEV_MAX = 1.5  # the 2024 update: 0.10 to 1.06
RANK_SLACK = 1e-6
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
        ranks: dict[tuple[str, int], list[tuple[float, float, int]]] = {}
        for number_, row in sheet_rows(path, sheet, SHEET):
            if progress and number_ % 2000 == 0:
                progress(number_, total)
            if number_ == 1:
                index = header_index(file, SHEET, 1, row, COLUMNS)
                _check_layout(file, row)
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
            estimate, stddev = _plausible(file, number_, cells)
            if estimate is None:
                continue
            rank = number(cells["pctrank"], file, SHEET, number_, "pctrank")
            if rank is not None:
                ranks.setdefault((indicator, int(year)), []).append((estimate, rank, number_))
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
        _check_ranks(file, ranks)
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


def _check_layout(file: str, header: tuple[Any, ...]) -> None:
    """The header must be the World Bank's, column for column: a swap is refused, not read."""
    names = [text_of(cell) for cell in header]
    for position, wanted in enumerate(LAYOUT):
        found = names[position] if position < len(names) else ""
        if found != wanted:
            raise SourceError(
                file,
                f"column {position + 1} is '{found}' where the World Bank's layout has "
                f"'{wanted}' ({', '.join(LAYOUT)}): columns moved or swapped",
                sheet=SHEET,
                row=1,
                column=found or f"#{position + 1}",
            )


def _plausible(file: str, row: int, cells: dict[str, Any]) -> tuple[float | None, float | None]:
    """The estimate and standard error, refused outside the publisher's documented ranges."""
    estimate = number(cells["estimate"], file, SHEET, row, "estimate")
    stddev = number(cells["stddev"], file, SHEET, row, "stddev")
    if estimate is not None and not -ESTIMATE_BOUND <= estimate <= ESTIMATE_BOUND:
        raise SourceError(
            file,
            f"{estimate:g} is outside the WGI's range (−5 … 5; published −2.5 … 2.5)",
            sheet=SHEET,
            row=row,
            column="estimate",
        )
    if stddev is not None and not 0 < stddev <= STDDEV_MAX:
        raise SourceError(
            file,
            f"a standard error must be above 0 and at most {STDDEV_MAX:g}, not {stddev:g}",
            sheet=SHEET,
            row=row,
            column="stddev",
        )
    return estimate, stddev


def _check_ranks(file: str, ranks: dict[tuple[str, int], list[tuple[float, float, int]]]) -> None:
    """Percentile ranks within 0 … 100 that rise with the estimate in every indicator-year."""
    for (indicator, year), found in sorted(ranks.items()):
        for _, rank, row in found:
            if not 0 <= rank <= 100:
                raise SourceError(
                    file,
                    f"a percentile rank runs from 0 to 100, not {rank:g}",
                    sheet=SHEET,
                    row=row,
                    column="pctrank",
                )
        found.sort()
        for (low, low_rank, low_row), (high, rank, row) in pairwise(found):
            if rank < low_rank - RANK_SLACK and high > low:
                raise SourceError(
                    file,
                    f"the percentile rank {rank:g} is below the {low_rank:g} of row {low_row}, "
                    f"whose {indicator} {year} estimate is lower ({low:g} < {high:g}): the "
                    "columns do not play the World Bank's roles",
                    sheet=SHEET,
                    row=row,
                    column="pctrank",
                )

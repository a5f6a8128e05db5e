"""World Justice Project, Rule of Law Index: the historical data workbook
(`2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx`).

Layout (2025 release): besides one wide sheet per edition, the sheet `Historical Data` holds every
edition in long form with the header `Country, Year, Country_year, Country Code, Region,
WJP Rule of Law Index: Overall Score, Factor 1: Constraints on Government Powers, 1.1 …,
Factor 2: …, …, Factor 8: Criminal Justice, 8.1 … 8.7`. `Year` is the edition: a year (2025) or
a range of two years (`2012-2013`, `2017-2018`); `Country Code` is ISO 3166-1 alpha-3. Scores run
from 0 to 1.

Kompas keeps the overall score and the eight factor scores of each country's latest edition. The
edition is the `Year` text as published; the value's year is the last year of a range.

Plausibility, from the publisher's methodology (WJP Rule of Law Index 2025, "Methodology": scores
from 0 to 1, the overall score the simple average of the eight factor scores): every score Kompas
keeps is refused outside 0 … 1, and an overall score more than 0.001 from the mean of the eight
factors (true of all 1,484 rows of the 2012–2025 file, to 1e-16) is refused, naming the row and
column; so are factor columns that do not hold what their headers say.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError, Value
from kompas.readers.codes import UnresolvedError, country, is_code_shaped
from kompas.readers.files import check_file, header_index, number, open_sheet, sheet_rows

SHEET = "Historical Data"
CODE = "Country Code"
OVERALL = "WJP Rule of Law Index: Overall Score"
# indicator id -> (column, Dutch name, English name)
INDICATORS = {
    "wjp_overall": (
        OVERALL,
        "Rechtsstaat (WJP Rule of Law Index, totaalscore)",
        "WJP Rule of Law Index (overall score)",
    ),
    "wjp_factor_1": (
        "Factor 1: Constraints on Government Powers",
        "Beperking van de overheidsmacht (WJP Rule of Law Index, factor 1)",
        "WJP Rule of Law Index, factor 1: Constraints on Government Powers",
    ),
    "wjp_factor_2": (
        "Factor 2: Absence of Corruption",
        "Afwezigheid van corruptie (WJP Rule of Law Index, factor 2)",
        "WJP Rule of Law Index, factor 2: Absence of Corruption",
    ),
    "wjp_factor_3": (
        "Factor 3: Open Government",
        "Open overheid (WJP Rule of Law Index, factor 3)",
        "WJP Rule of Law Index, factor 3: Open Government",
    ),
    "wjp_factor_4": (
        "Factor 4: Fundamental Rights",
        "Grondrechten (WJP Rule of Law Index, factor 4)",
        "WJP Rule of Law Index, factor 4: Fundamental Rights",
    ),
    "wjp_factor_5": (
        "Factor 5: Order and Security",
        "Orde en veiligheid (WJP Rule of Law Index, factor 5)",
        "WJP Rule of Law Index, factor 5: Order and Security",
    ),
    "wjp_factor_6": (
        "Factor 6: Regulatory Enforcement",
        "Handhaving van regelgeving (WJP Rule of Law Index, factor 6)",
        "WJP Rule of Law Index, factor 6: Regulatory Enforcement",
    ),
    "wjp_factor_7": (
        "Factor 7: Civil Justice",
        "Civiele rechtspraak (WJP Rule of Law Index, factor 7)",
        "WJP Rule of Law Index, factor 7: Civil Justice",
    ),
    "wjp_factor_8": (
        "Factor 8: Criminal Justice",
        "Strafrechtspleging (WJP Rule of Law Index, factor 8)",
        "WJP Rule of Law Index, factor 8: Criminal Justice",
    ),
}
COLUMNS = ("Country", "Year", CODE, *(column for column, _, _ in INDICATORS.values()))
YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


class WjpReader:
    key = "wjp"
    title = "WJP Rule of Law Index"
    publisher = "World Justice Project"
    url = "https://worldjusticeproject.org/rule-of-law-index/"
    suffixes: tuple[str, ...] = (".xlsx",)

    def __init__(self, edition: str | None = None) -> None:
        # The file states its editions; given one, only that edition is read.
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes)
        book, sheet = open_sheet(path, SHEET)
        try:
            rows = self._rows(path, sheet, progress)
        finally:
            book.close()
        editions: dict[str, int] = rows["editions"]
        newest_first = sorted(editions, key=lambda e: (editions[e], e), reverse=True)
        if self.edition is not None and self.edition not in editions:
            raise SourceError(
                path.name,
                f"no edition {self.edition}; editions: {', '.join(newest_first)}",
                sheet=SHEET,
            )
        latest = self._latest(rows, path.name, self.edition)
        edition = self.edition or (newest_first[0] if newest_first else "")
        values = tuple(
            Value(region, indicator, label, year, value, None, row)
            for (region, indicator, year, label), (value, row) in sorted(latest.items())
        )
        return Batch(
            self.key,
            self.publisher,
            self.title,
            edition,
            self.url,
            tuple(
                IndicatorSpec(key, nl, en, "score (0–1)", 0.0, 1.0)
                for key, (_, nl, en) in INDICATORS.items()
            ),
            values,
            tuple(_unique_skips(rows["skipped"])),
            (edition,) if self.edition else tuple(newest_first),
        )

    def _rows(self, path: Path, sheet: Any, progress: Progress | None) -> dict[str, Any]:
        file = path.name
        total = sheet.max_row or 0
        found: dict[tuple[str, str, int, str], tuple[float, int]] = {}
        skipped: list[Skipped] = []
        index: dict[str, int] = {}
        seen: dict[tuple[str, str], int] = {}
        regions: dict[tuple[str, str], tuple[str, int]] = {}
        editions: dict[str, int] = {}
        for number_, row in sheet_rows(path, sheet, SHEET):
            if progress and number_ % 500 == 0:
                progress(number_, total)
            if number_ == 1:
                index = header_index(file, SHEET, 1, row, COLUMNS)
                continue
            if not any(cell is not None for cell in row):
                continue
            cells = {name: row[i] if i < len(row) else None for name, i in index.items()}
            code = str(cells[CODE] or "").strip()
            if not is_code_shaped(code):
                raise SourceError(
                    file, f"'{code}' is not a country code", sheet=SHEET, row=number_, column=CODE
                )
            label, year = _edition(cells["Year"], file, number_)
            if (code, label) in seen:
                raise SourceError(
                    file,
                    f"a second row for {code} {label} (the first is row {seen[(code, label)]})",
                    sheet=SHEET,
                    row=number_,
                    column=CODE,
                )
            seen[(code, label)] = number_
            editions[label] = year
            scores = {
                key: number(cells[column], file, SHEET, number_, column)
                for key, (column, _, _) in INDICATORS.items()
            }
            _check_scores(file, number_, scores)
            if self.edition is not None and label != self.edition:
                continue
            try:
                region = country(code)
            except UnresolvedError:
                skipped.append(
                    Skipped(
                        SHEET,
                        number_,
                        f"{code} {cells['Country'] or ''}".strip(),
                        "no ISO 3166-1 code",
                    )
                )
                continue
            if (region, label) in regions:
                other, first = regions[(region, label)]
                raise SourceError(
                    file,
                    f"'{code}' and '{other}' (row {first}) are both {region} in edition {label}",
                    sheet=SHEET,
                    row=number_,
                    column=CODE,
                )
            regions[(region, label)] = (code, number_)
            for key, score in scores.items():
                if score is not None:
                    found[(region, key, year, label)] = (score, number_)
        if not index:
            raise SourceError(file, "the sheet has no header row", sheet=SHEET, row=1)
        if progress:
            progress(total, total)
        return {"found": found, "skipped": skipped, "editions": editions}

    @staticmethod
    def _latest(
        rows: dict[str, Any], file: str, edition: str | None
    ) -> dict[tuple[str, str, int, str], tuple[float, int]]:
        found: dict[tuple[str, str, int, str], tuple[float, int]] = rows["found"]
        if not found:
            chosen = f" in edition {edition}" if edition else ""
            raise SourceError(file, f"no country values found{chosen}", sheet=SHEET)
        newest: dict[tuple[str, str], tuple[int, str]] = {}
        for region, indicator, year, label in found:
            key = (region, indicator)
            newest[key] = max((year, label), newest.get(key, (year, label)))
        return {key: value for key, value in found.items() if newest[key[:2]] == key[2:]}


def _edition(cell: Any, file: str, row: int) -> tuple[str, int]:
    """The edition as published ("2025", "2012-2013") and the last year it names."""
    if cell is None or isinstance(cell, bool):
        text = ""
    elif isinstance(cell, int):
        text = str(cell)
    elif isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    else:
        text = str(cell).strip()
    match = YEARS.match(text)
    first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
    if match is None or not 1990 <= first <= last <= min(first + 1, 2100):
        shown = "" if cell is None else cell
        raise SourceError(
            file,
            f"'{shown}' is not a year or a range of two years",
            sheet=SHEET,
            row=row,
            column="Year",
        )
    return text, last


def _unique_skips(skipped: list[Skipped]) -> list[Skipped]:
    """One line per code that does not resolve (the file repeats it for every edition)."""
    seen: dict[str, Skipped] = {}
    for skip in skipped:
        seen.setdefault(skip.text, skip)
    return list(seen.values())


MEAN_SLACK = 0.001


def _check_scores(file: str, row: int, scores: dict[str, float | None]) -> None:
    """Every score from 0 to 1, and the overall score the mean of the eight factors."""
    for key, value in scores.items():
        if value is not None and not 0 <= value <= 1:
            raise SourceError(
                file,
                f"WJP scores run from 0 to 1, not {value:g}",
                sheet=SHEET,
                row=row,
                column=INDICATORS[key][0],
            )
    factors = [value for key, value in scores.items() if key != "wjp_overall"]
    overall = scores["wjp_overall"]
    if overall is None or any(value is None for value in factors):
        return
    mean = sum(value for value in factors if value is not None) / len(factors)
    if abs(overall - mean) > MEAN_SLACK:
        raise SourceError(
            file,
            f"the overall score {overall:g} is not the mean of the eight factors ({mean:.4g})",
            sheet=SHEET,
            row=row,
            column=OVERALL,
        )

"""Freedom House, Freedom in the World: the all-data workbook (`All_data_FIW_2013-2024.xlsx`).

Layout (editions 2013–2025): the data sheet is named after the editions it holds (`FIW13-25`; the
name changes with every release, so the one sheet named like `FIWyy-yy` is read). Row 1 is a
title, row 2 the header `Country/Territory, Region, C/T, Edition, Status, PR rating, CL rating,
A1 … Add Q, Add A, PR, D1 … G, CL, Total`; one row per country or territory and edition. `C/T` is
`c` for a country and `t` for a territory; `PR` (political rights, 0–40), `CL` (civil liberties,
0–60) and `Total` (0–100) are the aggregate scores. PR, and with it Total, can fall below zero:
the additional discretionary question (Add Q) subtracts up to 4 points (e.g. South Sudan, PR −3,
edition 2025); such values are kept as published.

Kompas keeps the latest edition of each country. The edition is the `Edition` year as text, and
the value's year is that same year: the workbook does not state which calendar year an edition
covers (the publisher's reports describe the year before the edition), so none is inferred.

Plausibility, from the publisher's methodology ("Freedom in the World Research Methodology":
10 political rights questions scored 0–4, 40 points, less up to 4 for the additional
discretionary question; 15 civil liberties questions, 60 points; the total is their sum): PR is
refused outside −4 … 40, CL outside 0 … 60, and a Total that is not PR + CL (true of all 2,723
rows of the 2013–2025 file), naming the row and column. A swap of PR and CL is refused by the
ranges for every free country (CL above 40).

Territories are reported as skipped rows, not errors. Country names are Freedom House's own
spellings; those that are not an ISO 3166 name have an explicit alias below (checked against
every country name of the 2013–2025 file). A name that neither the table nor the ISO 3166 library
knows is reported as skipped, never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError, Value
from kompas.readers.codes import UnresolvedError, country
from kompas.readers.files import check_file, header_index, number, open_workbook, sheet_rows

SHEET = re.compile(r"^FIW\d\d-\d\d$")
SHEET_SHAPE = "FIWyy-yy"
HEADER_ROW = 2
COLUMNS = ("Country/Territory", "C/T", "Edition", "PR", "CL", "Total")
NAME = "Country/Territory"
# indicator id -> (column, Dutch name, English name, unit, scale min, scale max)
INDICATORS = {
    "fh_total": (
        "Total",
        "Vrijheid (Freedom in the World, totaalscore)",
        "Freedom in the World (total score)",
        "score (0–100)",
        0.0,
        100.0,
    ),
    "fh_pr": (
        "PR",
        "Politieke rechten (Freedom in the World, score)",
        "Freedom in the World (political rights score)",
        "score (0–40)",
        0.0,
        40.0,
    ),
    "fh_cl": (
        "CL",
        "Burgerlijke vrijheden (Freedom in the World, score)",
        "Freedom in the World (civil liberties score)",
        "score (0–60)",
        0.0,
        60.0,
    ),
}
# Freedom House's spellings that are not an ISO 3166-1 name (the library resolves the others,
# e.g. "Cabo Verde", "Czechia", "Eswatini", "Kosovo", "North Macedonia", "Taiwan", "Türkiye").
ALIASES = {
    "Bolivia": "BO",  # Bolivia, Plurinational State of
    "Brunei": "BN",  # Brunei Darussalam
    "Congo (Brazzaville)": "CG",  # Congo
    "Congo (Kinshasa)": "CD",  # Congo, Democratic Republic of the
    "Cote d'Ivoire": "CI",  # Côte d'Ivoire
    "Czech Republic": "CZ",  # Czechia
    "Iran": "IR",  # Iran, Islamic Republic of
    "Laos": "LA",  # Lao People's Democratic Republic
    "Micronesia": "FM",  # Micronesia, Federated States of
    "Moldova": "MD",  # Moldova, Republic of
    "Nauru": "NR",  # the library names it by its Nauruan name, Naoero
    "North Korea": "KP",  # Korea, Democratic People's Republic of
    "Russia": "RU",  # Russian Federation
    "South Korea": "KR",  # Korea, Republic of
    "St. Kitts and Nevis": "KN",  # Saint Kitts and Nevis
    "St. Lucia": "LC",  # Saint Lucia
    "St. Vincent and the Grenadines": "VC",  # Saint Vincent and the Grenadines
    "Syria": "SY",  # Syrian Arab Republic
    "Tanzania": "TZ",  # Tanzania, United Republic of
    "The Gambia": "GM",  # Gambia
    "Turkey": "TR",  # Türkiye
    "United Kingdom": "GB",  # United Kingdom of Great Britain and Northern Ireland
    "United States": "US",  # United States of America
    "Venezuela": "VE",  # Venezuela, Bolivarian Republic of
    "Vietnam": "VN",  # Viet Nam
}
KINDS = {"c": "country", "t": "territory"}
UNRESOLVED = "no ISO 3166-1 code for this name"


class FreedomHouseReader:
    key = "freedom_house"
    title = "Freedom in the World"
    publisher = "Freedom House"
    url = "https://freedomhouse.org/report/freedom-world"
    suffixes: tuple[str, ...] = (".xlsx",)

    def __init__(self, edition: str | None = None) -> None:
        # The file states its editions; given one, only that edition is read.
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes)
        book, sheet, name = _open_sheet(path)
        try:
            rows = self._rows(path, sheet, name, progress)
        finally:
            book.close()
        editions: list[int] = sorted(rows["editions"], reverse=True)
        if self.edition is not None and self.edition not in {str(e) for e in editions}:
            raise SourceError(
                path.name,
                f"no edition {self.edition}; editions: {', '.join(map(str, editions))}",
                sheet=name,
            )
        latest = self._latest(rows, path.name, name, self.edition)
        edition = self.edition or str(editions[0])
        values = tuple(
            Value(region, indicator, str(year), year, value, None, row)
            for (region, indicator, year), (value, row) in sorted(latest.items())
        )
        return Batch(
            self.key,
            self.publisher,
            self.title,
            edition,
            self.url,
            tuple(
                IndicatorSpec(key, nl, en, unit, low, high)
                for key, (_, nl, en, unit, low, high) in INDICATORS.items()
            ),
            values,
            tuple(_latest_skips(rows["skipped"])),
            (edition,) if self.edition else tuple(str(e) for e in editions),
        )

    def _rows(self, path: Path, sheet: Any, name: str, progress: Progress | None) -> dict[str, Any]:
        file = path.name
        total = sheet.max_row or 0
        found: dict[tuple[str, str, int], tuple[float, int]] = {}
        skipped: list[tuple[int, Skipped]] = []
        index: dict[str, int] = {}
        seen: dict[tuple[str, int], int] = {}
        regions: dict[tuple[str, int], tuple[str, int]] = {}
        editions: set[int] = set()
        for number_, row in sheet_rows(path, sheet, name, HEADER_ROW):
            if progress and number_ % 500 == 0:
                progress(number_, total)
            if number_ < HEADER_ROW:
                continue
            if number_ == HEADER_ROW:
                index = header_index(file, name, HEADER_ROW, row, COLUMNS)
                continue
            if not any(cell is not None for cell in row):
                continue
            cells = {column: row[i] if i < len(row) else None for column, i in index.items()}
            text = str(cells[NAME] or "").strip()
            if not text:
                raise SourceError(
                    file, "no country or territory name", sheet=name, row=number_, column=NAME
                )
            kind = str(cells["C/T"] or "").strip().lower()
            if kind not in KINDS:
                raise SourceError(
                    file,
                    f"'{cells['C/T'] or ''}' is not c (country) or t (territory)",
                    sheet=name,
                    row=number_,
                    column="C/T",
                )
            year = number(cells["Edition"], file, name, number_, "Edition")
            if year is None or year != int(year) or not 1970 <= year <= 2100:
                shown = "" if cells["Edition"] is None else cells["Edition"]
                raise SourceError(
                    file,
                    f"'{shown}' is not an edition year",
                    sheet=name,
                    row=number_,
                    column="Edition",
                )
            edition = int(year)
            if (text, edition) in seen:
                raise SourceError(
                    file,
                    f"a second row for {text} {edition} (the first is row {seen[(text, edition)]})",
                    sheet=name,
                    row=number_,
                    column=NAME,
                )
            seen[(text, edition)] = number_
            editions.add(edition)
            scores = {
                key: number(cells[column], file, name, number_, column)
                for key, (column, *_) in INDICATORS.items()
            }
            _check_scores(file, name, number_, scores)
            if self.edition is not None and str(edition) != self.edition:
                continue
            if kind == "t":
                skipped.append((edition, Skipped(name, number_, text, "territory")))
                continue
            try:
                region = country(text, ALIASES)
            except UnresolvedError:
                skipped.append((edition, Skipped(name, number_, text, UNRESOLVED)))
                continue
            if (region, edition) in regions:
                other, first = regions[(region, edition)]
                raise SourceError(
                    file,
                    f"'{text}' and '{other}' (row {first}) are both {region} in edition {edition}",
                    sheet=name,
                    row=number_,
                    column=NAME,
                )
            regions[(region, edition)] = (text, number_)
            for key, score in scores.items():
                if score is not None:
                    found[(region, key, edition)] = (score, number_)
        if not index:
            raise SourceError(file, "the sheet has no header row", sheet=name, row=HEADER_ROW)
        if progress:
            progress(total, total)
        return {"found": found, "skipped": skipped, "editions": editions}

    @staticmethod
    def _latest(
        rows: dict[str, Any], file: str, sheet: str, edition: str | None
    ) -> dict[tuple[str, str, int], tuple[float, int]]:
        found: dict[tuple[str, str, int], tuple[float, int]] = rows["found"]
        if not found:
            chosen = f" in edition {edition}" if edition else ""
            raise SourceError(file, f"no country values found{chosen}", sheet=sheet)
        newest: dict[tuple[str, str], int] = {}
        for region, indicator, year in found:
            newest[(region, indicator)] = max(year, newest.get((region, indicator), year))
        return {key: value for key, value in found.items() if newest[(key[0], key[1])] == key[2]}


def _open_sheet(path: Path) -> tuple[Any, Any, str]:
    """The workbook (close it when done), its one `FIWyy-yy` sheet, read-only, and its name."""
    book = open_workbook(path)
    names = [n for n in book.sheetnames if SHEET.match(n)]
    if len(names) != 1:
        book.close()
        problem = (
            f"no sheet named like {SHEET_SHAPE} (e.g. FIW13-25)"
            if not names
            else f"more than one sheet named like {SHEET_SHAPE}"
        )
        raise SourceError(
            path.name, f"{problem}; sheets: {', '.join(book.sheetnames)}", sheet=SHEET_SHAPE
        )
    return book, book[names[0]], names[0]


def _latest_skips(skipped: list[tuple[int, Skipped]]) -> list[Skipped]:
    """One line per skipped name (the file repeats it for every edition), at its latest edition."""
    latest: dict[str, tuple[int, Skipped]] = {}
    for edition, skip in skipped:
        if skip.text not in latest or edition > latest[skip.text][0]:
            latest[skip.text] = (edition, skip)
    return sorted((skip for _, skip in latest.values()), key=lambda s: s.row)


# column -> (lowest, highest, what) in the publisher's methodology
RANGES = {
    "PR": (-4.0, 40.0, "political rights run from −4 to 40"),
    "CL": (0.0, 60.0, "civil liberties run from 0 to 60"),
    "Total": (-4.0, 100.0, "the total runs from −4 to 100"),
}


def _check_scores(file: str, sheet: str, row: int, scores: dict[str, float | None]) -> None:
    """PR, CL and Total within their documented ranges, and Total = PR + CL."""
    by_column = {INDICATORS[key][0]: value for key, value in scores.items()}
    for column, (low, high, what) in RANGES.items():
        value = by_column.get(column)
        if value is not None and not low <= value <= high:
            raise SourceError(file, f"{what}, not {value:g}", sheet=sheet, row=row, column=column)
    pr, cl, total = by_column.get("PR"), by_column.get("CL"), by_column.get("Total")
    if pr is not None and cl is not None and total is not None and abs(pr + cl - total) > 1e-6:
        raise SourceError(
            file,
            f"Total {total:g} is not PR + CL ({pr:g} + {cl:g} = {pr + cl:g})",
            sheet=sheet,
            row=row,
            column="Total",
        )

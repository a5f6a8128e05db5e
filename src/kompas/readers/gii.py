"""WIPO, Global Innovation Index: an edition's data workbook (`wipo-pub-2000-<year>-tech1.xlsx`).

Layout (editions 2022–2025): a sheet `Data` in long form, one row per economy × indicator, with
the header in row 1. The columns this reader uses are `ISO3` (the economy's ISO 3166-1 alpha-3
code), `ECONOMY_NAME`, `NAME` (the indicator's name; the overall index is
"Global Innovation Index") and `SCORE` (0–100). The sheet also has `NUM` (the indicator's
number), `RANK` and `DATAYR` (the data year of an indicator), which are not used: the rank is
WIPO's ordering of the scores. A sheet `Economies` lists the economies with their income group.
The sheets do not state the edition; WIPO's file name does (`wipo-pub-2000-2024-tech1.xlsx` is
GII 2024), so the edition is taken from the name unless given.

Where this was learned (WIPO's workbook could not be obtained here; see shared/data/SOURCES.md,
"Not obtained (b)"): public code that reads these files from
https://www.wipo.int/edocs/pubdocs/en/wipo-pub-2000-<year>-tech1.xlsx for 2022–2025 — a Stata
script (`import excel ..., sheet("Data") firstrow`, `keep if NAME == "Global Innovation Index"`,
`keep ISO3 ECONOMY_NAME SCORE RANK`), a TypeScript fetcher (sheet `Data`, header row 1, columns
`ISO3`, `NAME`, `SCORE`), pandas scripts (columns `NUM`, `ECONOMY_NAME`, `DATAYR`) and an R script
(sheet `Economies`, columns `ISO3`, `INCOME`). The 2021 file has another layout (sheet
`GII 2021 Data`, columns `Economy`, `IndNum`, …) and is not read here.

Kompas keeps gii_score: the overall score of each economy, with year = edition. An economy
without a score is reported as skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError, Value
from kompas.readers.codes import UnresolvedError, country
from kompas.readers.files import check_file, header_index, number, open_sheet, sheet_rows, text_of

SHEET = "Data"
COLUMNS = ("ISO3", "ECONOMY_NAME", "NAME", "SCORE")
OVERALL = "Global Innovation Index"
FILE_NAME = re.compile(r"wipo-pub-2000-(\d{4})-", re.IGNORECASE)
CODE = re.compile(r"^[A-Z]{3}$")
SPEC = IndicatorSpec(
    "gii_score",
    "Innovatievermogen (Global Innovation Index, score)",
    "Global Innovation Index (score)",
    "score (0–100)",
    0,
    100,
    True,
    False,
)


class GiiReader:
    key = "gii"
    title = "Global Innovation Index"
    publisher = "WIPO"
    url = "https://www.wipo.int/global_innovation_index/en/"
    suffixes: tuple[str, ...] = (".xlsx",)

    def __init__(self, edition: str | None = None) -> None:
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes)
        edition = self.edition or _edition_from_name(path.name)
        book, sheet = open_sheet(path, SHEET)
        try:
            found, skipped = self._rows(path, sheet, progress)
        finally:
            book.close()
        year = int(edition) if edition.isdigit() else None
        values = tuple(
            Value(region, SPEC.id, edition, year, score, None, row)
            for region, (score, row) in sorted(found.items())
        )
        return Batch(
            self.key,
            self.publisher,
            self.title,
            edition,
            self.url,
            (SPEC,),
            values,
            tuple(skipped),
            (edition,),
        )

    def _rows(
        self, path: Path, sheet: Any, progress: Progress | None
    ) -> tuple[dict[str, tuple[float, int]], list[Skipped]]:
        file = path.name
        total = sheet.max_row or 0
        found: dict[str, tuple[float, int]] = {}
        skipped: list[Skipped] = []
        index: dict[str, int] = {}
        seen: dict[str, int] = {}
        for number_, row in sheet_rows(path, sheet, SHEET):
            if progress and number_ % 2000 == 0:
                progress(number_, total)
            if number_ == 1:
                index = header_index(file, SHEET, 1, row, COLUMNS)
                continue
            if not any(cell is not None for cell in row):
                continue
            cells = {column: row[i] if i < len(row) else None for column, i in index.items()}
            if text_of(cells["NAME"]) != OVERALL:
                continue
            code = text_of(cells["ISO3"])
            if not CODE.match(code):
                raise SourceError(
                    file,
                    f"'{code}' is not an ISO 3166-1 alpha-3 code",
                    sheet=SHEET,
                    row=number_,
                    column="ISO3",
                )
            if code in seen:
                raise SourceError(
                    file,
                    f"a second '{OVERALL}' row for {code} (rows {seen[code]} and {number_})",
                    sheet=SHEET,
                    row=number_,
                    column="ISO3",
                )
            seen[code] = number_
            score = number(cells["SCORE"], file, SHEET, number_, "SCORE")
            label = f"{code} {text_of(cells['ECONOMY_NAME'])}".strip()
            if score is None:
                skipped.append(Skipped(SHEET, number_, label, "no score"))
                continue
            if not 0 <= score <= 100:
                raise SourceError(
                    file,
                    f"'{cells['SCORE']}' is outside the GII scale 0–100",
                    sheet=SHEET,
                    row=number_,
                    column="SCORE",
                )
            try:
                region = country(code)
            except UnresolvedError:
                skipped.append(Skipped(SHEET, number_, label, "no ISO 3166-1 code"))
                continue
            if region in found:
                raise SourceError(
                    file,
                    f"{code} is {region}, like row {found[region][1]}: a second score for it",
                    sheet=SHEET,
                    row=number_,
                    column="ISO3",
                )
            found[region] = (score, number_)
        if not index:
            raise SourceError(file, "the sheet has no header row", sheet=SHEET, row=1)
        if not found:
            raise SourceError(
                file, f"no '{OVERALL}' scores (column NAME, column SCORE)", sheet=SHEET
            )
        if progress:
            progress(total, total)
        return found, skipped


def _edition_from_name(name: str) -> str:
    match = FILE_NAME.search(name)
    if match is None:
        raise SourceError(
            name,
            "the file does not state its GII edition: give it with --edition (WIPO names the "
            "file after it, e.g. wipo-pub-2000-2024-tech1.xlsx for GII 2024)",
        )
    return match.group(1)

"""Small workbooks in the World Bank's WGI layout, for the import tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "codeindyr",
    "code",
    "countryname",
    "year",
    "indicator",
    "estimate",
    "stddev",
    "nsource",
    "pctrank",
    "pctranklower",
    "pctrankupper",
]
Row = tuple[str, str, int, str, float | str | None, float | str | None]


def write_wgi(path: Path, rows: list[Row], sheet: str = "Sheet1") -> Path:
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet
    page.append(HEADER)
    for code, name, year, indicator, estimate, stddev in rows:
        page.append(
            [
                f"{code}{indicator}{year}",
                code,
                name,
                year,
                indicator,
                estimate,
                stddev,
                5,
                50,
                40,
                60,
            ]
        )
    book.save(path)
    return path


def every_indicator(code: str, name: str, year: int, estimate: float) -> list[Row]:
    return [(code, name, year, ind, estimate, 0.2) for ind in ("va", "pv", "ge", "rq", "rl", "cc")]

"""Small files in the publishers' layouts, and ways to break them, for the importer tests.

`write_fiw` and `write_wjp` write workbooks laid out like Freedom House's all-data workbook and
WJP's historical data file; the rest make damaged copies (truncated, renamed, re-encoded, not a
workbook at all, a number cell that holds NaN).
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

# Freedom House, Freedom in the World all-data workbook (sheet FIW13-25, header in row 2).
FIW_TITLE = "Freedom in the World 2013-2025 Raw Data"
FIW_HEADER = [
    *("Country/Territory", "Region", "C/T", "Edition", "Status", "PR rating", "CL rating"),
    *("A1", "A2", "A3", "A", "B1", "B2", "B3", "B4", "B", "C1", "C2", "C3", "C"),
    *("Add Q", "Add A", "PR"),
    *("D1", "D2", "D3", "D4", "D", "E1", "E2", "E3", "E", "F1", "F2", "F3", "F4", "F"),
    *("G1", "G2", "G3", "G4", "G", "CL", "Total"),
]

# WJP Rule of Law Index historical data (sheet Historical Data, header in row 1). Sub-factor
# headers are shortened to their numbers; "Factor 3: Open Government " has the publisher's
# trailing space.
WJP_FACTORS = (
    ("Factor 1: Constraints on Government Powers", 6),
    ("Factor 2: Absence of Corruption", 4),
    ("Factor 3: Open Government ", 4),
    ("Factor 4: Fundamental Rights", 8),
    ("Factor 5: Order and Security", 3),
    ("Factor 6: Regulatory Enforcement", 5),
    ("Factor 7: Civil Justice", 7),
    ("Factor 8: Criminal Justice", 7),
)
WJP_OVERALL = "WJP Rule of Law Index: Overall Score"
WJP_HEADER = [
    "Country",
    "Year",
    "Country_year",
    "Country Code",
    "Region",
    WJP_OVERALL,
    *(
        name
        for number, (factor, parts) in enumerate(WJP_FACTORS, start=1)
        for name in (factor, *(f"{number}.{part}" for part in range(1, parts + 1)))
    ),
]


def new_book(*front: tuple[str, Sequence[Any]]) -> Workbook:
    """An empty workbook with these sheets first, each with one row (e.g. an index page)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, row in front:
        book.create_sheet(name).append(list(row))
    return book


def data_sheet(
    book: Workbook,
    sheet: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    title: str | None = None,
) -> Worksheet:
    """A publisher's long data sheet: a title row when given, the header, then the rows."""
    page = book.create_sheet(sheet)
    if title is not None:
        page.append([title])
    page.append(list(header))
    for row in rows:
        page.append(list(row))
    return page


def fiw_row(
    name: str,
    edition: Any,
    pr: Any = 30,
    cl: Any = 45,
    total: Any = 75,
    kind: Any = "c",
    region: str = "Europe",
) -> list[Any]:
    """One row of the FIW sheet; sub-scores are filler, PR, CL and Total as given."""
    row: list[Any] = [name, region, kind, edition, "F", 2, 2] + [1] * (len(FIW_HEADER) - 7)
    row[FIW_HEADER.index("Add A")] = "N/A"
    row[FIW_HEADER.index("PR")] = pr
    row[FIW_HEADER.index("CL")] = cl
    row[FIW_HEADER.index("Total")] = total
    return row


def write_fiw(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "FIW13-25",
    header: Sequence[str] = FIW_HEADER,
    title: bool = True,
    extra_sheets: Sequence[str] = ("Index",),
) -> Path:
    """A Freedom House all-data workbook: an Index sheet, then the data sheet (title, header)."""
    book = new_book(*((name, ["Key"]) for name in extra_sheets))
    data_sheet(book, sheet, header, rows, FIW_TITLE if title else None)
    book.save(path)
    return path


def wjp_row(
    country: str, year: Any, code: Any, overall: Any = 0.8, factor: Any = None
) -> list[Any]:
    """One row of Historical Data: every factor and sub-factor score is `factor` (by default the
    overall score), except Factor 1, which makes the overall score the mean of the eight
    factors, as WJP publishes it, where a score from 0 to 1 can."""
    if factor is None:
        factor = overall if isinstance(overall, int | float) else 0.7
    row: list[Any] = [country, year, f"{country}_{year}", code, "EU + EFTA + North America"]
    row += [overall] + [factor] * (len(WJP_HEADER) - len(row) - 1)
    if isinstance(overall, int | float) and isinstance(factor, int | float):
        first = round(8 * overall - 7 * factor, 12)
        if 0 <= first <= 1:
            row[WJP_HEADER.index(WJP_FACTORS[0][0])] = first
    return row


def write_wjp(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "Historical Data",
    header: Sequence[str] = WJP_HEADER,
    title: str | None = None,
) -> Path:
    """A WJP historical data workbook: an Introduction sheet, then the long sheet."""
    book = new_book(("Introduction", ["WJP Rule of Law Index"]))
    data_sheet(book, sheet, header, rows, title)
    book.save(path)
    return path


def without(header: Sequence[str], column: str) -> list[str]:
    """The header with one column left out."""
    return [name for name in header if name != column]


def truncated(valid: Path, path: Path) -> Path:
    """The first half of the bytes of a valid file."""
    data = valid.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def renamed(valid: Path, path: Path) -> Path:
    """A copy of a file under another name (and so another extension)."""
    shutil.copyfile(valid, path)
    return path


def text_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def not_a_workbook(path: Path) -> Path:
    """A zip archive (so it starts like an .xlsx) without a workbook in it."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def replace_in_sheets(path: Path, old: str, new: str) -> Path:
    """Rewrite the workbook with `old` replaced by `new` in the sheets' XML.

    openpyxl will not write NaN or infinity into a cell; this puts them there as Excel would
    store them, e.g. `replace_in_sheets(path, "<v>0.123456</v>", "<v>NaN</v>")`.
    """
    source = path.read_bytes()
    copy = path.with_suffix(".tmp")
    copy.write_bytes(source)
    found = False
    with zipfile.ZipFile(copy) as before, zipfile.ZipFile(path, "w") as after:
        for item in before.infolist():
            data = before.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and old.encode() in data:
                data = data.replace(old.encode(), new.encode())
                found = True
            after.writestr(item, data)
    copy.unlink()
    assert found, f"{old!r} is not in any sheet of {path.name}"
    return path

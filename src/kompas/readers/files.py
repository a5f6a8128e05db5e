"""Opening a publisher's file safely: size, type by content (not by name), sheets and headers."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from kompas.readers.base import Batch, IndicatorSpec, Reader, Skipped, SourceError, Value
from kompas.readers.safety import FORMULA_START, check_archive, damaged, inert, size_text

MAX_BYTES = 100 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
MISSING = {"", "..", "#N/A", "N/A", "n/a", "NA", "-", "–"}


def check_file(path: Path, suffixes: Sequence[str], max_bytes: int | None = None) -> None:
    name = path.name
    if not path.is_file():
        raise SourceError(name, "file not found")
    size = path.stat().st_size
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if size == 0:
        raise SourceError(name, "the file is empty")
    if size > limit:
        raise SourceError(name, f"the file is {size_text(size)}; at most {size_text(limit)}")
    if path.suffix.lower() not in suffixes:
        wanted = " or ".join(suffixes)
        raise SourceError(name, f"expected a {wanted} file, got '{path.suffix or 'no extension'}'")
    head = path.read_bytes()[:4]
    if path.suffix.lower() == ".xlsx" and head != XLSX_MAGIC:
        raise SourceError(name, "not an Excel workbook (.xlsx) although its name says so")
    if path.suffix.lower() != ".xlsx" and head == XLSX_MAGIC:
        raise SourceError(name, f"an Excel workbook or zip archive, not a {path.suffix} file")
    if head == XLSX_MAGIC:
        check_archive(path)


def open_workbook(path: Path) -> Any:
    """The workbook, read-only (close it when done); a damaged or hostile one is refused.

    Its XML is parsed with defusedxml (openpyxl uses it when it is installed), so an entity
    declaration is refused, never expanded; `check_file` has checked the archive's size.
    """
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a hostile file can make openpyxl fail in any way
        raise damaged(path, error, what="cannot be read as an Excel workbook") from None


def open_sheet(path: Path, sheet: str) -> tuple[Any, ReadOnlyWorksheet]:
    """The workbook (close it when done) and one of its sheets, read-only."""
    book = open_workbook(path)
    if sheet not in book.sheetnames:
        book.close()
        raise SourceError(
            path.name, f"no sheet '{sheet}'; sheets: {', '.join(book.sheetnames)}", sheet=sheet
        )
    return book, book[sheet]


def sheet_rows(
    path: Path, sheet: ReadOnlyWorksheet, name: str, header_row: int = 1
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) for every row, with a clear error for a damaged workbook.

    A text cell that a spreadsheet would run as a formula is refused, naming its row and its
    column (by the header in `header_row`, else by its letter).
    """
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    header: list[str] = []
    while True:
        try:
            number_, row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # a damaged part fails inside zlib, zipfile or the XML parser
            raise damaged(
                path, error, sheet=name, what="the workbook is damaged or truncated"
            ) from None
        if number_ == header_row:
            header = [text_of(cell) for cell in row]
        for position, cell in enumerate(row):
            if cell.__class__ is str and cell[:1] in FORMULA_START and cell.strip() not in MISSING:
                column = header[position] if position < len(header) else ""
                inert(cell, path.name, sheet=name, row=number_, column=column or _letter(position))
        yield number_, row


def _letter(position: int) -> str:
    """The spreadsheet letter of a column (0 is A)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_index(
    file: str, sheet: str, row: int, found: Sequence[Any], wanted: Sequence[str]
) -> dict[str, int]:
    """Column positions of the wanted headers; an error naming the first that is missing."""
    names = [str(cell).strip() if cell is not None else "" for cell in found]
    index = {}
    for column in wanted:
        if column not in names:
            shown = ", ".join(n for n in names if n)[:300]
            raise SourceError(
                file, f"missing column '{column}' (found: {shown})", sheet=sheet, row=row
            )
        index[column] = names.index(column)
    return index


def number(value: Any, file: str, sheet: str, row: int, column: str) -> float | None:
    """A number, None for a published 'missing' marker, else an error naming the cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise SourceError(file, f"'{value}' is not a number", sheet=sheet, row=row, column=column)
    if isinstance(value, int | float):
        result = float(value)
    else:
        text = str(value).strip()
        if text in MISSING:
            return None
        try:
            result = (
                float(text.replace(",", "."))
                if text.count(",") == 1 and "." not in text
                else float(text)
            )
        except ValueError:
            raise SourceError(
                file, f"'{text}' is not a number", sheet=sheet, row=row, column=column
            ) from None
    if not math.isfinite(result):
        raise SourceError(
            file, f"'{value}' is not a finite number", sheet=sheet, row=row, column=column
        )
    return result


def text_rows(
    path: Path, delimiters: str = ",;\t"
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows of a CSV file: UTF-8 (with or without BOM), delimiter sniffed."""
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise SourceError(path.name, "a binary file, not text (CSV)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            path.name, f"not UTF-8 text (byte {error.start}): save it as UTF-8 CSV"
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=delimiters)
    except csv.Error:
        raise SourceError(path.name, "no column separator found (expected , ; or tab)") from None
    reader = csv.reader(io.StringIO(text), dialect)
    rows = [
        (number, row)
        for number, row in enumerate(reader, start=1)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise SourceError(path.name, "the file has no rows")
    return [cell.strip() for cell in rows[0][1]], rows[1:]


def text_of(cell: Any) -> str:
    """A cell as trimmed text; an empty cell is ''."""
    return str(cell).strip() if cell is not None else ""


def year_of(cell: Any, file: str, sheet: str, row: int, column: str = "Year") -> int:
    """A calendar year (1990–2100), else an error naming the cell."""
    found = number(cell, file, sheet, row, column)
    if found is None or found != int(found) or not 1990 <= found <= 2100:
        raise SourceError(file, f"'{cell}' is not a year", sheet=sheet, row=row, column=column)
    return int(found)


def unique_skips(skipped: list[Skipped]) -> list[Skipped]:
    """One line per thing left out (publishers repeat a country or region for every year)."""
    seen: dict[str, Skipped] = {}
    for skip in skipped:
        seen.setdefault(skip.text, skip)
    return list(seen.values())


# (region, year) -> (value, row in the file)
Found = dict[tuple[str, int], tuple[float, int]]


def latest_years(found: Found) -> Found:
    """Only each region's newest year."""
    newest: dict[str, int] = {}
    for region, year in found:
        newest[region] = max(year, newest.get(region, year))
    return {key: value for key, value in found.items() if newest[key[0]] == key[1]}


def latest_year_batch(
    reader: Reader,
    spec: IndicatorSpec,
    found: Found,
    skipped: list[Skipped],
    edition: str | None = None,
) -> Batch:
    """One indicator's batch of each region's newest value; its edition is the newest year in
    the file unless given."""
    latest = latest_years(found)
    edition = edition or str(max(year for _, year in latest))
    values = tuple(
        Value(region, spec.id, edition, year, value, None, row)
        for (region, year), (value, row) in sorted(latest.items())
    )
    return Batch(
        reader.key,
        reader.publisher,
        reader.title,
        edition,
        reader.url,
        (spec,),
        values,
        tuple(unique_skips(skipped)),
        (edition,),
    )

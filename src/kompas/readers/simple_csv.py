"""Data the user assembles: the simple CSV layout documented in docs/data-format.md.

Layout: UTF-8 text (with or without BOM), one header row that is exactly

    region,indicator,edition,year,value,std_error

separated by commas, semicolons or tabs (one of them for the whole file), then one row per value.

- `region`: an ISO 3166-1 alpha-2 or alpha-3 country code (`DE`, `DEU`) or a NUTS 2021 code of
  level 1 or 2 (`NL4`, `NL41`; `EL` and `UK` are the NUTS codes of Greece and the United Kingdom).
  Resolved with `kompas.readers.codes`; a code that does not resolve refuses the file.
- `indicator`: an id of lowercase letters, digits and `_` (at most 60). An id Kompas does not know
  yet becomes a new indicator named after the id. The ids of the publishers' indicators
  (`wgi_…`, `fh_…`, `wjp_…`, `eis_…`, `ris_…`, `gii_…`, `cbs_…`) are refused: values of your own
  never replace a publisher's; give them an id of their own (`own_wgi_rl`).
- `edition`: the edition, a year (`2024`), two years (`2012-2013`) or a date (`2024-06`,
  `2024-06-30`), compared as such; empty only when `--edition` is given.
- `year`: the reference year (four digits), or empty.
- `value`, `std_error`: numbers with a decimal point (`1.5`, `-0.25`, `1e3`), no thousands
  separators; `std_error` may be empty and is never negative.

A region-indicator-edition may appear once. A cell that a spreadsheet would run as a formula
(`=`, `+`, `-` or `@` first, and not a number) is refused. Anything else refuses the whole file
with an error that names the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from kompas.engine.editions import SHAPES, is_edition, sort_key
from kompas.readers.base import Batch, IndicatorSpec, Progress, SourceError, Value
from kompas.readers.codes import UnresolvedError, country, nuts, nuts_codes
from kompas.readers.files import check_file
from kompas.readers.safety import inert

HEADER = ("region", "indicator", "edition", "year", "value", "std_error")
INDICATOR = re.compile(r"^[a-z0-9_]{1,60}$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2,3}$")
NUTS_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{1,2}$")
YEAR = re.compile(r"^\d{4}$")
NOT_FINITE = {"nan", "inf", "infinity"}
EDITION_MAX = 40
# The indicator ids the publishers' readers store: never taken by a user's own values.
PUBLISHER_PREFIXES = ("wgi_", "fh_", "wjp_", "eis_", "ris_", "gii_", "cbs_")

Rows = list[tuple[int, list[str]]]


def csv_rows(path: Path) -> tuple[list[str], Rows]:
    """Header and rows (numbered as lines, blank ones left out) of a UTF-8 CSV file.

    Like files.text_rows, but the separator is the one of the header row (so that one short or
    long row cannot hide it), a byte that is not UTF-8 is named by row and column, UTF-16 is
    refused by name, and what the csv module cannot read becomes a SourceError.
    """
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(path.name, "UTF-16 text, not UTF-8: save it as UTF-8 CSV")
    if b"\x00" in raw[:4096]:
        raise SourceError(path.name, "a binary file, not text (CSV)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row, column = _where(raw, error.start)
        raise SourceError(
            path.name,
            f"not UTF-8 text (byte {error.start}, 0x{raw[error.start]:02X}): save it as UTF-8 CSV",
            row=row,
            column=column,
        ) from None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise SourceError(path.name, "the file has no rows")
    separator = _separator(lines[first])
    if not separator:
        raise SourceError(
            path.name, "no column separator in the header (expected , ; or tab)", row=first + 1
        )
    try:
        rows = [
            (number, row)
            for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=separator), 1)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as error:
        raise SourceError(path.name, f"not a readable CSV file ({error})") from None
    return [cell.strip() for cell in rows[0][1]], rows[1:]


def _separator(header: str) -> str:
    """The separator of a header row: the most frequent of ; tab , outside quotes ('' if none)."""
    outside = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
    counts = {separator: outside.count(separator) for separator in ";\t,"}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ""


def _where(raw: bytes, offset: int) -> tuple[int, str]:
    """The row (line) of a byte, and the header of its column when the line is simple enough."""
    row = raw.count(b"\n", 0, offset) + 1
    header = raw.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    separator = _separator(header)
    if not separator:
        return row, ""
    start = raw.rfind(b"\n", 0, offset) + 1
    index = raw[start:offset].decode("utf-8", "replace").count(separator)
    names = [name.strip().strip('"') for name in header.split(separator)]
    return row, names[index] if index < len(names) else ""


def check_width(file: str, header: list[str], number: int, row: list[str]) -> list[str]:
    """The row's cells, one per header column; extra cells must be empty (a trailing separator)."""
    if len(row) < len(header):
        raise SourceError(
            file,
            f"{len(row)} fields where the header has {len(header)} (a truncated row?)",
            row=number,
            column=header[len(row)] or f"#{len(row) + 1}",
        )
    for index in range(len(header), len(row)):
        if row[index].strip():
            raise SourceError(
                file,
                f"an extra field '{row[index].strip()[:40]}' beyond the {len(header)} columns "
                "of the header",
                row=number,
                column=f"#{index + 1}",
            )
    return row[: len(header)]


def region_code(text: str) -> str:
    """A Kompas region code for an ISO 3166-1 alpha-2/alpha-3 or NUTS 2021 (levels 1–2) code."""
    code = text.strip().upper()
    if COUNTRY_CODE.match(code) and not (len(code) == 3 and code in nuts_codes()):
        return country(code)
    if NUTS_CODE.match(code):
        return nuts(code)
    raise UnresolvedError(code)


class SimpleCsvReader:
    key = "csv"
    url = ""
    suffixes: tuple[str, ...] = (".csv", ".tsv")

    def __init__(
        self,
        edition: str | None = None,
        *,
        publisher: str = "user-assembled",
        title: str = "user-assembled data",
        max_bytes: int | None = None,
    ) -> None:
        self.edition = edition
        self.publisher = publisher
        self.title = title
        self.max_bytes = max_bytes

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes, self.max_bytes)
        file = path.name
        header, rows = csv_rows(path)
        self._check_header(file, header)
        if not rows:
            raise SourceError(file, "no data rows below the header", row=1)
        values: list[Value] = []
        seen: dict[tuple[str, str, str], int] = {}
        for done, (number, row) in enumerate(rows, start=1):
            if progress and done % 2000 == 0:
                progress(done, len(rows))
            value = self._value(file, number, check_width(file, header, number, row))
            key = (value.region, value.indicator, value.edition)
            if key in seen:
                raise SourceError(
                    file,
                    f"a second row for {' '.join(key)} (first in row {seen[key]})",
                    row=number,
                    column="region",
                )
            seen[key] = number
            values.append(value)
        if progress:
            progress(len(rows), len(rows))
        editions = tuple(sorted({v.edition for v in values}, key=sort_key, reverse=True))
        edition = editions[0] if len(editions) == 1 else f"{editions[-1]}-{editions[0]}"
        ids = sorted({v.indicator for v in values})
        with_error = {v.indicator for v in values if v.std_error is not None}
        return Batch(
            self.key,
            self.publisher,
            self.title,
            edition[:EDITION_MAX],
            self.url,
            tuple(IndicatorSpec(i, i, i, has_std_error=i in with_error) for i in ids),
            tuple(values),
            (),
            editions,
        )

    @staticmethod
    def _check_header(file: str, header: list[str]) -> None:
        expected = ",".join(HEADER)
        for index, wanted in enumerate(HEADER):
            if index >= len(header):
                raise SourceError(
                    file, f"missing column '{wanted}' (the header must be {expected})", row=1
                )
            if header[index] != wanted:
                raise SourceError(
                    file,
                    f"column {index + 1} is '{header[index]}', expected '{wanted}' "
                    f"(the header must be {expected})",
                    row=1,
                    column=header[index] or f"#{index + 1}",
                )
        if len(header) > len(HEADER):
            raise SourceError(
                file,
                f"unexpected column '{header[len(HEADER)]}' (the header must be {expected})",
                row=1,
                column=header[len(HEADER)] or f"#{len(HEADER) + 1}",
            )

    def _value(self, file: str, row: int, cells: list[str]) -> Value:
        text = dict(zip(HEADER, (cell.strip() for cell in cells), strict=True))
        for column, cell in text.items():
            inert(cell, file, row=row, column=column)
        try:
            region = region_code(text["region"])
        except UnresolvedError:
            shown = text["region"] or "(empty)"
            problem = (
                f"'{shown}' is not an ISO 3166-1 country code or a NUTS 2021 code (levels 1–2)"
                if COUNTRY_CODE.match(shown.upper()) or NUTS_CODE.match(shown.upper())
                else f"'{shown}' is not a region code: give ISO 3166-1 alpha-2 or alpha-3 "
                "(DE, DEU) or NUTS 2021 (NL41)"
            )
            raise SourceError(file, problem, row=row, column="region") from None
        if not INDICATOR.match(text["indicator"]):
            raise SourceError(
                file,
                f"'{text['indicator']}' is not an indicator id (lowercase letters, digits and _, "
                "at most 60)",
                row=row,
                column="indicator",
            )
        if text["indicator"].startswith(PUBLISHER_PREFIXES):
            raise SourceError(
                file,
                f"'{text['indicator']}' is a publisher's indicator: import the publisher's own "
                f"file, or give your values an id of their own (e.g. own_{text['indicator']})",
                row=row,
                column="indicator",
            )
        edition = text["edition"] or self.edition or ""
        if not edition:
            raise SourceError(
                file,
                "the edition is empty (fill it in, or give --edition)",
                row=row,
                column="edition",
            )
        if len(edition) > EDITION_MAX:
            raise SourceError(
                file,
                f"the edition '{edition[:50]}…' is longer than {EDITION_MAX} characters",
                row=row,
                column="edition",
            )
        if not is_edition(edition):
            raise SourceError(
                file, f"'{edition}' is not an edition: give {SHAPES}", row=row, column="edition"
            )
        year: int | None = None
        if text["year"]:
            if not YEAR.match(text["year"]) or not 1900 <= int(text["year"]) <= 2100:
                raise SourceError(
                    file, f"'{text['year']}' is not a year (1900–2100)", row=row, column="year"
                )
            year = int(text["year"])
        value = _number(file, row, "value", text["value"])
        if value is None:
            raise SourceError(file, "the value is empty", row=row, column="value")
        std_error = _number(file, row, "std_error", text["std_error"])
        if std_error is not None and std_error < 0:
            raise SourceError(
                file,
                f"a negative standard error ({text['std_error']})",
                row=row,
                column="std_error",
            )
        return Value(region, text["indicator"], edition, year, value, std_error, row)


def _number(file: str, row: int, column: str, text: str) -> float | None:
    """A number with a decimal point, None for an empty cell; anything else refuses the file."""
    if not text:
        return None
    if NUMBER.match(text) and math.isfinite(float(text)):
        return float(text)
    if NUMBER.match(text) or text.lower().lstrip("+-") in NOT_FINITE:
        raise SourceError(file, f"'{text}' is not a finite number", row=row, column=column)
    hint = " (use a decimal point, no thousands separators)" if "," in text else ""
    raise SourceError(file, f"'{text}' is not a number{hint}", row=row, column=column)

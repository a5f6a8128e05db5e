"""What keeps a damaged or hostile file from hurting a reader: limits checked before reading, and
every failure of a parser turned into an error that names the file.

- **Workbooks** (xlsx) are zip archives of XML. Their directory is read first: a workbook with
  more parts than `Limits.members`, or whose parts unpack to more than `Limits.unzipped_bytes`,
  is refused before anything is unpacked (a zip bomb of 1.7 MB once took the server to 2.2 GB).
  The declared sizes are a true bound: Python's zipfile stops at a part's declared size and
  checks its CRC, so a part that unpacks to more is refused as damaged, not read. Their XML is
  parsed by openpyxl with defusedxml (a dependency of Kompas), which refuses any entity
  declaration, so neither an external entity (XXE) nor a billion laughs is ever expanded.
- **GeoJSON** is refused above `Limits.geojson_bytes`, and when its arrays and objects nest
  deeper than `Limits.json_depth` (a Polygon in a FeatureCollection nests 6 levels, a
  MultiPolygon 7), before it is parsed: Python's JSON parser recurses and would otherwise fail
  with a RecursionError.
- **Text cells** that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, and not a
  number) are refused, naming the row and column (`inert`), so that nothing Kompas stores or
  exports can become a formula in someone's spreadsheet.

The limits are per context (`limits`): the import service sets them from the settings
(`KOMPAS_IMPORT_MAX_UNZIPPED_MB`, `KOMPAS_IMPORT_MAX_PARTS`, `KOMPAS_IMPORT_MAX_GEOJSON_MB`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from kompas.readers.base import SourceError

MB = 2**20


@dataclass(frozen=True)
class Limits:
    unzipped_bytes: int = 100 * MB  # the largest publisher workbook (EIS) unpacks to 19 MB;
    # a workbook of one 250 MB cell took 547 MiB and 3.3 s to read (benchmarks/import_governance.py)
    members: int = 1000  # the publishers' workbooks hold 9 to 55 parts
    geojson_bytes: int = (
        50 * MB
    )  # the GISCO 1:60M files are 0.06-0.23 MB, Natural Earth 110m 0.9 MB
    json_depth: int = 32


DEFAULT_LIMITS = Limits()
_limits: ContextVar[Limits | None] = ContextVar("kompas_reader_limits", default=None)


def current_limits() -> Limits:
    return _limits.get() or DEFAULT_LIMITS


@contextmanager
def limits(value: Limits) -> Iterator[None]:
    """Read with these limits (within this thread or task only)."""
    token = _limits.set(value)
    try:
        yield
    finally:
        _limits.reset(token)


def size_text(count: int) -> str:
    if count >= MB:
        return f"{count / MB:.1f} MB"
    if count >= 2**10:
        return f"{count / 2**10:.1f} KB"
    return f"{count} bytes"


def check_archive(path: Path) -> None:
    """Refuse a zip archive whose directory promises too many parts or too many bytes."""
    limit = current_limits()
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise damaged(path, error, what="cannot be read as an Excel workbook") from None
    if len(parts) > limit.members:
        raise SourceError(
            path.name,
            f"the workbook holds {len(parts)} parts; at most {limit.members} "
            "(refused before unpacking)",
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limit.unzipped_bytes:
        raise SourceError(
            path.name,
            f"the workbook unpacks to {size_text(unpacked)}; at most "
            f"{size_text(limit.unzipped_bytes)} (refused before unpacking)",
        )


STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings not counted)."""
    brackets = NOT_BRACKET.sub("", STRING.sub("", text))
    steps = (1 if bracket in "[{" else -1 for bracket in brackets)
    return max(accumulate(steps, initial=0))


def check_json(path: Path, text: str) -> None:
    """Refuse a JSON file that nests deeper than the limit, before it is parsed."""
    limit = current_limits().json_depth
    depth = json_depth(text)
    if depth > limit:
        raise SourceError(path.name, f"the JSON is nested {depth} levels deep; at most {limit}")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number (also -inf or +nan, which the number checks refuse with their own message).
NUMBER = re.compile(r"^[+-]?((\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?|inf(inity)?|nan)$", re.I)


def inert(
    text: str, file: str, *, sheet: str = "", row: int | None = None, column: str = ""
) -> str:
    """The text, unless a spreadsheet would read it as a formula; then an error naming the cell.

    A leading =, +, -, @ (or tab, carriage return) makes a cell a formula in Excel and
    LibreOffice (OWASP, "CSV injection"); a number such as -0.5 or +3 is not refused.
    """
    if text.startswith(FORMULA_START) and not NUMBER.match(text.strip()):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise SourceError(
            file,
            f"{shown!r} looks like a spreadsheet formula; Kompas does not store formulas",
            sheet=sheet,
            row=row,
            column=column,
        )
    return text


def damaged(
    path: Path,
    error: BaseException,
    sheet: str = "",
    what: str = "the file is damaged or not what its name says",
) -> SourceError:
    """A SourceError for a file a parser could not read, naming the file and what was wrong.

    Parsers wrap their errors (openpyxl's 'could not read worksheets' hides the XML error);
    the first cause that says more is named, never a folder of the server.
    """
    causes = [error]
    while causes[-1].__cause__ is not None and len(causes) < 5:
        causes.append(causes[-1].__cause__)
    kinds = {type(cause).__name__ for cause in causes}
    if kinds & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        problem = (
            "the workbook's XML declares entities (a DTD), which Kompas never reads: "
            "an external entity (XXE) or an entity expansion attack"
        )
    elif any("amplification" in str(cause) or "entity" in str(cause) for cause in causes):
        problem = f"the workbook's XML declares entities, which Kompas never reads ({causes[-1]})"
    elif isinstance(error, RecursionError):
        problem = "nested too deeply to read"
    elif isinstance(error, MemoryError):
        problem = "too large to read in memory"
    else:
        cause = causes[-1]
        detail = str(cause).replace(str(path), path.name).splitlines()
        shown = f"{type(cause).__name__}: {detail[0]}" if detail else type(cause).__name__
        problem = f"{what} ({shown[:200]})"
    return SourceError(path.name, problem, sheet=sheet)

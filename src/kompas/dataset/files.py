"""Typed reading of a data folder's files: every value checked, errors naming file, row, field.

``judgements.toml: row 4: category: 'strongest' is not a category of scale 'strength'``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Hashable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from kompas.dataset.model import (
    Citation,
    Source,
)

CODE_PATTERNS = {
    "nuts": re.compile(r"^[A-Z]{2}[A-Z0-9]{1,3}$"),
    "iso3166-1": re.compile(r"^[A-Z]{2}$"),
    "iso3166-2": re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$"),
    "group": re.compile(r"^G-[A-Z0-9-]+$"),
}
GateRecordStatus = Literal["pass", "fail"]
CSV_COLUMNS = ["region", "indicator", "edition", "year", "value", "std_error", "source"]


class DataError(ValueError):
    def __init__(self, file: str, row: int | None, field: str, problem: str) -> None:
        where = f"row {row}: " if row is not None else ""
        super().__init__(f"{file}: {where}{field}: {problem}")
        self.file, self.row, self.field, self.problem = file, row, field, problem


def default_data_dir() -> Path:
    return Path(str(resources.files("kompas") / "default_data"))


class Record:
    """One record of a data file, with typed accessors that raise a `DataError` naming it."""

    def __init__(self, file: str, row: int | None, raw: Any, allowed: Iterable[str]) -> None:
        self.file, self.row = file, row
        if not isinstance(raw, Mapping):
            raise DataError(file, row, "-", "must be a table")
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise DataError(file, row, unknown[0], "unknown field")
        self.raw = raw

    def fail(self, field: str, problem: str) -> DataError:
        return DataError(self.file, self.row, field, problem)

    def text(self, field: str, required: bool = True) -> str:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.fail(field, "missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(field, "must be a non-empty string")
        return value

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(field, "must be a list of strings")
        return tuple(value)

    def flag(self, field: str) -> bool:
        value = self.raw.get(field, False)
        if not isinstance(value, bool):
            raise self.fail(field, "must be true or false")
        return value

    def number(self, field: str, required: bool = True) -> float | None:
        value = self.raw.get(field)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, f"must be a number, got {value!r}")
        return float(value)

    def one_of(self, field: str, options: Iterable[str], what: str) -> str:
        value = self.text(field)
        if value not in set(options):
            raise self.fail(field, f"{value!r} is not {what}")
        return value

    def cited(self, sources: Mapping[str, Source]) -> Citation:
        return Citation(
            self.one_of("source", sources, "a known source id"), self.text("section", False)
        )


def file_records(folder: Path, name: str, key: str, allowed: Iterable[str]) -> list[Record]:
    path = folder / name
    if not path.exists():
        return []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise DataError(name, None, "-", f"not UTF-8 text ({error.reason})") from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(name, None, "-", f"not valid TOML: {error}") from None
    extra = sorted(set(raw) - {key})
    if extra:
        raise DataError(name, None, extra[0], f"unknown table; this file holds [[{key}]] records")
    items = raw.get(key, [])
    if not isinstance(items, list):
        raise DataError(name, None, key, "must be an array of tables")
    return [Record(name, i, item, allowed) for i, item in enumerate(items, start=1)]


def unique(records: Iterable[tuple[Record, Hashable]], what: str) -> None:
    seen: set[Hashable] = set()
    for record, key in records:
        if key in seen:
            raise record.fail(what, f"duplicate {key!r}")
        seen.add(key)

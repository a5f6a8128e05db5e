"""Shared helpers of the command-line tests: invoking `kompas` and reading its text tables."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from kompas.cli import main
from kompas.dataset import default_data_dir

# The 21 rows of figure 1 of "Aanpak internationalisering" (round 2023-2027), in source order.
EUROPE = ["DE", "DE1", "DE2", "DED", "DEG", "DEA", "AT", "CH", "BE2", "FR", "SE", "DK", "FI"]
WORLD = ["CN-JS", "JP", "KR", "SG", "MY", "VN", "IL", "US"]
ROUND_CODES = EUROPE + WORLD


WIDTH = 200  # the terminal's width for every command the tests run (COLUMNS)


def run(*args: str | Path, columns: int = WIDTH) -> Result:
    """Run `kompas` with these arguments, whatever KOMPAS_LANG and COLUMNS the shell has set."""
    runner = CliRunner()
    env = {"KOMPAS_LANG": None, "COLUMNS": str(columns)}
    return runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def ok(*args: str | Path) -> str:
    """Run `kompas`, require success and silence on stderr, and return what it printed."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def fails(*args: str | Path) -> str:
    """Run `kompas`, require failure with nothing on stdout, and return the error message."""
    result = run(*args)
    assert result.exit_code != 0, result.output
    assert result.stdout == ""
    return result.stderr


def copy_data(tmp_path: Path) -> Path:
    """A writable copy of the embedded data folder."""
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    return folder


def compass_text() -> str:
    return (default_data_dir() / "compass.toml").read_text(encoding="utf-8")


def edited(text: str, pattern: str, replacement: str, count: int = 1, first: bool = False) -> str:
    """`text` with `pattern` replaced; fails when it does not occur `count` times.

    With `first`, only the first occurrence is replaced (and must exist).
    """
    result, found = re.subn(pattern, replacement, text, count=int(first), flags=re.DOTALL)
    expected = 1 if first else count
    assert found == expected, f"{pattern!r} found {found} times, expected {expected}"
    return result


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Table:
    """One section of `kompas assess`: its heading, column headers and rows of cells."""

    heading: str
    header: list[str]
    rows: list[list[str]]

    @property
    def codes(self) -> list[str]:
        return [row[1] for row in self.rows]

    def row(self, code: str) -> list[str]:
        return next(row for row in self.rows if row[1] == code)

    def cell(self, code: str, column: str, offset: int = 0) -> str:
        """The cell under `column`, or `offset` columns to its right (headers repeat per track)."""
        return self.row(code)[self.header.index(column) + offset]


def tables(output: str) -> list[Table]:
    """Cut the text table into cells by the column rule (the line of dashes under the header).

    A cell wrapped over several lines is joined again: a line whose second column (the code) is
    empty continues the row above it, and the header is every line from the heading's down.
    """
    lines = output.splitlines()
    found = []
    for i, line in enumerate(lines):
        if not re.fullmatch(r"-+( +-+)*", line):
            continue
        spans = [m.span() for m in re.finditer(r"-+", line)]
        top = max(k for k in range(i) if not lines[k].strip()) + 1  # the heading
        header = _joined([_cut(row, spans) for row in lines[top + 1 : i]])
        body: list[list[str]] = []
        for row in lines[i + 1 :]:
            if not row.strip():
                break
            cells = _cut(row, spans)
            if body and not cells[1]:
                body[-1] = _joined([body[-1], cells])
            else:
                body.append(cells)
        found.append(Table(lines[top], header, body))
    return found


def _joined(rows: list[list[str]]) -> list[str]:
    """Cells wrapped over several lines, joined as the wrapping split them (at a space, or
    after a hyphen)."""
    joined = rows[0]
    for row in rows[1:]:
        joined = [
            a + b if a.endswith("-") or not a or not b else f"{a} {b}"
            for a, b in zip(joined, row, strict=True)
        ]
    return joined


def _cut(line: str, spans: list[tuple[int, int]]) -> list[str]:
    return [line[start:end].strip() for start, end in spans]

"""Tests of the regions pages: the overview, its map, candidates and the shipped geometries.

`tables_of` reads the overview's tables from the HTML (stdlib parser, no snapshots).
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    """Each row's region code, from the link to its profile in the row header."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[str]] = {}
        self.section: str | None = None
        self.row_header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "data-section" in found:
            self.section = found["data-section"] or ""
            self.tables[self.section] = []
        elif tag in ("th", "td", "tr"):
            self.row_header = tag == "th" and found.get("scope") == "row"
        elif tag == "a" and self.row_header and self.section is not None:
            self.tables[self.section].append(str(found["href"]).split("/")[-2])
            self.row_header = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.section = None


def tables_of(html: str) -> dict[str, list[str]]:
    """The region codes of each table of the overview, by table section, in order."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables

"""Fragments: rendered once per line, language and flags; kept across data versions."""

from __future__ import annotations

import pytest
from django.utils import translation

from kompas.regions.rows import CellLine, RowLine, row_html
from kompas.shared.fragments import Fragments


def line(name: str = "Neutraal", candidate: bool = True) -> RowLine:
    """A row whose own words are alike in Dutch and English (only the template's differ)."""
    cell = CellLine("inzet", "Inzet", (), "", "inzet", "Inzet", False)
    return RowLine("/regions/X/", name, "X", candidate, (cell,), "–", None, ())


def test_a_line_is_rendered_once_however_often_it_is_shown() -> None:
    rows = Fragments(row_html)
    html = rows.render([line("A"), line("B"), line("A")], decided=True, aspect=False)
    assert html.count(">A</a>") == 2
    assert len(rows) == 2
    rows.render([line("A"), line("B")], decided=True, aspect=False)
    assert len(rows) == 2


def test_each_language_has_its_own_fragment() -> None:
    rows = Fragments(row_html)
    with translation.override("nl"):
        dutch = rows.render([line()], decided=True, aspect=False)
    with translation.override("en"):
        english = rows.render([line()], decided=True, aspect=False)
    assert "kandidaat" in dutch
    assert "candidate" in english
    assert len(rows) == 2


def test_the_flags_are_part_of_the_key() -> None:
    rows = Fragments(row_html)
    with_decisions = rows.render([line()], decided=True, aspect=False)
    without = rows.render([line()], decided=False, aspect=False)
    assert "data-decided" in with_decisions
    assert "data-decided" not in without


def test_beyond_its_limit_it_starts_afresh_and_still_renders_every_line() -> None:
    rows = Fragments(row_html, limit=2)
    rows.render([line("A"), line("B")], decided=True, aspect=False)
    html = rows.render([line("C")], decided=True, aspect=False)
    assert ">C</a>" in html
    assert len(rows) == 1


def test_the_values_of_a_line_are_escaped() -> None:
    html = Fragments(row_html).render([line("<script>")], decided=True, aspect=False)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("flags", [{}, {"decided": False}])
def test_no_lines_give_no_html(flags: dict[str, bool]) -> None:
    assert Fragments(row_html).render([], **flags) == ""

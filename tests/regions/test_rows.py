"""A row of a focus table from the line that holds what it shows."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from kompas.regions.rows import CellLine, RowLine, row_html


def line(**changes: Any) -> RowLine:
    cell = CellLine("inzet", "Inzet", (12,), "differs", "none…inzet", "–…Inzet", True)
    base = RowLine("/regions/MY/", "Maleisië", "MY", False, (cell,), "voldaan", None, ())
    return base._replace(**changes)


def test_a_decided_cell_shows_the_level_its_footnote_and_the_mark_named_by_the_legend() -> None:
    with translation.override("nl"):
        html = row_html(line(), decided=True, aspect=False)
    assert '<td data-decided="inzet">Inzet<sup><a href="#footnote-12"' in html
    assert 'aria-label="voetnoot 12">12</a></sup>' in html
    assert '<span role="img" aria-labelledby="differs">≠</span>' in html
    assert '<td data-advised="none…inzet">–…Inzet<span role="img" aria-labelledby="pending">' in (
        html
    )


def test_without_decisions_the_row_has_only_the_advice() -> None:
    html = row_html(line(), decided=False, aspect=False)
    assert "data-decided" not in html
    assert html.count("<td") == 3  # advice, preconditions, themes


def test_the_aspect_score_is_written_in_the_active_language_as_a_range_when_open() -> None:
    with translation.override("nl"):
        assert '<td class="kompas-number">0,25–0,50' in row_html(
            line(aspect_score=(0.25, 0.5)), decided=True, aspect=True
        )
    with translation.override("en"):
        assert '<td class="kompas-number">0.25\n' in row_html(
            line(aspect_score=(0.25, 0.25)), decided=True, aspect=True
        )
    assert '<td class="kompas-number">–' in row_html(line(), decided=True, aspect=True)


def test_themes_to_avoid_are_marked_and_named() -> None:
    with translation.override("en"):
        html = row_html(
            line(themes=(("Agrifood", False), ("Defence", True))), decided=True, aspect=False
        )
    assert html.endswith(
        '<td><span class="kompas-tag">Agrifood</span>&#32;'
        '<span class="kompas-tag kompas-tag--avoid">avoid: Defence</span>'
    )


def test_a_candidate_is_tagged_and_every_value_is_escaped() -> None:
    with translation.override("en"):
        html = row_html(line(name="<b>X</b>", candidate=True), decided=True, aspect=False)
    assert '&lt;b&gt;X&lt;/b&gt;</a> MY <span class="kompas-tag">candidate</span>' in html

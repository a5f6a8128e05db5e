"""Level colours have one source, shared by charts, the map and the CSS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from django.test import Client

from kompas.shared.charts import LEVEL_COLOURS, OTHER_COLOURS, level_colours
from kompas.shared.state import current_state

CSS = Path(__file__).parents[2] / "src/kompas/static/kompas/kompas.css"


@pytest.mark.django_db
def test_every_page_gets_the_level_colours_and_rules_from_the_one_source(
    client_as: Callable[[str | None], Client],
) -> None:
    html = client_as("viewer").get("/").content.decode()
    head = html.split("</head>")[0]
    for level in current_state().compass.levels:
        colour = LEVEL_COLOURS[level.id]
        assert f"--kompas-color-level-{level.id}:{colour};" in head
        assert f'.kompas-focus td[data-advised="{level.id}"]' in head
        assert f".kompas-level--{level.id}," in head


def test_the_stylesheet_does_not_define_level_colours_of_its_own() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert "--kompas-color-level-inzet:" not in css.replace(" ", "")
    assert '[data-decided="inzet"]' not in css


@pytest.mark.django_db
def test_a_level_without_a_colour_of_its_own_gets_one_of_the_others() -> None:
    compass = current_state().compass
    renamed = [replace(level, id=f"x{i}") for i, level in enumerate(compass.levels)]
    other = replace(compass, levels=tuple(renamed))
    colours = level_colours(other)
    assert [colours[f"x{i}"] for i in range(len(renamed))] == OTHER_COLOURS[: len(renamed)]
    assert colours["open"] == LEVEL_COLOURS["open"]

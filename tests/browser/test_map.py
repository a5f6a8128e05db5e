"""The overview's map in a real browser: it opens on Europe with the North Cape in view, draws
markers for the regions without an outline, hatches regions without a decision and stripes an
advised range; photographed in both colourings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

LoggedIn = Callable[..., Page]


def loaded_map(page: Page) -> None:
    page.wait_for_selector("#kompas-map[data-loaded]", timeout=15000)
    page.locator("#kompas-map").scroll_into_view_if_needed()


LAYERS = """
    const layers = [];
    document.getElementById('kompas-map').kompasMap.eachLayer(l => {
        if (l.feature && l.feature.properties.tracks) layers.push(l);  // not the background
    });
"""


def fill_colours(page: Page) -> dict[str, str]:
    """The fill of every region's layer on the map, by code (drawn or not in the view)."""
    found: dict[str, str] = page.evaluate(
        f"() => {{ {LAYERS} return Object.fromEntries(layers"
        ".map(l => [l.feature.properties.code, l.options.fillColor])); }"
    )
    return found


def photograph(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map-title").locator("xpath=..").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_map_opens_on_europe_with_markers_hatching_and_stripes(page_as: LoggedIn) -> None:
    page = page_as("viewer")
    loaded_map(page)
    markers = page.evaluate(
        f"() => {{ {LAYERS} return layers"
        ".filter(l => l instanceof L.CircleMarker).map(l => l.feature.properties.code).sort(); }"
    )
    assert markers == ["CN-JS", "KR-41", "SG"]
    fills = fill_colours(page)
    assert fills["CN"] == fills["UA"] == fills["DE7"] == "url(#kompas-undecided)"  # no decision
    assert fills["DE2"].startswith("#")  # decided: the level's colour
    photograph(page, "map-decided")
    page.check("#map-mode-advised")
    fills = fill_colours(page)
    assert fills["DE2"] == "url(#kompas-range-none-inzet)"  # –…Inzet
    assert fills["DE1"] == "url(#kompas-range-reactieve_inzet-inzet)"  # Reactieve inzet…Inzet
    assert page.locator("#map-legend-advised").is_visible()
    assert not page.locator("#map-legend-decided").is_visible()
    photograph(page, "map-advised")


def test_the_opening_view_and_zoom_to_europe_show_the_north_cape(page_as: LoggedIn) -> None:
    page = page_as("viewer")
    loaded_map(page)

    def shown(lat: float, lon: float) -> bool:
        found: bool = page.evaluate(
            """([lat, lon]) => {
                const map = document.getElementById('kompas-map').kompasMap;
                return map.getBounds().contains([lat, lon]);
            }""",
            [lat, lon],
        )
        return found

    assert shown(71.17, 25.78)  # the North Cape
    assert shown(38.72, -9.14)  # Lisbon
    assert not shown(1.28, 103.83)  # Singapore: the world is one click away
    page.click("[data-map-view=all]")
    page.wait_for_timeout(400)
    assert shown(1.28, 103.83)
    page.click("[data-map-view=europe]")
    page.wait_for_timeout(400)
    assert shown(71.17, 25.78)


def test_the_map_and_its_legend_fit_a_phone_screen(page_as: LoggedIn) -> None:
    page = page_as("viewer", width=375)
    loaded_map(page)
    right: float = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('#map-title ~ *, #map-title ~ * *')]
            .filter(node => node.offsetParent !== null)
            .filter(node => node.id === 'kompas-map' || !node.closest('#kompas-map'))
            .map(node => node.getBoundingClientRect().right))"""
    )
    assert right <= 375  # the map clips its own drawing; everything around it wraps
    photograph(page, "map-phone")

"""The one source of chart settings and level colours, for Vega-Lite specs and the CSS.

The stylesheet's `--kompas-color-level-<id>` custom properties are written from `LEVEL_COLOURS`
by the `level_colours` template tag in base.html, so charts, map and tables share these values.
"""

from __future__ import annotations

from typing import Any

from kompas.engine.compass import Compass

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
CHART_CONFIG: dict[str, Any] = {"font": "system-ui, sans-serif", "view": {"stroke": None}}

# Each at least 4.5:1 against white (WCAG AA for text on badges and for chart marks).
LEVEL_COLOURS = {
    "inzet": "#1e6b34",
    "reactieve_inzet": "#7a5200",
    "faciliterend": "#1c5aa6",
    "none": "#595959",
    "open": "#6b4fa0",  # an advice still open between levels
}
# For the levels of another region's compass that have no colour of their own.
OTHER_COLOURS = ["#154273", "#6b4fa0", "#a4262c", "#2f6f6f", "#8a5a00", "#767676"]
PRIMARY = "#154273"
PRIMARY_LIGHT = "#a9c0dd"
DANGER = "#a4262c"
OUTLINE = "#767676"
RULE = "#4d4d4d"


def level_colours(compass: Compass) -> dict[str, str]:
    """A colour per level of the compass, best level first, plus "open"."""
    colours = {
        level.id: LEVEL_COLOURS.get(level.id, OTHER_COLOURS[i % len(OTHER_COLOURS)])
        for i, level in enumerate(compass.levels)
    }
    return colours | {"open": LEVEL_COLOURS["open"]}

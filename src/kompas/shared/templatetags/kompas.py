"""Template helpers shared by all pages: levels as badges, bilingual names, level colours."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kompas.engine import Compass
from kompas.shared import charts, formats

register = template.Library()


@register.simple_tag
def level_badge(compass: Compass, level_id: str | None) -> str:
    if not level_id:
        return format_html('<span class="kompas-muted">·</span>')
    return format_html(
        '<span class="kompas-level kompas-level--{}">{}</span>',
        level_id,
        compass.level(level_id).name(formats.lang()),
    )


@register.filter
def name(item: Any) -> str:
    """The name of anything with name_nl / name_en, in the interface language."""
    return formats.name(item)


@register.simple_tag
def level_colour_style() -> SafeString:
    """The current compass's level colours as the CSS custom properties --kompas-color-level-<id>
    (from kompas.shared.charts, the one source that charts and the map also use)."""
    from kompas.shared.state import current_state

    colours = charts.level_colours(current_state().compass)
    properties = "".join(
        f"--kompas-color-level-{level}:{colour};"
        for level, colour in colours.items()
        if level.replace("_", "").isalnum() and colour.startswith("#") and colour[1:].isalnum()
    )
    return mark_safe(f"<style>:root{{{properties}}}</style>")  # ids and colours checked above

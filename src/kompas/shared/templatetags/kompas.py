"""Template helpers shared by all pages: levels as badges, bilingual names, level colours."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kompas.engine import Compass
from kompas.shared import charts, formats

register = template.Library()
PLAIN = re.compile(r"^[A-Za-z0-9_-]+$")  # level ids as the compass file allows them
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


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
    """A <style> with the current compass's level colours (from kompas.shared.charts, the one
    source charts and the map use too): the custom properties --kompas-color-level-<id>, and the
    rules that colour a level's badges (`kompas-level--<id>`) and the overview's cells
    (`data-decided="<id>"`, `data-advised="<id>"`; an advised range "worst…best" keeps the colour
    "open")."""
    from kompas.shared.state import current_compass

    colours = charts.level_colours(current_compass())
    safe = {k: v for k, v in colours.items() if PLAIN.match(k) and COLOUR.match(v)}
    properties = "".join(
        f"--kompas-color-level-{level}:{colour};" for level, colour in safe.items()
    )
    rules = "".join(
        f'.kompas-level--{level},.kompas-focus td[data-decided="{level}"],'
        f'.kompas-focus td[data-advised="{level}"]'
        f"{{background:var(--kompas-color-level-{level})}}"
        for level in safe
    )
    return mark_safe(f"<style>:root{{{properties}}}{rules}</style>")  # ids and colours checked

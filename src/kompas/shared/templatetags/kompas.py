"""Template helpers shared by all pages: levels as badges, bilingual names."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from kompas.engine import Compass
from kompas.shared.formats import lang

register = template.Library()


@register.simple_tag
def level_badge(compass: Compass, level_id: str | None) -> str:
    if not level_id:
        return format_html('<span class="kompas-muted">·</span>')
    return format_html(
        '<span class="kompas-level kompas-level--{}">{}</span>',
        level_id,
        compass.level(level_id).name(lang()),
    )


@register.filter
def name(item: Any) -> str:
    """The name of anything with name_nl / name_en, in the interface language."""
    return str(item.name_en if lang() == "en" else item.name_nl)

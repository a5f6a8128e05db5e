"""Themes, indicators and the history of every change of one region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kompas.audit.history import history
from kompas.audit.models import AuditEvent
from kompas.dataset import region_inputs
from kompas.engine.editions import sort_key
from kompas.engine.readings import lineage
from kompas.regions import models
from kompas.regions.profile.records import Cited, cited
from kompas.shared.formats import lang
from kompas.shared.state import Weighing

# --- small helpers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A theme as a document words it for the region (or for a group it belongs to)."""

    theme: str | None
    wording: str
    avoid: bool
    via: str
    cited: Cited | None


def theme_rows(weighed: Weighing, code: str) -> tuple[list[dict[str, Any]], list[Mention]]:
    """Brabant's themes with what the documents say for this region; then unmatched wordings."""
    dataset, language = weighed.dataset, lang()
    found = [
        Mention(
            theme.theme,
            theme.wording,
            theme.avoid,
            dataset.regions[group].name(language) if group else "",
            cited(dataset, theme.cited),
        )
        for theme, group in dataset.themes_of(code)
    ]
    rows = []
    for theme in weighed.compass.themes:
        named = [m for m in found if m.theme == theme.id]
        status = "none"
        if any(m.avoid for m in named):
            status = "avoid"
        elif any(not m.via for m in named):
            status = "own"
        elif named:
            status = "via"
        rows.append({"theme": theme, "status": status, "named": named})
    return rows, [m for m in found if m.theme is None]


def indicator_rows(weighed: Weighing, code: str) -> list[dict[str, Any]]:
    """Every published value for the region, or else for the nearest enclosing region (proxy)."""
    dataset, compass, language = weighed.dataset, weighed.compass, lang()
    readings = region_inputs(dataset, compass, [code])[0].readings
    used = {
        (r.value.indicator, r.value.edition, r.value.region): (c, r) for c, r in readings.items()
    }
    chain = list(lineage(code, dataset.parents))
    rows = []
    for key, indicator in dataset.indicators.items():
        for holder in chain:
            values = sorted(
                (v for v in dataset.values if v.region == holder and v.indicator == key),
                key=lambda v: sort_key(v.edition),
                reverse=True,
            )
            if not values:
                continue
            for value in values:
                criterion_id, reading = used.get((key, value.edition, holder), (None, None))
                source = dataset.sources.get(value.source)
                rows.append(
                    {
                        "indicator": indicator,
                        "value": value,
                        "holder": dataset.regions[holder],
                        "proxy": holder != code,
                        "source": source,
                        "used_by": compass.criterion(criterion_id).name(language)
                        if criterion_id
                        else "",
                        "reference": reading.reference if reading else None,
                        "reference_region": dataset.regions[reading.reference.region]
                        if reading and reading.reference
                        else None,
                    }
                )
            break
    return rows


def region_history(weighed: Weighing, region: models.Region) -> list[dict[str, Any]]:
    return history(weighed.compass, AuditEvent.objects.filter(region=region).order_by("-at", "-id"))

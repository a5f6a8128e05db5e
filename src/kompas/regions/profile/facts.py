"""Themes, indicators and the history of every change of one region."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kompas.audit.labels import ACTION_LABELS, FIELD_LABELS
from kompas.audit.models import AuditEvent
from kompas.dataset import region_inputs
from kompas.engine import Compass
from kompas.engine.compass import Criterion
from kompas.engine.readings import lineage
from kompas.regions import models
from kompas.regions.profile.records import STATUS_LABELS, Cited, cited
from kompas.shared.state import State, lang

HIDDEN_FIELDS = {"criterion", "precondition", "version", "author_name"}

LONG_TEXT = 80


# --- small helpers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A theme as a document words it for the region (or for a group it belongs to)."""

    theme: str | None
    wording: str
    avoid: bool
    via: str
    cited: Cited | None


def theme_rows(state: State, code: str) -> tuple[list[dict[str, Any]], list[Mention]]:
    """Brabant's themes with what the documents say for this region; then unmatched wordings."""
    dataset, language = state.dataset, lang()
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
    for theme in state.compass.themes:
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


def indicator_rows(state: State, code: str) -> list[dict[str, Any]]:
    """Every published value for the region, or else for the nearest enclosing region (proxy)."""
    dataset, compass, language = state.dataset, state.compass, lang()
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
                key=lambda v: v.edition,
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


def history(compass: Compass, events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    """Audit events as the history table shows them: newest first, what changed from what."""
    language = lang()
    rows = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        subject = after.get("criterion") or before.get("criterion")
        criterion = _lookup(compass.criterion, subject)
        gate = _lookup(
            compass.precondition, after.get("precondition") or before.get("precondition")
        )
        what = (criterion or gate).name(language) if (criterion or gate) else event.object_repr
        changes = []
        for key in dict.fromkeys([*before, *after]):
            if key in HIDDEN_FIELDS or (before.get(key) or None) == (after.get(key) or None):
                continue
            old, new = (
                _shown(compass, criterion, key, v) for v in (before.get(key), after.get(key))
            )
            changes.append(
                {
                    "label": FIELD_LABELS.get(key, key),
                    "before": old,
                    "after": new,
                    "long": max(len(old), len(new)) > LONG_TEXT,
                }
            )
        rows.append(
            {
                "event": event,
                "action": ACTION_LABELS.get(event.action, event.action),
                "what": what,
                "changes": changes,
            }
        )
    return rows


def region_history(state: State, region: models.Region) -> list[dict[str, Any]]:
    return history(state.compass, AuditEvent.objects.filter(region=region).order_by("-at", "-id"))


def _lookup(find: Any, key: Any) -> Any:
    if not key:
        return None
    try:
        return find(str(key))
    except KeyError:
        return None


def _shown(compass: Compass, criterion: Criterion | None, key: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if (
        key in ("category", "category_high")
        and criterion is not None
        and criterion.scale is not None
    ):
        try:
            return criterion.scale.category(str(value)).name(lang())
        except KeyError:
            return str(value)
    if key == "status":
        return str(STATUS_LABELS.get(str(value), value))
    if key == "level":
        try:
            return compass.level(str(value)).name(lang())
        except KeyError:
            return str(value)
    return str(value)

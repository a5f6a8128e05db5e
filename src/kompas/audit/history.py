"""The audit trail as people read it: newest first, what changed from what, in words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kompas.audit.labels import ACTION_LABELS, FIELD_LABELS
from kompas.audit.models import AuditEvent
from kompas.engine import Compass
from kompas.engine.compass import Criterion
from kompas.shared.formats import ROUND_STATUS_LABELS, STATUS_LABELS, lang

HIDDEN_FIELDS = {"criterion", "precondition", "version", "author_name"}

LONG_TEXT = 80


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
        return str(STATUS_LABELS.get(str(value)) or ROUND_STATUS_LABELS.get(str(value), value))
    if key == "level":
        try:
            return compass.level(str(value)).name(lang())
        except KeyError:
            return str(value)
    return str(value)

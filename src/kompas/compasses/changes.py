"""What changed between two compass versions, in words people read (the version page, the what-if
page and the comparison of two rounds)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kompas.engine import Compass
from kompas.engine.compass import Named, ValueFunction

KIND_LABELS: dict[str, Promise] = {
    "status": _("Status"),
    "reference_region": _("Reference region"),
    "aspect_weight": _("Aspect weight"),
    "criterion_weight": _("Criterion weight"),
    "criterion_scale": _("Scale of a criterion"),
    "indicators": _("Indicators of a criterion"),
    "value_function": _("Value function"),
    "relative": _("Read relative to the reference region"),
    "scale_value": _("Scale value"),
    "threshold": _("Threshold"),
    "track_aspect_weight": _("Aspect weight on one track"),
    "track_criterion_weight": _("Criterion weight on one track"),
    "rule_nl": _("Rule (Dutch)"),
    "rule_en": _("Rule (English)"),
    "missing_data": _("Missing-data policy"),
    "judgements": _("Analysts' judgements combined by"),
    "discuss_spread": _("Spread flagged for discussion (scale steps)"),
    "added": _("Added"),
    "removed": _("Removed"),
}

NamedT = TypeVar("NamedT", bound=Named)


@dataclass(frozen=True)
class Change:
    """One setting that differs between two compass versions.

    `key` names the setting as the compass file does (``tracks[innovation].thresholds.inzet``);
    `name_nl` / `name_en` name what it belongs to, for people.
    """

    key: str
    kind: str
    name_nl: str
    name_en: str
    before: Any
    after: Any

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def compass_changes(old: Compass, new: Compass) -> list[Change]:
    """Every weight, threshold, scale value, rule and policy that differs, in compass order."""
    changes: list[Change] = []

    def add(key: str, kind: str, names: tuple[str, str], before: Any, after: Any) -> None:
        if before != after:
            changes.append(Change(key, kind, names[0], names[1], _plain(before), _plain(after)))

    add("compass.status", "status", (old.name_nl, old.name_en), old.status, new.status)
    add(
        "compass.reference_region",
        "reference_region",
        (old.name_nl, old.name_en),
        old.reference_region,
        new.reference_region,
    )
    for key, a, b in _paired("aspects", old.aspects, new.aspects, changes):
        add(f"{key}.weight", "aspect_weight", _names(b), a.weight, b.weight)
    for key, c, d in _paired("criteria", old.criteria, new.criteria, changes):
        add(f"{key}.weight", "criterion_weight", _names(d), c.weight, d.weight)
        add(
            f"{key}.scale",
            "criterion_scale",
            _names(d),
            c.scale.id if c.scale else None,
            d.scale.id if d.scale else None,
        )
        add(
            f"{key}.indicators",
            "indicators",
            _names(d),
            ", ".join(c.indicators) or None,
            ", ".join(d.indicators) or None,
        )
        add(
            f"{key}.relative_to_reference",
            "relative",
            _names(d),
            c.relative_to_reference,
            d.relative_to_reference,
        )
        add(
            f"{key}.value_function",
            "value_function",
            _names(d),
            points_text(c.value_function),
            points_text(d.value_function),
        )
    for scale_id in dict.fromkeys([*old.scales, *new.scales]):
        if scale_id not in new.scales:
            removed = old.scales[scale_id]
            changes.append(
                Change(f"scales.{scale_id}", "removed", *_names(removed), scale_id, None)
            )
            continue
        if scale_id not in old.scales:
            added = new.scales[scale_id]
            changes.append(Change(f"scales.{scale_id}", "added", *_names(added), None, scale_id))
            continue
        s, t = old.scales[scale_id], new.scales[scale_id]
        for key, x, y in _paired(
            f"scales.{scale_id}.categories", s.categories, t.categories, changes
        ):
            names = (f"{t.name_nl} · {y.name_nl}", f"{t.name_en} · {y.name_en}")
            add(f"{key}.value", "scale_value", names, x.value, y.value)
    for key, u, v in _paired("tracks", old.tracks, new.tracks, changes):
        for level in new.levels[:-1]:
            names = (f"{v.name_nl} · {level.name_nl}", f"{v.name_en} · {level.name_en}")
            before, after = u.thresholds.get(level.id), v.thresholds.get(level.id)
            add(f"{key}.thresholds.{level.id}", "threshold", names, before, after)
        for field, kind, lookup in (
            ("aspect_weights", "track_aspect_weight", new.aspect),
            ("criterion_weights", "track_criterion_weight", new.criterion),
        ):
            ours: dict[str, float] = getattr(u, field)
            theirs: dict[str, float] = getattr(v, field)
            for item_id in dict.fromkeys([*ours, *theirs]):
                try:
                    item: Named = lookup(item_id)
                except KeyError:
                    item = Named(item_id, item_id, item_id)
                names = (f"{v.name_nl} · {item.name_nl}", f"{v.name_en} · {item.name_en}")
                before, after = ours.get(item_id), theirs.get(item_id)
                add(f"{key}.{field}.{item_id}", kind, names, before, after)
    for key, p, q in _paired("preconditions", old.preconditions, new.preconditions, changes):
        add(f"{key}.rule_nl", "rule_nl", _names(q), p.rule_nl, q.rule_nl)
        add(f"{key}.rule_en", "rule_en", _names(q), p.rule_en, q.rule_en)
    for field in ("judgement", "indicator"):
        before, after = getattr(old.missing_data, field), getattr(new.missing_data, field)
        add(f"missing_data.{field}", "missing_data", (field, field), before, after)
    for field in ("judgements", "discuss_spread"):
        before, after = getattr(old.aggregation, field), getattr(new.aggregation, field)
        add(f"aggregation.{field}", field, (new.name_nl, new.name_en), before, after)
    return changes


def _plain(value: Any) -> Any:
    """Whole numbers as integers (a weight of 2, not 2.0); everything else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _names(item: Named) -> tuple[str, str]:
    return item.name_nl, item.name_en


def _paired(
    section: str, old: Sequence[NamedT], new: Sequence[NamedT], changes: list[Change]
) -> Iterator[tuple[str, NamedT, NamedT]]:
    """The items present in both, by id; those in only one are recorded as added or removed."""
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    for item_id in dict.fromkeys([*before, *after]):
        key = f"{section}[{item_id}]"
        if item_id in before and item_id in after:
            yield key, before[item_id], after[item_id]
        elif item_id in after:
            changes.append(Change(key, "added", *_names(after[item_id]), None, item_id))
        else:
            changes.append(Change(key, "removed", *_names(before[item_id]), item_id, None))


def points_text(function: ValueFunction | None) -> str | None:
    """A value function's points as "x → value" pairs, in the interface language."""
    if function is None:
        return None
    return "; ".join(
        f"{localize(x)} → {localize(y)}" for x, y in zip(function.xs, function.ys, strict=True)
    )

"""Compare two compass versions, and two decision rounds, and say why their results differ.

Plain functions over parsed compasses and round snapshots (see `kompas.rounds.snapshot`): an
open round is compared through the snapshot it would have if frozen now.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kompas.engine import Compass, IndicatorValue
from kompas.engine.compass import Category, Criterion, Named, Precondition, ValueFunction
from kompas.engine.panel import aggregate, nearest_category
from kompas.rounds.snapshot import compass_from, inputs_from

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


# -- compass versions -------------------------------------------------------------------------


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


# -- decision rounds --------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceSummary:
    level_best: str
    level_worst: str
    score_low: float
    score_high: float
    gates: str

    @property
    def determined(self) -> bool:
        return self.level_best == self.level_worst


@dataclass(frozen=True)
class TrackDiff:
    track: str
    decided_a: str | None
    decided_b: str | None
    advice_a: AdviceSummary | None
    advice_b: AdviceSummary | None

    @property
    def decided_changed(self) -> bool:
        return self.decided_a != self.decided_b

    @property
    def advised_changed(self) -> bool:
        return _levels(self.advice_a) != _levels(self.advice_b)

    @property
    def changed(self) -> bool:
        return self.decided_changed or self.advised_changed


def _levels(advice: AdviceSummary | None) -> tuple[str, str] | None:
    return (advice.level_best, advice.level_worst) if advice else None


@dataclass(frozen=True)
class JudgementDiff:
    """A judgement that differs; for a panel, the category nearest its aggregated value and the
    number of analysts on it (0: one analyst, or none)."""

    criterion: Criterion
    before: Category | None
    after: Category | None
    analysts_before: int = 0
    analysts_after: int = 0


@dataclass(frozen=True)
class GateDiff:
    precondition: Precondition
    before: str
    after: str


@dataclass(frozen=True)
class ValueDiff:
    """An indicator criterion read from a different value (or edition, or reference) in B."""

    criterion: Criterion
    before: IndicatorValue | None
    after: IndicatorValue | None
    reference_before: IndicatorValue | None
    reference_after: IndicatorValue | None


@dataclass(frozen=True)
class RegionDiff:
    code: str
    name_nl: str
    name_en: str
    in_a: bool
    in_b: bool
    tracks: tuple[TrackDiff, ...]
    judgements: tuple[JudgementDiff, ...] = ()
    gates: tuple[GateDiff, ...] = ()
    values: tuple[ValueDiff, ...] = ()

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tracks)

    @property
    def data_changed(self) -> bool:
        return bool(self.judgements or self.gates or self.values)

    def track(self, track: str) -> TrackDiff:
        return next(t for t in self.tracks if t.track == track)


@dataclass(frozen=True)
class Side:
    """One of the two rounds compared, read from its (possibly would-be) snapshot."""

    key: str
    name_nl: str
    name_en: str
    frozen: bool
    version: str
    compass: Compass


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    tracks: tuple[str, ...]
    compass_changes: tuple[Change, ...]
    regions: tuple[RegionDiff, ...]

    @property
    def changed(self) -> tuple[RegionDiff, ...]:
        return tuple(r for r in self.regions if r.changed)

    @property
    def unchanged(self) -> tuple[RegionDiff, ...]:
        return tuple(r for r in self.regions if not r.changed)


def side(snapshot: Mapping[str, Any], frozen: bool) -> Side:
    head, version = snapshot["round"], snapshot["compass_version"]
    return Side(
        head["key"],
        head["name_nl"],
        head["name_en"],
        frozen,
        f"{version['key']} v{version['number']}",
        compass_from(snapshot),
    )


def compare_rounds(
    a: Mapping[str, Any], b: Mapping[str, Any], frozen_a: bool = True, frozen_b: bool = True
) -> Comparison:
    """Round A beside round B: per region and track the decided and advised level in each,
    the regions whose level changed first, and what differs that could explain it."""
    side_a, side_b = side(a, frozen_a), side(b, frozen_b)
    tracks = tuple(dict.fromkeys([*a["tracks"], *b["tracks"]]))
    inputs_a = {i.code: i for i in inputs_from(a)}
    inputs_b = {i.code: i for i in inputs_from(b)}
    decided_a = {(d["region"], d["track"]): d["level"] for d in a["decisions"]}
    decided_b = {(d["region"], d["track"]): d["level"] for d in b["decisions"]}
    advice_a = _advice(a)
    advice_b = _advice(b)
    names = {r["code"]: (r["name_nl"], r["name_en"]) for r in [*b["regions"], *a["regions"]]}
    order = [d["region"] for d in a["decisions"]] + list(inputs_a)
    order += [d["region"] for d in b["decisions"]] + list(inputs_b)
    regions = []
    for code in dict.fromkeys(order):
        in_a, in_b = code in inputs_a, code in inputs_b
        diff = RegionDiff(
            code,
            *names[code],
            in_a,
            in_b,
            tuple(
                TrackDiff(
                    track,
                    decided_a.get((code, track)),
                    decided_b.get((code, track)),
                    advice_a.get((code, track)),
                    advice_b.get((code, track)),
                )
                for track in tracks
            ),
        )
        if in_a and in_b:
            diff = _with_reasons(diff, side_a.compass, side_b.compass, a, b, code)
        regions.append(diff)
    changed = [r for r in regions if r.changed]
    return Comparison(
        side_a,
        side_b,
        tracks,
        tuple(compass_changes(side_a.compass, side_b.compass)),
        tuple(changed + [r for r in regions if not r.changed]),
    )


def _advice(snapshot: Mapping[str, Any]) -> dict[tuple[str, str], AdviceSummary]:
    return {
        (x["region"], x["track"]): AdviceSummary(
            x["level_best"], x["level_worst"], x["score_low"], x["score_high"], x["gates"]
        )
        for x in snapshot["advice"]
    }


def _with_reasons(
    diff: RegionDiff,
    compass_a: Compass,
    compass_b: Compass,
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    code: str,
) -> RegionDiff:
    """The judgements, gate statuses and indicator values of the region that differ."""
    x, y = a["inputs"][code], b["inputs"][code]
    criteria = {c.id: c for c in [*compass_a.criteria, *compass_b.criteria]}
    judgements = []
    before_all, after_all = _judged_of(x), _judged_of(y)
    for criterion_id in dict.fromkeys([*before_all, *after_all]):
        before, after = before_all.get(criterion_id), after_all.get(criterion_id)
        if before != after and criterion_id in criteria:
            judgements.append(
                JudgementDiff(
                    criteria[criterion_id],
                    _category(compass_a, criterion_id, before),
                    _category(compass_b, criterion_id, after),
                    len(before) if isinstance(before, dict) else 0,
                    len(after) if isinstance(after, dict) else 0,
                )
            )
    preconditions = {p.id: p for p in [*compass_a.preconditions, *compass_b.preconditions]}
    gates = []
    for precondition_id in dict.fromkeys([*x["gates"], *y["gates"]]):
        before = x["gates"].get(precondition_id, {}).get("status", "unknown")
        after = y["gates"].get(precondition_id, {}).get("status", "unknown")
        if before != after and precondition_id in preconditions:
            gates.append(GateDiff(preconditions[precondition_id], before, after))
    values = []
    for criterion_id in dict.fromkeys([*x["readings"], *y["readings"]]):
        r, s = x["readings"].get(criterion_id), y["readings"].get(criterion_id)
        if _reading_key(r) != _reading_key(s) and criterion_id in criteria:
            values.append(
                ValueDiff(
                    criteria[criterion_id],
                    _value(r, "value"),
                    _value(s, "value"),
                    _value(r, "reference"),
                    _value(s, "reference"),
                )
            )
    return RegionDiff(
        diff.code,
        diff.name_nl,
        diff.name_en,
        diff.in_a,
        diff.in_b,
        diff.tracks,
        tuple(judgements),
        tuple(gates),
        tuple(values),
    )


def _judged_of(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Per criterion of a snapshot's region: its panel, range (a list) or category."""
    return {
        **inputs["judgements"],
        **inputs.get("ranges", {}),
        **inputs.get("panels", {}),
    }


def _category(compass: Compass, criterion_id: str, judged: Any) -> Category | None:
    """The category of a judgement; of a range, "lowest … highest"; of a panel, the category
    nearest its combined value (the middle of it when an analyst gave a range)."""
    if not judged:
        return None
    try:
        scale = compass.criterion(criterion_id).scale
        if scale is not None:
            if isinstance(judged, str):
                return scale.category(judged)
            if isinstance(judged, list | tuple):
                low, high = scale.category(judged[0]), scale.category(judged[1])
                return Category(
                    f"{low.id}..{high.id}",
                    f"{low.name_nl} … {high.name_nl}",
                    f"{low.name_en} … {high.name_en}",
                    float("nan"),
                )
            panel = {a: j if isinstance(j, str) else (j[0], j[1]) for a, j in judged.items()}
            value = aggregate(scale, panel, compass.aggregation.judgements)
            return scale.category(nearest_category(scale, value))
    except (KeyError, ValueError):
        pass
    label = str(judged)
    return Category(label, label, label, float("nan"))


def _reading_key(reading: Mapping[str, Any] | None) -> tuple[Any, ...] | None:
    if reading is None:
        return None
    value, reference = reading["value"], reading["reference"]
    return (
        value["region"],
        value["indicator"],
        value["edition"],
        value["value"],
        (reference or {}).get("edition"),
        (reference or {}).get("value"),
    )


def _value(reading: Mapping[str, Any] | None, key: str) -> IndicatorValue | None:
    if reading is None or reading[key] is None:
        return None
    return IndicatorValue(**reading[key])

"""Compare two decision rounds and say why their results differ.

Plain functions over parsed compasses and round snapshots (see `kompas.rounds.snapshot`): an
open round is compared through the snapshot it would have if frozen now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kompas.compasses.changes import Change, compass_changes
from kompas.engine import Compass, IndicatorValue
from kompas.engine.compass import Category, Criterion, Precondition
from kompas.engine.panel import aggregate, nearest_category
from kompas.rounds.snapshot import compass_from, inputs_from

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

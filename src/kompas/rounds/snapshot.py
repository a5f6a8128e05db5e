"""Freeze a decision round and replay it from its snapshot alone.

A snapshot is plain JSON holding everything a round's result depends on: the compass file of
the round's version, per region the engine's inputs (readings with the indicator values and the
reference values they were read against, judgements, gates with their evidence), the data
editions and sources used, the decisions with their reasoning, the footnotes, and the advice
computed at freeze time. Replaying parses that compass and those inputs and weighs again, so a
frozen round shows the same result whatever changes later in the database.

An open round is read live: its own compass version beside the current data. `build` makes the
snapshot an open round would have if frozen now, which is also how two rounds are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kompas.audit.log import record
from kompas.dataset import Dataset, region_inputs
from kompas.dataset import model as data
from kompas.engine import Compass, Gate, IndicatorValue, Reading, RegionInput, assess, parse_compass
from kompas.engine.readings import lineage
from kompas.rounds.models import Decision, DecisionRound
from kompas.shared.database import load_dataset, round_record

SCHEMA = "kompas.round-snapshot/1"


class RoundFrozenError(Exception):
    """A frozen round cannot change."""


# -- building ---------------------------------------------------------------------------------


def build(
    stored: DecisionRound, dataset: Dataset | None = None, extra: Iterable[str] = ()
) -> dict[str, Any]:
    """The snapshot of `stored` as it stands now: its compass version beside `dataset`.

    `extra` names regions without a decision in the round that should be weighed as well (to
    compare with another round that decided them).
    """
    dataset = dataset if dataset is not None else load_dataset()
    version = stored.compass_version
    compass = version.compass
    round_ = round_record(stored)
    decided = [d.region for d in round_.decisions]
    codes = decided + [c for c in dict.fromkeys(extra) if c not in decided and c in dataset.regions]
    inputs = region_inputs(dataset, compass, codes)
    tracks = [t.id for t in compass.tracks]
    reasoning = {
        (d.region.code, d.track): d.reasoning
        for d in Decision.objects.filter(round=stored).select_related("region")
    }
    used = [v for i in inputs for r in i.readings.values() for v in _values_of(r)]
    kept = _kept_regions(dataset, compass, codes)
    themes = [t for t in dataset.themes if t.region in kept]
    judgements = [j for j in dataset.judgements if j.region in codes]
    gates = [g for g in dataset.gates if g.region in codes]
    region_citations = [dataset.regions[c].cited for c in kept]
    cited = {
        *(v.source for v in used),
        *(j.cited.source for j in judgements),
        *(g.cited.source for g in gates),
        *(t.cited.source for t in themes),
        *(c.source for c in region_citations if c is not None),
        round_.cited.source,
    }
    indicator_ids = {i for c in compass.criteria for i in c.indicators}
    return {
        "schema": SCHEMA,
        "round": {
            "key": stored.key,
            "name_nl": stored.name_nl,
            "name_en": stored.name_en,
            "period_start": stored.period_start,
            "period_end": stored.period_end,
            "source": round_.cited.source,
            "section": round_.cited.section,
        },
        "compass_version": {
            "key": version.key,
            "number": version.number,
            "note": version.note,
            "created_at": version.created_at.isoformat(),
        },
        "compass": version.config,
        "tracks": tracks,
        "regions": [
            {**asdict(dataset.regions[c]), "assessed": c in codes}
            for c in dataset.regions
            if c in kept
        ],
        "inputs": {i.code: _input_json(i) for i in inputs},
        "judgements": [asdict(j) for j in judgements],
        "gates": [asdict(g) for g in gates],
        "themes": [asdict(t) for t in themes],
        "editions": _editions(used),
        "indicators": {
            key: asdict(d) for key, d in dataset.indicators.items() if key in indicator_ids
        },
        "sources": {key: asdict(s) for key, s in dataset.sources.items() if key in cited},
        "decisions": [
            {
                "region": d.region,
                "track": track,
                "level": level,
                "reasoning": reasoning.get((d.region, track), ""),
                "label": d.label,
                "table_section": d.table_section,
                "position": position,
            }
            for position, d in enumerate(round_.decisions)
            for track, level in d.levels.items()
        ],
        "footnotes": [asdict(f) for f in round_.footnotes],
        "advice": advice_records(compass, inputs, tracks),
    }


def _values_of(reading: Reading) -> list[IndicatorValue]:
    return [reading.value] + ([reading.reference] if reading.reference else [])


def _kept_regions(dataset: Dataset, compass: Compass, codes: Sequence[str]) -> set[str]:
    """The weighed regions, their ancestors and groups, and the reference region's ancestors."""
    parents = dataset.parents
    kept = {a for c in codes for a in lineage(c, parents)}
    kept |= set(lineage(compass.reference_region, parents))
    kept |= {g.code for c in codes for g in dataset.groups_of(c)}
    return {c for c in kept if c in dataset.regions}


def _input_json(region: RegionInput) -> dict[str, Any]:
    return {
        "readings": {
            criterion: {
                "value": asdict(r.value),
                "reference_region": r.reference_region,
                "reference": asdict(r.reference) if r.reference else None,
            }
            for criterion, r in region.readings.items()
        },
        "judgements": dict(region.judgements),
        "ranges": {criterion: list(span) for criterion, span in region.judgement_ranges.items()},
        "panels": {criterion: dict(panel) for criterion, panel in region.panels.items()},
        "gates": {key: asdict(gate) for key, gate in region.gates.items()},
    }


def _editions(values: Iterable[IndicatorValue]) -> dict[str, list[dict[str, Any]]]:
    """Per indicator, the editions read and the source of each."""
    found: dict[str, dict[tuple[str, str], int | None]] = {}
    for v in values:
        found.setdefault(v.indicator, {})[(v.edition, v.source)] = v.year
    return {
        indicator: [
            {"edition": edition, "source": source, "year": year}
            for (edition, source), year in sorted(editions.items())
        ]
        for indicator, editions in sorted(found.items())
    }


def advice_records(
    compass: Compass, inputs: Sequence[RegionInput], tracks: Sequence[str]
) -> list[dict[str, Any]]:
    """The advice per region and track, as the snapshot stores it."""
    return [
        {
            "region": a.region,
            "track": a.track,
            "level_best": a.level_best,
            "level_worst": a.level_worst,
            "score_low": a.score_low,
            "score_high": a.score_high,
            "gates": a.gates.outcome,
        }
        for track in tracks
        for a in assess(compass, inputs, track)
    ]


# -- freezing and replaying -------------------------------------------------------------------


@transaction.atomic
def freeze(stored: DecisionRound, user: Any) -> DecisionRound:
    """Store the round's snapshot and mark it frozen; from then on it cannot change."""
    locked = DecisionRound.objects.select_for_update().get(pk=stored.pk)
    if locked.frozen:
        raise RoundFrozenError(locked.key)
    locked.snapshot = build(locked)
    locked.frozen_at = timezone.now()
    locked.frozen_by = user if user is not None and user.is_authenticated else None
    locked.snapshot["frozen_at"] = locked.frozen_at.isoformat()
    locked.save(update_fields=["snapshot", "frozen_at", "frozen_by"])
    record(
        user,
        "round frozen",
        locked,
        before={"frozen": False},
        after={
            "frozen": True,
            "compass_version": str(locked.compass_version),
            "decisions": len(locked.snapshot["decisions"]),
            "editions": locked.snapshot["editions"],
        },
        round=locked,
    )
    return locked


def replay(stored: DecisionRound) -> list[dict[str, Any]]:
    """The advice recomputed from the snapshot alone, in the layout of `snapshot["advice"]`."""
    if stored.snapshot is None:
        raise ValueError(f"round {stored.key} is not frozen")
    snapshot = stored.snapshot
    return advice_records(compass_from(snapshot), inputs_from(snapshot), snapshot["tracks"])


# -- reading a snapshot back ------------------------------------------------------------------


def compass_from(snapshot: Mapping[str, Any]) -> Compass:
    version = snapshot["compass_version"]
    return parse_compass(snapshot["compass"], f"{version['key']} v{version['number']}")


def inputs_from(snapshot: Mapping[str, Any]) -> list[RegionInput]:
    return [
        RegionInput(
            code=code,
            readings={
                criterion: Reading(
                    code,
                    IndicatorValue(**r["value"]),
                    r["reference_region"],
                    IndicatorValue(**r["reference"]) if r["reference"] else None,
                )
                for criterion, r in item["readings"].items()
            },
            judgements=dict(item["judgements"]),
            gates={key: Gate(**gate) for key, gate in item["gates"].items()},
            judgement_ranges={c: _judged(s) for c, s in item.get("ranges", {}).items()},
            panels={
                c: {a: _judged(j) for a, j in panel.items()}
                for c, panel in item.get("panels", {}).items()
            },
        )
        for code, item in snapshot["inputs"].items()
    ]


def _judged(raw: Any) -> Any:
    """A category, or a range (stored in JSON as a list) back as a (lowest, highest) tuple."""
    return raw if isinstance(raw, str) else (raw[0], raw[1])


def _cited(raw: Mapping[str, Any] | None) -> data.Citation | None:
    return data.Citation(**raw) if raw else None


def round_from(snapshot: Mapping[str, Any]) -> data.Round:
    head = snapshot["round"]
    rows: dict[str, data.Decision] = {}
    for d in sorted(snapshot["decisions"], key=lambda d: d["position"]):
        row = rows.setdefault(
            d["region"], data.Decision(d["region"], d["table_section"], d["label"], {})
        )
        row.levels[d["track"]] = d["level"]
    return data.Round(
        head["key"],
        head["name_nl"],
        head["name_en"],
        snapshot["compass_version"]["key"],
        data.Citation(head["source"], head["section"]),
        head["period_start"],
        head["period_end"],
        tuple(rows.values()),
        tuple(data.Footnote(**f) for f in snapshot["footnotes"]),
    )


def dataset_from(snapshot: Mapping[str, Any]) -> Dataset:
    """The slice of the data the round was frozen with, as a `Dataset`."""
    values = {
        (v.region, v.indicator, v.edition): v
        for region in inputs_from(snapshot)
        for r in region.readings.values()
        for v in _values_of(r)
    }
    round_ = round_from(snapshot)
    return Dataset(
        sources={key: data.Source(**s) for key, s in snapshot["sources"].items()},
        regions={
            r["code"]: data.Region(
                r["code"],
                r["scheme"],
                r["name_nl"],
                r["name_en"],
                r["parent"],
                tuple(r["members"]),
                tuple(r["aliases"]),
                r["reference"],
                _cited(r["cited"]),
            )
            for r in snapshot["regions"]
        },
        themes=tuple(
            data.RegionTheme(
                t["region"], t["wording"], data.Citation(**t["cited"]), t["theme"], t["avoid"]
            )
            for t in snapshot["themes"]
        ),
        judgements=tuple(
            data.Judgement(**{**j, "cited": data.Citation(**j["cited"])})
            for j in snapshot["judgements"]
        ),
        gates=tuple(
            data.GateRecord(**{**g, "cited": data.Citation(**g["cited"])})
            for g in snapshot["gates"]
        ),
        indicators={
            key: data.IndicatorDefinition(**d) for key, d in snapshot["indicators"].items()
        },
        values=tuple(values.values()),
        rounds={round_.id: round_},
    )


# -- what pages and commands read -------------------------------------------------------------


@dataclass(frozen=True)
class RoundState:
    """What a round is read from: its snapshot when frozen, else its version and current data."""

    compass: Compass
    dataset: Dataset
    round: data.Round
    reasoning: dict[tuple[str, str], str]
    frozen: bool


def round_state(stored: DecisionRound, dataset: Dataset | None = None) -> RoundState:
    if stored.snapshot is not None:
        snapshot = stored.snapshot
        return RoundState(
            compass_from(snapshot),
            dataset_from(snapshot),
            round_from(snapshot),
            {(d["region"], d["track"]): d["reasoning"] for d in snapshot["decisions"]},
            True,
        )
    decisions = Decision.objects.filter(round=stored).exclude(reasoning="")
    reasoning = {
        (code, track): text
        for code, track, text in decisions.values_list("region__code", "track", "reasoning")
    }
    dataset = dataset if dataset is not None else load_dataset()
    recorded = dataset.rounds.get(stored.key)
    return RoundState(
        stored.compass_version.compass,
        dataset,
        recorded if recorded is not None else round_record(stored),
        reasoning,
        False,
    )


def frozen_state(key: str) -> tuple[Compass, Dataset] | None:
    """The compass and data a frozen round replays with; None for an open or unknown round."""
    stored = DecisionRound.objects.filter(key=key).first()
    if stored is None or stored.snapshot is None:
        return None
    return compass_from(stored.snapshot), dataset_from(stored.snapshot)

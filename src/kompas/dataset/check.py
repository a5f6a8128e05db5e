"""Inconsistencies in the recorded data, for `kompas check`.

- a decision that disagrees with what the narrative text says about the same region and track;
- narrative statements about one region and track that disagree with each other;
- regions the documents describe (themes, judgements, statements) without a decision;
- relations (phase of cooperation) for a region without a decision;
- values, judgements and gates without a traceable source;
- criteria that several analysts judged so far apart that the compass flags them for discussion
  (`Compass.aggregation.discuss_spread`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from kompas.dataset.inputs import judged
from kompas.dataset.model import Citation, Dataset, Round
from kompas.engine.compass import Compass
from kompas.engine.panel import panel_of

Kind = Literal[
    "decision_vs_narrative",
    "narrative_conflict",
    "described_not_decided",
    "relation_without_decision",
    "value_without_source",
    "judgements_to_discuss",
]
KINDS: tuple[Kind, ...] = (
    "decision_vs_narrative",
    "narrative_conflict",
    "described_not_decided",
    "relation_without_decision",
    "value_without_source",
    "judgements_to_discuss",
)


@dataclass(frozen=True)
class Finding:
    kind: Kind
    region: str
    detail: dict[str, str] = field(default_factory=dict)
    cited: Citation | None = None


def check(dataset: Dataset, round_: Round, compass: Compass) -> list[Finding]:
    return [
        *decisions_against_narrative(dataset, round_),
        *conflicting_statements(dataset),
        *described_without_decision(dataset, round_),
        *relations_without_decision(dataset, round_),
        *unsourced(dataset),
        *judgements_to_discuss(dataset, compass),
    ]


def _decided(dataset: Dataset, round_: Round, code: str) -> bool:
    """A region counts as decided when it has a row, or is a group whose members all have one."""
    if round_.decision(code) is not None:
        return True
    region = dataset.regions[code]
    return bool(region.members) and all(round_.decision(m) is not None for m in region.members)


def decisions_against_narrative(dataset: Dataset, round_: Round) -> Iterator[Finding]:
    for statement in dataset.statements:
        targets = dataset.regions[statement.region].members or (statement.region,)
        for code in targets:
            decision = round_.decision(code)
            decided = decision.levels.get(statement.track) if decision else None
            if decided is not None and decided != statement.level:
                yield Finding(
                    "decision_vs_narrative",
                    code,
                    {
                        "track": statement.track,
                        "decided": decided,
                        "stated": statement.level,
                        "quote": statement.quote,
                        "round": round_.id,
                    },
                    statement.cited,
                )


def conflicting_statements(dataset: Dataset) -> Iterator[Finding]:
    by_key: dict[tuple[str, str], list[str]] = {}
    for statement in dataset.statements:
        by_key.setdefault((statement.region, statement.track), []).append(statement.level)
    for (region, track), levels in by_key.items():
        distinct = sorted(set(levels), key=levels.index)
        if len(distinct) > 1:
            yield Finding(
                "narrative_conflict", region, {"track": track, "levels": ", ".join(distinct)}
            )


def described_without_decision(dataset: Dataset, round_: Round) -> Iterator[Finding]:
    described = (
        [t.region for t in dataset.themes]
        + [j.region for j in dataset.judgements]
        + [s.region for s in dataset.statements]
    )
    for code in dict.fromkeys(described):
        if not dataset.regions[code].reference and not _decided(dataset, round_, code):
            yield Finding("described_not_decided", code, {"round": round_.id})


def relations_without_decision(dataset: Dataset, round_: Round) -> Iterator[Finding]:
    for relation in dataset.relations:
        if not _decided(dataset, round_, relation.region):
            yield Finding(
                "relation_without_decision",
                relation.region,
                {"phase": relation.phase_nl, "round": round_.id},
                relation.cited,
            )


def unsourced(dataset: Dataset) -> Iterator[Finding]:
    """Values need a traceable source; judgements and gates a source or an author's rationale."""
    records: list[tuple[str, str, Citation | None, bool]] = [
        (v.region, f"{v.indicator} {v.edition}", Citation(v.source), False) for v in dataset.values
    ]
    records += [
        (j.region, j.criterion, j.cited, bool(j.author and j.rationale)) for j in dataset.judgements
    ]
    records += [
        (g.region, g.precondition, g.cited, bool(g.author and g.evidence)) for g in dataset.gates
    ]
    for region, what, cited, authored in records:
        if authored and not (cited and cited.source):
            continue  # an author's own rationale, citing no document
        source = dataset.sources.get(cited.source) if cited and cited.source else None
        if source is None:
            yield Finding("value_without_source", region, {"what": what, "problem": "no source"})
        elif source.kind == "dataset" and not (source.sha256 or source.url):
            yield Finding(
                "value_without_source",
                region,
                {"what": what, "problem": f"source {source.id} has neither file hash nor address"},
            )


def judgements_to_discuss(dataset: Dataset, compass: Compass) -> Iterator[Finding]:
    """Per region, in compass order: the panels of analysts flagged for discussion."""
    for code in dict.fromkeys(j.region for j in dataset.judgements):
        _, _, panels = judged(j for j in dataset.judgements if j.region == code)
        for criterion in compass.criteria:
            if criterion.id not in panels or criterion.scale is None:
                continue
            panel = panel_of(compass, criterion, panels[criterion.id])
            if panel.discuss:
                yield Finding(
                    "judgements_to_discuss",
                    code,
                    {
                        "criterion": criterion.id,
                        "spread": str(panel.spread),
                        "lowest": panel.lowest,
                        "highest": panel.highest,
                        "analysts": ", ".join(panel.analysts),
                    },
                )

"""Read the database as the engine's `Compass` and the dataset layer's `Dataset`."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal, cast

from kompas.assessments.models import GateStatus, Judgement
from kompas.compasses.models import CompassVersion
from kompas.dataset import model as data
from kompas.engine import Compass, IndicatorValue
from kompas.regions import models as regions
from kompas.rounds.models import Decision, DecisionRound, Footnote


def current_compass() -> Compass:
    return CompassVersion.current().compass


def load() -> tuple[Compass, data.Dataset]:
    """The current compass version and everything known, as plain records."""
    return current_compass(), load_dataset()


def _cited(source_key: str | None, section: str) -> data.Citation:
    return data.Citation(source_key or "", section)


def load_dataset() -> data.Dataset:
    sources = {
        s.key: data.Source(
            s.key, s.kind, s.title, s.publisher, s.date, s.edition, s.file, s.sha256, s.url, s.note
        )
        for s in regions.Source.objects.all()
    }
    members: dict[int, list[str]] = defaultdict(list)
    through = regions.Region.members.through.objects.order_by("id")
    for group_id, code in through.values_list("from_region_id", "to_region__code"):
        members[group_id].append(code)
    region_map = {
        r.code: data.Region(
            r.code,
            cast(data.Scheme, r.scheme),
            r.name_nl,
            r.name_en,
            r.parent.code if r.parent else None,
            tuple(members[r.pk]),
            tuple(r.aliases),
            r.is_reference,
            _cited(r.source.key, r.section) if r.source else None,
        )
        for r in regions.Region.objects.select_related("parent", "source")
    }
    return data.Dataset(
        sources=sources,
        regions=region_map,
        themes=tuple(
            data.RegionTheme(
                t.region.code, t.wording, _cited(t.source.key, t.section), t.theme or None, t.avoid
            )
            for t in regions.RegionTheme.objects.select_related("region", "source").order_by("id")
        ),
        judgements=tuple(
            data.Judgement(
                j.region.code,
                j.criterion,
                j.category,
                j.rationale,
                j.author_name,
                _cited(j.source.key if j.source else None, j.section),
                j.date,
                j.category_high,
            )
            for j in Judgement.objects.select_related("region", "source").order_by("id")
        ),
        gates=tuple(
            data.GateRecord(
                g.region.code,
                g.precondition,
                cast(Literal["pass", "fail"], g.status),
                g.rationale,
                _cited(g.source.key if g.source else None, g.section),
                g.date,
                g.author_name,
            )
            for g in GateStatus.objects.select_related("region", "source")
            .exclude(status="unknown")
            .order_by("id")
        ),
        statements=tuple(
            data.Statement(
                s.region.code, s.track, s.level, s.quote, _cited(s.source.key, s.section)
            )
            for s in regions.Statement.objects.select_related("region", "source").order_by("id")
        ),
        relations=tuple(
            data.Relation(
                r.region.code,
                r.phase_nl,
                r.phase_en,
                tuple(r.sectors),
                r.quote,
                _cited(r.source.key, r.section),
            )
            for r in regions.Relation.objects.select_related("region", "source").order_by("id")
        ),
        indicators={
            i.key: data.IndicatorDefinition(
                i.key,
                i.name_nl,
                i.name_en,
                i.publisher,
                i.unit,
                i.scale_min,
                i.scale_max,
                i.higher_is_better,
                i.has_std_error,
                i.description_nl,
            )
            for i in regions.Indicator.objects.all()
        },
        values=tuple(
            IndicatorValue(
                v.region.code,
                v.indicator.key,
                v.edition,
                v.year,
                v.value,
                v.source.key,
                v.std_error,
            )
            for v in regions.IndicatorValue.objects.select_related(
                "region", "indicator", "source"
            ).order_by("id")
        ),
        rounds={r.key: round_record(r) for r in DecisionRound.objects.select_related("source")},
    )


def round_record(stored: DecisionRound) -> data.Round:
    rows: dict[str, data.Decision] = {}
    for d in (
        Decision.objects.filter(round=stored).select_related("region").order_by("position", "id")
    ):
        row = rows.setdefault(
            d.region.code, data.Decision(d.region.code, d.table_section, d.label, {})
        )
        row.levels[d.track] = d.level
    footnotes = tuple(
        data.Footnote(f.number, f.text, f.track, f.table_section, f.region.code if f.region else "")
        for f in Footnote.objects.filter(round=stored).select_related("region")
    )
    return data.Round(
        stored.key,
        stored.name_nl,
        stored.name_en,
        stored.compass_version.key,
        _cited(stored.source.key if stored.source else None, stored.section),
        stored.period_start,
        stored.period_end,
        tuple(rows.values()),
        footnotes,
        adopted=stored.adopted,
    )

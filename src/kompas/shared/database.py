"""Read the database as the engine's `Compass` and the dataset layer's `Dataset`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Literal, TypeVar, cast

from django.db.models import Model, QuerySet

from kompas.assessments.models import GateStatus, Judgement
from kompas.dataset import model as data
from kompas.engine import IndicatorValue
from kompas.engine.readings import lineage
from kompas.regions import models as regions
from kompas.rounds.models import Decision, DecisionRound, Footnote


def _cited(source_key: str | None, section: str) -> data.Citation:
    return data.Citation(source_key or "", section)


M = TypeVar("M", bound=Model)


def load_dataset(about: Collection[str] | None = None) -> data.Dataset:
    """Everything in the database as plain records (read as rows, without model objects).

    With `about`, only what those regions are weighed and shown with: the judgements, gates,
    themes, statements, relations and indicator values of those regions, their ancestors (whose
    figures stand in as national proxies), the groups they belong to, and the reference region
    and its ancestors. Regions, sources, indicators and rounds are always read whole.
    """
    region_map = _regions()
    related = None if about is None else _related(region_map, about)

    def of(rows: QuerySet[M]) -> QuerySet[M]:
        return rows if related is None else rows.filter(region__code__in=related)

    return data.Dataset(
        sources=_sources(),
        regions=region_map,
        themes=tuple(
            data.RegionTheme(region, wording, _cited(source, section), theme or None, avoid)
            for region, wording, source, section, theme, avoid in (
                of(regions.RegionTheme.objects.order_by("id")).values_list(
                    "region__code", "wording", "source__key", "section", "theme", "avoid"
                )
            )
        ),
        judgements=tuple(
            data.Judgement(
                region, criterion, category, rationale, author, _cited(source, section), date, high
            )
            for region, criterion, category, rationale, author, source, section, date, high in (
                of(Judgement.objects.order_by("id")).values_list(
                    "region__code",
                    "criterion",
                    "category",
                    "rationale",
                    "author_name",
                    "source__key",
                    "section",
                    "date",
                    "category_high",
                )
            )
        ),
        gates=tuple(
            data.GateRecord(
                region,
                precondition,
                cast(Literal["pass", "fail"], status),
                rationale,
                _cited(source, section),
                date,
                author,
            )
            for region, precondition, status, rationale, source, section, date, author in (
                of(GateStatus.objects.exclude(status="unknown").order_by("id")).values_list(
                    "region__code",
                    "precondition",
                    "status",
                    "rationale",
                    "source__key",
                    "section",
                    "date",
                    "author_name",
                )
            )
        ),
        statements=tuple(
            data.Statement(region, track, level, quote, _cited(source, section))
            for region, track, level, quote, source, section in of(
                regions.Statement.objects.order_by("id")
            ).values_list("region__code", "track", "level", "quote", "source__key", "section")
        ),
        relations=tuple(
            data.Relation(
                region, phase_nl, phase_en, tuple(sectors), quote, _cited(source, section)
            )
            for region, phase_nl, phase_en, sectors, quote, source, section in (
                of(regions.Relation.objects.order_by("id")).values_list(
                    "region__code",
                    "phase_nl",
                    "phase_en",
                    "sectors",
                    "quote",
                    "source__key",
                    "section",
                )
            )
        ),
        indicators={
            row[0]: data.IndicatorDefinition(*row)
            for row in regions.Indicator.objects.values_list(
                "key",
                "name_nl",
                "name_en",
                "publisher",
                "unit",
                "scale_min",
                "scale_max",
                "higher_is_better",
                "has_std_error",
                "description_nl",
            )
        },
        values=tuple(
            IndicatorValue(*row)
            for row in of(regions.IndicatorValue.objects.order_by("id")).values_list(
                "region__code",
                "indicator__key",
                "edition",
                "year",
                "value",
                "source__key",
                "std_error",
            )
        ),
        rounds={
            r.key: round_record(r)
            for r in DecisionRound.objects.select_related("source", "compass_version")
        },
    )


def _related(region_map: dict[str, data.Region], about: Collection[str]) -> set[str]:
    parents = {code: region.parent for code, region in region_map.items()}
    related = {a for code in about for a in lineage(code, parents)}
    related |= {r.code for r in region_map.values() if r.reference or set(r.members) & set(about)}
    for code in [r.code for r in region_map.values() if r.reference]:
        related |= set(lineage(code, parents))
    return related


def _sources() -> dict[str, data.Source]:
    fields = ("key", "kind", "title", "publisher", "date", "edition", "file", "sha256", "url")
    return {
        row[0]: data.Source(*row) for row in regions.Source.objects.values_list(*fields, "note")
    }


def _regions() -> dict[str, data.Region]:
    members: dict[int, list[str]] = defaultdict(list)
    through = regions.Region.members.through.objects.order_by("id")
    for group_id, code in through.values_list("from_region_id", "to_region__code"):
        members[group_id].append(code)
    rows = regions.Region.objects.values_list(  # in the model's order (by code)
        "pk",
        "code",
        "scheme",
        "name_nl",
        "name_en",
        "parent__code",
        "aliases",
        "is_reference",
        "source__key",
        "section",
    )
    return {
        code: data.Region(
            code,
            cast(data.Scheme, scheme),
            name_nl,
            name_en,
            parent,
            tuple(members[pk]),
            tuple(aliases),
            reference,
            _cited(source, section) if source else None,
        )
        for pk, code, scheme, name_nl, name_en, parent, aliases, reference, source, section in rows
    }


def round_record(stored: DecisionRound) -> data.Round:
    rows: dict[str, data.Decision] = {}
    decisions = Decision.objects.filter(round=stored).order_by("position", "id")
    fields = ("region__code", "table_section", "label", "track", "level")
    for code, section, label, track, level in decisions.values_list(*fields):
        row = rows.setdefault(code, data.Decision(code, section, label, {}))
        row.levels[track] = level
    notes = Footnote.objects.filter(round=stored).order_by("number", "id")
    footnotes = tuple(
        data.Footnote(number, text, track, section, region or "")
        for number, text, track, section, region in notes.values_list(
            "number", "text", "track", "table_section", "region__code"
        )
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

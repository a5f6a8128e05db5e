"""Fill an empty database from a data folder (default: the embedded default data)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction

from kompas.assessments.models import GateStatus, Judgement
from kompas.audit.log import record
from kompas.compasses.models import SEEDED, CompassVersion
from kompas.dataset import Dataset, default_data_dir, load_dataset
from kompas.engine import parse_compass
from kompas.regions.models import (
    Indicator,
    IndicatorValue,
    Region,
    RegionTheme,
    Relation,
    Source,
    Statement,
)
from kompas.rounds.models import Decision, DecisionRound, Footnote
from kompas.shared.version import bump


def is_seeded() -> bool:
    return CompassVersion.objects.exists()


@transaction.atomic
def seed(folder: Path | None = None) -> CompassVersion:
    """Load the compass and the data folder into the database, all or nothing."""
    folder = folder or default_data_dir()
    raw = tomllib.loads((folder / "compass.toml").read_text(encoding="utf-8"))
    compass = parse_compass(raw, "compass.toml")
    dataset = load_dataset(compass, folder)
    version = CompassVersion.objects.create(key=compass.id, number=1, config=raw, note=SEEDED)
    sources = {
        key: Source.objects.create(
            key=key,
            kind=s.kind,
            title=s.title,
            publisher=s.publisher,
            date=s.date,
            edition=s.edition,
            file=s.file,
            sha256=s.sha256,
            url=s.url,
            note=s.note,
        )
        for key, s in dataset.sources.items()
    }
    regions = _regions(dataset, sources)
    _facts(dataset, sources, regions)
    _rounds(dataset, sources, regions, version)
    bump(values=True)  # bulk writes send no signals
    record(
        None,
        "seed",
        version,
        after={"folder": str(folder), "regions": len(regions)},
        label=str(version),
    )
    return version


def _regions(dataset: Dataset, sources: dict[str, Source]) -> dict[str, Region]:
    regions = {
        code: Region.objects.create(
            code=code,
            scheme=r.scheme,
            name_nl=r.name_nl,
            name_en=r.name_en,
            aliases=list(r.aliases),
            is_reference=r.reference,
            source=sources[r.cited.source] if r.cited else None,
            section=r.cited.section if r.cited else "",
        )
        for code, r in dataset.regions.items()
    }
    for code, r in dataset.regions.items():
        if r.parent:
            regions[code].parent = regions[r.parent]
            regions[code].save(update_fields=["parent"])
        for member in r.members:  # one at a time: the order of the members is kept
            regions[code].members.add(regions[member])
    return regions


def _facts(dataset: Dataset, sources: dict[str, Source], regions: dict[str, Region]) -> None:
    RegionTheme.objects.bulk_create(
        RegionTheme(
            region=regions[t.region],
            theme=t.theme or "",
            wording=t.wording,
            avoid=t.avoid,
            source=sources[t.cited.source],
            section=t.cited.section,
        )
        for t in dataset.themes
    )
    Statement.objects.bulk_create(
        Statement(
            region=regions[s.region],
            track=s.track,
            level=s.level,
            quote=s.quote,
            source=sources[s.cited.source],
            section=s.cited.section,
        )
        for s in dataset.statements
    )
    Relation.objects.bulk_create(
        Relation(
            region=regions[r.region],
            phase_nl=r.phase_nl,
            phase_en=r.phase_en,
            sectors=list(r.sectors),
            quote=r.quote,
            source=sources[r.cited.source],
            section=r.cited.section,
        )
        for r in dataset.relations
    )
    indicators = {
        key: Indicator.objects.create(
            key=key,
            name_nl=d.name_nl,
            name_en=d.name_en,
            publisher=d.publisher,
            unit=d.unit,
            scale_min=d.scale_min,
            scale_max=d.scale_max,
            higher_is_better=d.higher_is_better,
            has_std_error=d.has_std_error,
            description_nl=d.description_nl,
        )
        for key, d in dataset.indicators.items()
    }
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            region=regions[v.region],
            indicator=indicators[v.indicator],
            edition=v.edition,
            year=v.year,
            value=v.value,
            std_error=v.std_error,
            source=sources[v.source],
        )
        for v in dataset.values
    )
    Judgement.objects.bulk_create(
        Judgement(
            region=regions[j.region],
            criterion=j.criterion,
            category=j.category,
            category_high=j.category_high,
            rationale=j.rationale,
            author_name=j.author,
            date=j.date,
            source=sources[j.cited.source] if j.cited.source else None,
            section=j.cited.section,
        )
        for j in dataset.judgements
    )
    GateStatus.objects.bulk_create(
        GateStatus(
            region=regions[g.region],
            precondition=g.precondition,
            status=g.status,
            rationale=g.evidence,
            author_name=g.author,
            date=g.date,
            source=sources[g.cited.source],
            section=g.cited.section,
        )
        for g in dataset.gates
    )


def _rounds(
    dataset: Dataset,
    sources: dict[str, Source],
    regions: dict[str, Region],
    version: CompassVersion,
) -> None:
    for round_ in dataset.rounds.values():
        stored = DecisionRound.objects.create(
            key=round_.id,
            name_nl=round_.name_nl,
            name_en=round_.name_en,
            period_start=round_.period_start,
            period_end=round_.period_end,
            compass_version=version,
            source=sources[round_.cited.source],
            section=round_.cited.section,
            status="adopted" if round_.adopted else "draft",
        )
        Decision.objects.bulk_create(
            Decision(
                round=stored,
                region=regions[d.region],
                track=track,
                level=level,
                label=d.label,
                table_section=d.table_section,
                position=position,
            )
            for position, d in enumerate(round_.decisions)
            for track, level in d.levels.items()
        )
        Footnote.objects.bulk_create(
            Footnote(
                round=stored,
                number=f.number,
                text=f.text,
                track=f.track,
                table_section=f.section,
                region=regions[f.region] if f.region else None,
            )
            for f in round_.footnotes
        )

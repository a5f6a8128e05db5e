"""Preview and apply an import: nothing is written before the preview is accepted, everything in
one transaction after, and the same file twice changes nothing.

Values are stored for the regions Kompas knows; values for other regions are counted in the
report (add the region as a candidate, then import again, to keep them). Boundaries (a batch's
shapes, from a geometry file) are stored for every code in the file: one per code, replaced when a
later file has another shape or name for it.

A plan records the version of the data it reads (`kompas.shared.version.VALUES`: regions,
indicator values, sources, boundaries), read before anything else. `apply` claims that version
in one conditional update, right after renewing the version of everything (its first write, the
lock every writer takes first): when a change of those data (another import, a new region)
renewed it since the preview, the update finds no row and the import is refused with
`StalePreviewError`, nothing stored, so that the user looks at a fresh preview. The same update
renews the version for this import, so two accepts of previews of one version cannot both pass,
on SQLite and PostgreSQL alike. Judgements, gates and decisions saved meanwhile do not make a
preview stale: the import does not read them, and its report of the advice that moved is made
when it is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from kompas.audit.log import actor_of, record
from kompas.engine.editions import SHAPES, is_edition, sort_key
from kompas.imports.models import ImportRun
from kompas.readers.base import Batch, Progress, Shape, SourceError, Value
from kompas.readers.registry import reader
from kompas.readers.safety import Limits, damaged, limits
from kompas.regions.models import Boundary, Indicator, IndicatorValue, Region, Source
from kompas.rounds.models import DecisionRound
from kompas.rounds.snapshot import round_state
from kompas.shared.database import load_dataset
from kompas.shared.focus import focus_table
from kompas.shared.models import DataVersion
from kompas.shared.version import VALUES, bump, current_token


class StalePreviewError(Exception):
    """The data changed since the preview was computed: nothing was stored; preview again."""

    def __init__(self, file_name: str) -> None:
        super().__init__(f"{file_name}: the data changed since this preview was computed")
        self.file_name = file_name


@dataclass(frozen=True)
class Change:
    region: str
    indicator: str
    edition: str
    before: float | None
    after: float
    before_edition: str = ""


@dataclass
class Plan:
    """What an import would do, for the preview; nothing is written yet."""

    batch: Batch
    file_name: str
    sha256: str
    size: int
    added: list[Value] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    outside: list[str] = field(default_factory=list)  # region codes not in Kompas
    moved: list[Change] = field(default_factory=list)  # against the previous edition
    earlier: ImportRun | None = None  # the same file, imported before
    shapes_added: list[Shape] = field(default_factory=list)  # boundaries of new codes
    shapes_changed: list[Shape] = field(default_factory=list)  # another shape or name
    shapes_unchanged: int = 0
    token: int = 0  # the data version the preview was computed on

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed or self.shapes_added or self.shapes_changed)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read(
    source: str, path: Path, edition: str | None = None, progress: Progress | None = None
) -> Plan:
    """Read and check the file (a SourceError refuses it), and plan against the database.

    The reader works within the limits of the settings; whatever else a damaged file makes a
    parser raise is refused as a SourceError naming the file, never passed on as a crash.
    """
    try:
        with limits(import_limits()):
            batch = reader(source, edition).read(path, progress)
    except SourceError:
        raise
    except Exception as error:  # a hostile file can make a parser fail in any way
        raise damaged(path, error) from None
    for edition_ in sorted({v.edition for v in batch.values}):
        if not is_edition(edition_):  # e.g. an --edition given by hand
            raise SourceError(
                path.name, f"the edition '{edition_}' is not an edition: give {SHAPES}"
            )
    return plan(batch, path.name, sha256_of(path), path.stat().st_size)


def import_limits() -> Limits:
    mb = 2**20
    return Limits(
        unzipped_bytes=settings.KOMPAS_IMPORT_MAX_UNZIPPED_MB * mb,
        members=settings.KOMPAS_IMPORT_MAX_PARTS,
        geojson_bytes=settings.KOMPAS_IMPORT_MAX_GEOJSON_MB * mb,
    )


def plan(batch: Batch, file_name: str, sha256: str, size: int) -> Plan:
    # The version first: a change that lands while the plan reads makes the plan look older
    # than its data (refused when accepted, safe), never newer.
    result = Plan(batch, file_name, sha256, size, token=current_token(VALUES))
    _check_publishers(batch, file_name)
    result.earlier = ImportRun.objects.filter(source=batch.source, sha256=sha256).first()
    known = set(Region.objects.values_list("code", flat=True))
    stored = {
        (v.region.code, v.indicator.key, v.edition): v
        for v in IndicatorValue.objects.filter(
            indicator__key__in={v.indicator for v in batch.values}
        ).select_related("region", "indicator")
    }
    for value in batch.values:
        if value.region not in known:
            result.outside.append(value.region)
            continue
        current = stored.get((value.region, value.indicator, value.edition))
        if current is None:
            result.added.append(value)
            previous = _previous(stored.values(), value)
            if previous is not None and previous.value != value.value:
                result.moved.append(
                    Change(
                        value.region,
                        value.indicator,
                        value.edition,
                        previous.value,
                        value.value,
                        previous.edition,
                    )
                )
        elif (current.value, current.std_error, current.year) != (
            value.value,
            value.std_error,
            value.year,
        ):
            result.changed.append(
                Change(value.region, value.indicator, value.edition, current.value, value.value)
            )
            if current.value != value.value:
                result.moved.append(result.changed[-1])
        else:
            result.unchanged += 1
    result.outside = sorted(set(result.outside))
    _plan_shapes(result)
    return result


BOUNDARY_FIELDS = ("scheme", "level", "name_nl", "name_en", "parent_code", "geometry")


def _plan_shapes(result: Plan) -> None:
    """Boundaries: new codes, codes whose shape, names, level or parent differ, and the rest."""
    shapes = result.batch.shapes
    if not shapes:
        return
    stored = {b.code: b for b in Boundary.objects.filter(code__in=[s.code for s in shapes])}
    for shape in shapes:
        current = stored.get(shape.code)
        if current is None:
            result.shapes_added.append(shape)
        elif _boundary_fields(shape) != {f: getattr(current, f) for f in BOUNDARY_FIELDS}:
            result.shapes_changed.append(shape)
        else:
            result.shapes_unchanged += 1


def _boundary_fields(shape: Shape) -> dict[str, Any]:
    return {
        "scheme": shape.scheme,
        "level": shape.level,
        "name_nl": shape.name_nl,
        "name_en": shape.name_en,
        "parent_code": shape.parent or "",
        "geometry": shape.geometry,
    }


def _check_publishers(batch: Batch, file_name: str) -> None:
    """An indicator stored from one publisher never takes values from another (a user's own CSV
    cannot replace the World Bank's figures): refused, naming the first row that tries."""
    owners = dict(
        Indicator.objects.filter(key__in=[s.id for s in batch.indicators]).values_list(
            "key", "publisher"
        )
    )
    for value in batch.values:
        owner = owners.get(value.indicator)
        if owner is not None and owner != batch.publisher:
            raise SourceError(
                file_name,
                f"'{value.indicator}' is an indicator of {owner}, not of {batch.publisher}: "
                f"give these values an id of their own (e.g. own_{value.indicator})",
                row=value.row,
                column="indicator",
            )


def _previous(stored: Iterable[IndicatorValue], value: Value) -> IndicatorValue | None:
    """The newest stored value of an earlier edition, for the same region and indicator.

    Editions are compared as years and dates (`kompas.engine.editions`), not as text.
    """
    key = sort_key(value.edition)
    earlier = [
        v
        for v in stored
        if v.region.code == value.region
        and v.indicator.key == value.indicator
        and sort_key(v.edition) < key
    ]
    return max(earlier, key=lambda v: sort_key(v.edition)) if earlier else None


def advice_levels() -> dict[tuple[str, str], tuple[str, str, float, float]]:
    """(region, track) -> (worst level, best level, score low, score high) in the latest round."""
    stored = (
        DecisionRound.objects.select_related("compass_version")
        .order_by("-period_end", "-id")
        .first()
    )
    if stored is None or stored.frozen:
        return {}
    state = round_state(stored, load_dataset())
    rows = focus_table(
        state.compass,
        state.dataset,
        state.round,
        [t.id for t in state.compass.tracks],
        include_undecided=True,
        explanations=False,
    )
    return {
        (row.region.code, cell.track): (
            cell.advice.level_worst,
            cell.advice.level_best,
            round(cell.advice.score_low, 6),
            round(cell.advice.score_high, 6),
        )
        for row in rows
        for cell in row.cells
    }


def claim(plan: Plan) -> None:
    """Renew the version of the data the import reads if it is still the preview's, else refuse
    the preview; renew the version of everything first (the order every writer locks them in).

    One conditional UPDATE, so that it holds under concurrency: on PostgreSQL a concurrent
    writer's committed renewal makes the WHERE fail, on SQLite writers are serialised.
    """
    bump()
    renewed = secrets.randbits(62)
    if DataVersion.objects.filter(pk=VALUES, token=plan.token).update(
        number=F("number") + 1, token=renewed
    ):
        return
    if plan.token == 0 and not DataVersion.objects.filter(pk=VALUES).exists():
        DataVersion.objects.create(pk=VALUES, number=1, token=renewed)
        return
    raise StalePreviewError(plan.file_name)


@transaction.atomic
def apply(plan: Plan, user: Any = None) -> ImportRun | None:
    """Store the planned values with their provenance; None when there is nothing to change.

    Refused with StalePreviewError, nothing stored, when the data changed since the preview.
    """
    if not plan.writes:
        if current_token(VALUES) != plan.token:
            raise StalePreviewError(plan.file_name)
        return None
    claim(plan)  # the first write: the version row is the first lock this transaction takes
    try:
        return _store(plan, user)
    except IntegrityError:  # a row the preview did not see: a change that did not renew
        raise StalePreviewError(plan.file_name) from None


def _store(plan: Plan, user: Any) -> ImportRun:
    before = advice_levels()
    batch = plan.batch
    account, name = actor_of(user)  # the web user; on the command line --user, else cli:NAME
    run = ImportRun.objects.create(
        source=batch.source,
        publisher=batch.publisher,
        title=batch.title,
        edition=batch.edition,
        file_name=plan.file_name,
        sha256=plan.sha256,
        size=plan.size,
        imported_by=account,
        imported_by_name=name,
    )
    source = _source(plan)
    indicators = _indicators(batch)
    regions = {
        r.code: r
        for r in Region.objects.filter(
            code__in={v.region for v in plan.added} | {c.region for c in plan.changed}
        )
    }
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            region=regions[v.region],
            indicator=indicators[v.indicator],
            edition=v.edition,
            year=v.year,
            value=v.value,
            std_error=v.std_error,
            source=source,
            run=run,
        )
        for v in plan.added
    )
    by_key = {(v.region, v.indicator, v.edition): v for v in batch.values}
    for change in plan.changed:
        new = by_key[(change.region, change.indicator, change.edition)]
        IndicatorValue.objects.filter(
            region__code=change.region, indicator__key=change.indicator, edition=change.edition
        ).update(value=new.value, std_error=new.std_error, year=new.year, source=source, run=run)
    Boundary.objects.bulk_create(
        Boundary(code=s.code, source=source, run=run, **_boundary_fields(s))
        for s in plan.shapes_added
    )
    for shape in plan.shapes_changed:
        Boundary.objects.filter(code=shape.code).update(
            source=source, run=run, **_boundary_fields(shape)
        )
    after = advice_levels()
    run.report = report(plan, before, after)
    run.save(update_fields=["report"])
    record(
        user,
        "import",
        run,
        after={k: v for k, v in run.report.items() if k != "moved"},
        label=str(run),
    )
    return run


def report(plan: Plan, before: dict[Any, Any], after: dict[Any, Any]) -> dict[str, Any]:
    advice = [
        {
            "region": region,
            "track": track,
            "before": list(before.get((region, track), [])),
            "after": list(now),
            "level_changed": before.get((region, track), now)[:2] != now[:2],
        }
        for (region, track), now in sorted(after.items())
        if before.get((region, track)) != now
    ]
    return {
        "added": len(plan.added),
        "changed": len(plan.changed),
        "unchanged": plan.unchanged,
        "outside": plan.outside,
        "skipped": [
            {"sheet": s.sheet, "row": s.row, "text": s.text, "reason": s.reason}
            for s in plan.batch.skipped
        ],
        "moved": [vars(c) for c in plan.moved],
        "advice_changed": advice,
        "shapes_added": len(plan.shapes_added),
        "shapes_changed": len(plan.shapes_changed),
        "shapes_unchanged": plan.shapes_unchanged,
        "shapes_changed_codes": sorted(s.code for s in plan.shapes_changed),
    }


def _source(plan: Plan) -> Source:
    """The Source row of this file: one per publisher file (by its hash)."""
    batch = plan.batch
    existing = Source.objects.filter(sha256=plan.sha256).first()
    if existing is not None:
        return existing
    key = f"{batch.source}-{batch.edition}"
    if Source.objects.filter(key=key).exists():
        key = f"{key}-{plan.sha256[:8]}"
    return Source.objects.create(
        key=key[:80],
        kind="dataset",
        title=f"{batch.title}, {batch.edition}",
        publisher=batch.publisher,
        edition=batch.edition,
        file=plan.file_name,
        sha256=plan.sha256,
        url=batch.url,
        note="Imported with kompas import.",
    )


def _indicators(batch: Batch) -> dict[str, Indicator]:
    found = {i.key: i for i in Indicator.objects.filter(key__in=[s.id for s in batch.indicators])}
    for spec in batch.indicators:
        if spec.id not in found:
            found[spec.id] = Indicator.objects.create(
                key=spec.id,
                name_nl=spec.name_nl,
                name_en=spec.name_en,
                publisher=batch.publisher,
                unit=spec.unit,
                scale_min=spec.scale_min,
                scale_max=spec.scale_max,
                higher_is_better=spec.higher_is_better,
                has_std_error=spec.has_std_error,
            )
    return found

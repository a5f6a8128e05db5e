"""Compass versions: the list, one version in full with what changed since its predecessor, and
the form that makes a new version (coordinators)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kompas.accounts.roles import role_required
from kompas.audit.log import record
from kompas.compasses.changes import Change, compass_changes, points_text
from kompas.compasses.forms import CompassForm
from kompas.compasses.models import CompassVersion
from kompas.engine import Compass
from kompas.engine.compass import Aspect, Criterion, Track
from kompas.engine.scoring import track_weights
from kompas.regions.models import Indicator
from kompas.shared.formats import lang


@login_required
@require_GET
def versions(request: HttpRequest) -> HttpResponse:
    items = list(
        CompassVersion.objects.select_related("created_by")
        .prefetch_related("decisionround_set")
        .order_by("-created_at", "-number")
    )
    current = CompassVersion.current() if items else None
    return render(
        request,
        "compasses/versions.html",
        {"versions": items, "current": current, "nav": "compass"},
    )


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    share: float  # % within its aspect
    effective: tuple[float, ...]  # % per weight column
    indicators: tuple[Indicator | str, ...]
    points: str | None


@dataclass(frozen=True)
class AspectRow:
    aspect: Aspect
    shares: tuple[tuple[str, float], ...]  # (column label, %) per weight column
    criteria: tuple[CriterionRow, ...]


def weight_columns(compass: Compass) -> tuple[tuple[Track, ...], ...]:
    """Tracks that weigh alike share one column; tracks with their own weights get their own."""
    columns: list[list[Track]] = []
    for track in compass.tracks:
        for column in columns:
            if (column[0].aspect_weights, column[0].criterion_weights) == (
                track.aspect_weights,
                track.criterion_weights,
            ):
                column.append(track)
                break
        else:
            columns.append([track])
    return tuple(tuple(column) for column in columns)


def column_labels(columns: tuple[tuple[Track, ...], ...]) -> list[str]:
    """Empty when all tracks weigh alike (one column), else the tracks of each column."""
    if len(columns) == 1:
        return [""]
    return [", ".join(t.name(lang()) for t in column) for column in columns]


def weight_rows(compass: Compass, columns: tuple[tuple[Track, ...], ...]) -> list[AspectRow]:
    """The weights as configured and as shares in %, per aspect and criterion."""
    weights = [track_weights(compass, column[0]) for column in columns]
    labels = column_labels(columns)
    indicators = {i.key: i for i in Indicator.objects.all()}
    position = {c.id: j for j, c in enumerate(compass.criteria)}
    rows = []
    for a, aspect in enumerate(compass.aspects):
        criteria = tuple(
            CriterionRow(
                c,
                100 * float(weights[0].criterion_shares[position[c.id]]),
                tuple(100 * float(w.effective[position[c.id]]) for w in weights),
                tuple(indicators.get(i, i) for i in c.indicators),
                points_text(c.value_function),
            )
            for c in compass.criteria_of(aspect.id)
        )
        shares = tuple(
            (label, 100 * float(w.aspect_shares[a]))
            for label, w in zip(labels, weights, strict=True)
        )
        rows.append(AspectRow(aspect, shares, criteria))
    return rows


def predecessor(version: CompassVersion) -> CompassVersion | None:
    return (
        CompassVersion.objects.filter(key=version.key, number__lt=version.number)
        .order_by("-number")
        .first()
    )


@login_required
@require_GET
def version(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        CompassVersion.objects.select_related("created_by").prefetch_related("decisionround_set"),
        pk=pk,
    )
    compass = item.compass
    before = predecessor(item)
    changes: list[Change] = compass_changes(before.compass, compass) if before else []
    columns = weight_columns(compass)
    return render(
        request,
        "compasses/version.html",
        {
            "version": item,
            "compass": compass,
            "current": CompassVersion.current(),
            "predecessor": before,
            "changes": changes,
            "column_labels": column_labels(columns),
            "rows": weight_rows(compass, columns),
            "scored_levels": compass.levels[:-1],
            "track_rows": [
                (t, [t.thresholds[level.id] for level in compass.levels[:-1]])
                for t in compass.tracks
            ],
            "nav": "compass",
        },
    )


@role_required("coordinator")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    base = get_object_or_404(CompassVersion, pk=pk)
    compass = base.compass
    latest = CompassVersion.current()
    form = CompassForm(base.config, compass, latest.pk, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.new_config is not None
        assert form.new_compass is not None
        with transaction.atomic():
            newest = (
                CompassVersion.objects.select_for_update()
                .order_by("-created_at", "-number")
                .first()
            )
            changes = compass_changes(compass, form.new_compass)
            if newest is None or newest.pk != form.cleaned_data["latest"]:
                form.add_error(
                    None,
                    _(
                        "Someone saved a new compass version while you were editing. "
                        "Nothing was saved: open the newest version and make your change there."
                    ),
                )
            elif not changes:
                form.add_error(None, _("Nothing changed, so no new version was made."))
            else:
                note = form.cleaned_data["note"]
                created = base.successor(form.new_config, note, request.user)
                record(
                    request.user,
                    "compass version created",
                    created,
                    before={"based_on": str(base), **{c.key: c.before for c in changes}},
                    after={"note": note, **{c.key: c.after for c in changes}},
                )
                messages.success(
                    request,
                    _("Compass version %(version)s saved; it is now the current compass.")
                    % {"version": created},
                )
                return redirect("compasses:version", pk=created.pk)
    return render(
        request,
        "compasses/edit.html",
        {
            "version": base,
            "compass": compass,
            "latest": latest,
            "form": form,
            "scored_levels": compass.levels[:-1],
            "nav": "compass",
        },
        status=400 if form.errors else 200,
    )

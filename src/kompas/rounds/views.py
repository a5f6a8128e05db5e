"""Decision rounds: the list, a new round, one round's focus table, the decision on one region,
freezing a round, and comparing two rounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kompas.accounts.roles import role_required
from kompas.audit.history import history
from kompas.audit.log import record
from kompas.audit.models import AuditEvent
from kompas.compasses.models import CompassVersion
from kompas.dataset import Dataset, region_inputs
from kompas.engine import Advice, assess
from kompas.engine.compass import Named
from kompas.regions.models import Region
from kompas.rounds import snapshot
from kompas.rounds.compare import compare_rounds
from kompas.rounds.forms import SECTION_LABELS, DecisionForm, RoundForm
from kompas.rounds.models import Decision, DecisionRound, Footnote
from kompas.shared.focus import Cell, FocusRow, focus_table
from kompas.shared.formats import lang
from kompas.shared.state import current_state, weighing
from kompas.shared.version import bump


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = (
        DecisionRound.objects.select_related("compass_version", "frozen_by")
        .annotate(regions=Count("decisions__region", distinct=True))
        .order_by("-period_end", "key")
    )
    return render(request, "rounds/list.html", {"rounds": rounds, "nav": "rounds"})


@role_required("coordinator")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None, initial={"compass_version": CompassVersion.current().pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            stored = DecisionRound.objects.create(
                key=data["key"],
                name_nl=data["name_nl"],
                name_en=data["name_en"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                compass_version=data["compass_version"],
            )
            copied = _copy_decisions(data["copy_from"], stored) if data["copy_from"] else 0
            record(
                request.user,
                "round created",
                stored,
                after={
                    "key": stored.key,
                    "name_nl": stored.name_nl,
                    "name_en": stored.name_en,
                    "period": [stored.period_start, stored.period_end],
                    "compass_version": str(stored.compass_version),
                    "copied_from": data["copy_from"].key if data["copy_from"] else None,
                    "decisions_copied": copied,
                },
                round=stored,
            )
        messages.success(request, _("Decision round %(key)s created.") % {"key": stored.key})
        return redirect("rounds:detail", key=stored.key)
    return render(
        request, "rounds/create.html", {"form": form, "nav": "rounds"}, status=_status(form)
    )


def _copy_decisions(source: DecisionRound, target: DecisionRound) -> int:
    bump()  # bulk writes send no signals
    decisions = Decision.objects.bulk_create(
        Decision(
            round=target,
            region_id=d.region_id,
            track=d.track,
            level=d.level,
            reasoning=d.reasoning,
            label=d.label,
            table_section=d.table_section,
            position=d.position,
        )
        for d in Decision.objects.filter(round=source)
    )
    Footnote.objects.bulk_create(
        Footnote(
            round=target,
            number=f.number,
            text=f.text,
            track=f.track,
            table_section=f.table_section,
            region_id=f.region_id,
        )
        for f in Footnote.objects.filter(round=source)
    )
    return len(decisions)


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


@dataclass(frozen=True)
class Line:
    """One row of a round's table: the focus row, and per track the cell and its reasoning."""

    row: FocusRow
    cells: list[tuple[Cell, str]]


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, key: str) -> HttpResponse:
    stored = get_object_or_404(
        DecisionRound.objects.select_related("compass_version", "frozen_by"), key=key
    )
    state = weighing(stored.key)
    add = request.GET.get("add")
    if add and not stored.frozen and add in state.dataset.regions:
        return redirect("rounds:decide", key=stored.key, code=add)
    tracks = [t.id for t in state.compass.tracks]
    rows = focus_table(state.compass, state.dataset, state.round, tracks)
    sections: dict[str, list[Line]] = {}
    for row in rows:
        cells = [(c, state.reasoning.get((row.region.code, c.track), "")) for c in row.cells]
        sections.setdefault(row.table_section, []).append(Line(row, cells))
    decided = {d.region for d in state.round.decisions}
    candidates = sorted(
        (
            r
            for r in state.dataset.regions.values()
            if not (r.is_group or r.reference or r.code in decided)
        ),
        key=lambda r: r.name(lang()),
    )
    return render(
        request,
        "rounds/detail.html",
        {
            "stored": stored,
            "compass": state.compass,
            "frozen": state.frozen,
            "sections": [(SECTION_LABELS.get(s, s), lines) for s, lines in sections.items()],
            "tracks": state.compass.tracks,
            "footnotes": state.round.footnotes,
            "candidates": candidates if not stored.frozen else [],
            "editions": _editions(stored.snapshot) if stored.snapshot else [],
            "differs": sum(1 for row in rows for c in row.cells if c.agreement == "differs"),
            "history": history(
                state.compass, AuditEvent.objects.filter(round=stored).order_by("-at", "-id")
            ),
            "history_caption": _("Every recorded change for this round, newest first"),
            "nav": "rounds",
        },
    )


def _editions(frozen: dict[str, Any]) -> list[tuple[Named, list[tuple[str, dict[str, Any]]]]]:
    """Per indicator read: its names, and the editions with their sources."""
    indicators, sources = frozen["indicators"], frozen["sources"]
    result = []
    for indicator, editions in frozen["editions"].items():
        names = indicators.get(indicator, {})
        named = Named(indicator, names.get("name_nl", indicator), names.get("name_en", indicator))
        result.append(
            (
                named,
                [
                    (e["edition"], sources.get(e["source"], {"title": e["source"]}))
                    for e in editions
                ],
            )
        )
    return result


def _refuse_frozen(request: HttpRequest, stored: DecisionRound) -> HttpResponse:
    return render(request, "rounds/frozen.html", {"stored": stored, "nav": "rounds"}, status=403)


@role_required("coordinator")
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, key: str, code: str) -> HttpResponse:
    stored = get_object_or_404(DecisionRound.objects.select_related("compass_version"), key=key)
    if stored.frozen:
        return _refuse_frozen(request, stored)
    region = get_object_or_404(Region, code=code, is_reference=False)
    compass = stored.compass_version.compass
    dataset = current_state().dataset
    advice = _advice(dataset, stored, code)
    existing = {d.track: d for d in Decision.objects.filter(round=stored, region=region)}
    if not existing and region.scheme == "group":
        return _refuse_group(request, stored, region)
    sections = None
    if not existing:
        used = Decision.objects.filter(round=stored).values_list("table_section", flat=True)
        sections = list(dict.fromkeys([*used, "europe", "world"]))
    form = DecisionForm(compass, advice, existing, sections, data=request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved = _save_decision(request, stored, region, form)
        if saved is None:
            return _refuse_frozen(request, stored)
        if saved:
            messages.success(
                request,
                _("Decision on %(region)s saved.") % {"region": region.name(lang())},
            )
            return redirect(reverse("rounds:detail", args=[stored.key]) + f"#region-{code}")
        status = 409
    elif form.is_bound:
        status = 400
    return render(
        request,
        "rounds/decide.html",
        {
            "stored": stored,
            "region": region,
            "compass": compass,
            "form": form,
            "advice": [
                (t, advice[t.id], form[f"level__{t.id}"], form[f"reasoning__{t.id}"])
                for t in compass.tracks
            ],
            "new": not existing,
            "nav": "rounds",
        },
        status=status,
    )


def _refuse_group(request: HttpRequest, stored: DecisionRound, region: Region) -> HttpResponse:
    messages.error(request, _("Decisions are taken per region or country, not per group."))
    return redirect("rounds:detail", key=stored.key)


def _advice(dataset: Dataset, stored: DecisionRound, code: str) -> dict[str, Advice]:
    compass = stored.compass_version.compass
    inputs = region_inputs(dataset, compass, [code])
    return {t.id: assess(compass, inputs, t.id)[0] for t in compass.tracks}


def _save_decision(
    request: HttpRequest, stored: DecisionRound, region: Region, form: DecisionForm
) -> bool | None:
    """Save the changed tracks; False (and a form error) when someone saved in between,
    None when the round was frozen in between."""
    with transaction.atomic():
        locked = DecisionRound.objects.select_for_update().get(pk=stored.pk)
        if locked.frozen:
            return None
        current = {
            d.track: d
            for d in Decision.objects.select_for_update().filter(round=locked, region=region)
        }
        stale = [
            t.id
            for t in form.compass.tracks
            if (current[t.id].version if t.id in current else 0)
            != form.cleaned_data[f"version__{t.id}"]
        ]
        if stale:
            form.add_error(
                None,
                _(
                    "Someone else changed this decision while you were editing it. Nothing "
                    "was saved: reload the page to see their change, then make yours again."
                ),
            )
            return False
        position = (
            Decision.objects.filter(round=locked).aggregate(last=Max("position"))["last"] or 0
        ) + 1
        sibling = next(iter(current.values()), None)
        for track, (level, reasoning) in form.changes().items():
            decision = current.get(track)
            before = (
                {"level": decision.level, "reasoning": decision.reasoning} if decision else None
            )
            if decision is None:
                decision = Decision(
                    round=locked,
                    region=region,
                    track=track,
                    label=sibling.label if sibling else region.name_nl,
                    table_section=sibling.table_section
                    if sibling
                    else form.cleaned_data.get("table_section", ""),
                    position=sibling.position if sibling else position,
                    version=0,
                )
            decision.level = level
            decision.reasoning = reasoning
            decision.version += 1
            decision.save()
            record(
                request.user,
                "decision changed" if before else "decision recorded",
                decision,
                before=before,
                after={"track": track, "level": level, "reasoning": reasoning},
                region=region,
                round=locked,
                label=f"{locked.key} · {region.code} · {track}",
            )
    return True


@role_required("coordinator")
@require_http_methods(["GET", "POST"])
def freeze(request: HttpRequest, key: str) -> HttpResponse:
    stored = get_object_or_404(DecisionRound.objects.select_related("compass_version"), key=key)
    if stored.frozen:
        return _refuse_frozen(request, stored)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            snapshot.freeze(stored, request.user)
        except snapshot.RoundFrozenError:
            return _refuse_frozen(request, stored)
        messages.success(
            request,
            _("Round %(key)s is frozen: its result no longer changes.") % {"key": stored.key},
        )
        return redirect("rounds:detail", key=stored.key)
    state = weighing(stored.key)
    tracks = [t.id for t in state.compass.tracks]
    rows = focus_table(state.compass, state.dataset, state.round, tracks)
    unexplained = [
        (row, state.compass.track(cell.track))
        for row in rows
        for cell in row.cells
        if cell.agreement == "differs" and not state.reasoning.get((row.region.code, cell.track))
    ]
    return render(
        request,
        "rounds/freeze.html",
        {
            "stored": stored,
            "compass": state.compass,
            "regions": len(rows),
            "unexplained": unexplained,
            "provisional": state.compass.status != "final",
            "pending": sum(1 for row in rows if row.cells and row.cells[0].advice.pending),
            "ranges": sum(1 for row in rows for cell in row.cells if not cell.advice.determined),
            "nav": "rounds",
        },
    )


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    rounds = list(
        DecisionRound.objects.select_related("compass_version").order_by("-period_end", "key")
    )
    by_key = {r.key: r for r in rounds}
    a, b = by_key.get(request.GET.get("a", "")), by_key.get(request.GET.get("b", ""))
    comparison = None
    if a is not None and b is not None:
        dataset = current_state().dataset if not (a.frozen and b.frozen) else None
        snap_a = a.snapshot or snapshot.build(a, dataset, _codes(b))
        snap_b = b.snapshot or snapshot.build(b, dataset, _codes(a))
        comparison = compare_rounds(snap_a, snap_b, a.frozen, b.frozen)
    return render(
        request,
        "rounds/compare.html",
        {
            "rounds": rounds,
            "a": a,
            "b": b,
            "comparison": comparison,
            "sides": [(comparison.a, "A"), (comparison.b, "B")] if comparison else [],
            "nav": "rounds",
        },
    )


def _codes(stored: DecisionRound) -> list[str]:
    """The regions a round decided on (or weighed, when frozen)."""
    if stored.snapshot:
        return list(stored.snapshot["inputs"])
    return list(
        dict.fromkeys(
            Decision.objects.filter(round=stored)
            .order_by("position")
            .values_list("region__code", flat=True)
        )
    )


@role_required("coordinator")
@require_http_methods(["POST"])
def adopt(request: HttpRequest, key: str) -> HttpResponse:
    """Mark a draft round as adopted: from then on pages and commands weigh it by default (when
    it is the latest adopted round)."""
    with transaction.atomic():
        stored = get_object_or_404(DecisionRound.objects.select_for_update(), key=key)
        if stored.adopted:
            messages.info(request, _("Round %(key)s was already adopted.") % {"key": stored.key})
            return redirect("rounds:detail", key=stored.key)
        stored.status = "adopted"
        stored.save(update_fields=["status"])
        record(
            request.user,
            "round adopted",
            stored,
            before={"status": "draft"},
            after={"status": "adopted"},
            round=stored,
        )
    messages.success(
        request,
        _("Round %(key)s is adopted: it is now weighed by default when it is the latest.")
        % {"key": stored.key},
    )
    return redirect("rounds:detail", key=stored.key)

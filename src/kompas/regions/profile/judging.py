"""Judging on the region profile: one view per judgement criterion, one per precondition.

GET gives the form (an htmx fragment in place on the profile, or a full page without
JavaScript); POST saves through `services` and answers with the updated item plus the
recomputed advice panel and history (htmx, swapped out of band), or redirects back to the profile.
Analysts and up only; the server refuses everyone else with 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kompas.accounts.roles import role_required
from kompas.assessments import services
from kompas.assessments.forms import UNKNOWN, GateForm, JudgementForm
from kompas.assessments.models import GateStatus, Judgement
from kompas.engine.compass import Compass, Criterion, Precondition
from kompas.regions import models
from kompas.regions.profile.explanation import advice_context
from kompas.regions.profile.facts import region_history
from kompas.regions.profile.records import (
    METHOD_LABELS,
    criterion_item,
    gate_item,
    range_name,
)
from kompas.regions.profile.robustness import LARGE_ROUND
from kompas.shared.formats import STATUS_LABELS, lang
from kompas.shared.state import Weighing, region_or_404, region_row, region_weighing

CONFLICT = 409
BAD_REQUEST = 400


def _region(code: str, weighed: Weighing) -> models.Region:
    region = region_or_404(code)
    if weighed.dataset.regions[code].is_group:
        raise Http404(_("A group is not judged itself; judge its members."))
    return region


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _advice_summary(weighed: Weighing, code: str) -> dict[str, str]:
    """Per track, the advised level (or range) as words, to say what a save changed."""
    compass, language = weighed.compass, lang()
    row = region_row(weighed, code)
    summary = {}
    for cell in row.cells:
        advice = cell.advice
        worst = compass.level(advice.level_worst).name(language)
        best = compass.level(advice.level_best).name(language)
        summary[compass.track(cell.track).name(language)] = (
            worst if advice.determined else f"{worst}…{best}"
        )
    return summary


def _saved_message(outcome: str, before: dict[str, str], after: dict[str, str]) -> str:
    if outcome == "unchanged":
        return _("Nothing changed.")
    changed = [
        f"{track}: {before[track]} → {after[track]}"
        for track in after
        if before.get(track) != after[track]
    ]
    if not changed:
        return _("Saved. The advice did not change.")
    return _("Saved. The advice changed: %(changes)s.") % {"changes": "; ".join(changed)}


def _saved_response(
    request: HttpRequest,
    region: models.Region,
    row_template: str,
    item: Any,
    weighed: Weighing,
) -> HttpResponse:
    context = {
        "row_template": row_template,
        "item": item,
        "region": region,
        "history": region_history(weighed, region),
        **advice_context(weighed, region),
    }
    return render(request, "assessments/saved.html", context)


def _initial(current: Judgement | GateStatus | None, field: str) -> dict[str, Any]:
    """The form's start: the saved record (its cited source kept as evidence), or nothing."""
    if current is None:
        return {"version": 0}
    return {
        field: getattr(current, field),
        "rationale": current.rationale,
        "evidence": services.evidence_of(current),
        "version": current.version,
    }


def _with_version(request: HttpRequest, version: int) -> Any:
    """The user's input as posted, with the version a save must name now."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data


# --- judgements ------------------------------------------------------------------------------


def _criterion(compass: Compass, criterion_id: str) -> Criterion:
    try:
        return services.judged_criterion(compass, criterion_id)
    except services.UnknownItemError:
        raise Http404(
            _("“%(criterion)s” is not a criterion that is judged in the current compass.")
            % {"criterion": criterion_id}
        ) from None


def _range_name(criterion: Criterion, category: str | None, high: str) -> str:
    """A category's name, "lowest … highest" for a range, or "unknown" for none."""
    return range_name(criterion, category, high) if category else _category_name(criterion, None)


def _category_name(criterion: Criterion, category: str | None) -> str:
    assert criterion.scale is not None
    if not category:
        return _("unknown")
    try:
        return criterion.scale.category(category).name(lang())
    except KeyError:
        return category


def _judgement_page(
    request: HttpRequest,
    region: models.Region,
    criterion: Criterion,
    form: JudgementForm,
    compass: Compass,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    assert criterion.scale is not None
    context = {
        **_analysts_context(request, region, criterion, compass),
        "region": region,
        "criterion": criterion,
        "aspect": compass.aspect(criterion.aspect),
        "scale": criterion.scale,
        "form": form,
        "url": reverse("assessments:judgement", args=[region.code, criterion.id]),
        "profile_url": reverse("regions:profile", args=[region.code]),
        "inline": _is_htmx(request),
        **extra,
    }
    template = (
        "assessments/judgement_form.html" if _is_htmx(request) else "assessments/judgement.html"
    )
    return render(request, template, context, status=status)


def _analysts_context(
    request: HttpRequest, region: models.Region, criterion: Criterion, compass: Compass
) -> dict[str, Any]:
    """Whose judgement the form edits, and the other analysts' judgements beside it."""
    mine = services.editable_judgement(region, criterion.id, request.user)
    others = Judgement.objects.filter(region=region, criterion=criterion.id).order_by("pk")
    if mine is not None:
        others = others.exclude(pk=mine.pk)
    return {
        "revises_source": mine is not None and mine.author_id is None,
        "other_judgements": [
            (j, _range_name(criterion, j.category, j.category_high)) for j in others
        ],
        "method": METHOD_LABELS[compass.aggregation.judgements],
    }


@role_required("analyst")
@require_http_methods(["GET", "POST"])
def judgement(request: HttpRequest, code: str, criterion: str) -> HttpResponse:
    weighed = region_weighing(code, LARGE_ROUND)
    region = _region(code, weighed)
    found = _criterion(weighed.compass, criterion)
    auto_id = f"{found.id}-%s"
    if request.method == "GET":
        if request.GET.get("show"):
            item = criterion_item(weighed, region, found.id, user_id=request.user.pk)
            context = {"item": item, "region": region}
            return render(request, "regions/profile/criterion.html", context)
        mine = services.editable_judgement(region, found.id, request.user)
        initial = {
            "category": UNKNOWN,
            **_initial(mine, "category"),
            "category_high": mine.category_high if mine is not None else UNKNOWN,
        }
        form = JudgementForm(initial=initial, criterion=found, auto_id=auto_id)
        return _judgement_page(request, region, found, form, weighed.compass)

    form = JudgementForm(request.POST, criterion=found, auto_id=auto_id)
    if not form.is_valid():
        tampered = "category" in form.errors or "version" in form.errors
        problem = (
            _("This is not a category of the scale of this criterion.")
            if "category" in form.errors
            else ""
        )
        status = BAD_REQUEST if tampered else 200
        return _judgement_page(
            request, region, found, form, weighed.compass, status, problem=problem
        )
    data = form.cleaned_data
    category = data["category"] or None
    before = _advice_summary(weighed, code)
    try:
        saved = services.set_judgement(
            region,
            found.id,
            category,
            data["rationale"],
            data["evidence"],
            data["version"],
            request.user,
            category_high=data["category_high"] or "",
        )
    except services.InvalidInputError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _judgement_page(request, region, found, form, weighed.compass, BAD_REQUEST)
    except services.ConflictError as conflict:
        return _judgement_conflict(
            request, region, found, form, weighed.compass, conflict, category
        )
    weighed = region_weighing(code, LARGE_ROUND)
    message = _saved_message(saved.outcome, before, _advice_summary(weighed, code))
    if not _is_htmx(request):
        messages.success(request, message)
        return redirect(reverse("regions:profile", args=[code]) + f"#criterion-{found.id}")
    item = criterion_item(weighed, region, found.id, message=message, user_id=request.user.pk)
    return _saved_response(request, region, "regions/profile/criterion.html", item, weighed)


def _judgement_conflict(
    request: HttpRequest,
    region: models.Region,
    criterion: Criterion,
    form: JudgementForm,
    compass: Compass,
    error: services.ConflictError,
    category: str | None,
) -> HttpResponse:
    """Refuse the save; keep the user's input, show the saved value, carry its version."""
    current = error.current
    assert current is None or isinstance(current, Judgement)
    kept = JudgementForm(
        _with_version(request, error.retry_version),
        criterion=criterion,
        auto_id=f"{criterion.id}-%s",
    )
    kept.is_valid()
    conflict = {
        "message": _(
            "Someone else changed this judgement in the meantime. Your input is not saved yet."
        ),
        "label": _("Judgement"),
        "current": current,
        "current_value": _range_name(criterion, current.category, current.category_high)
        if current
        else "",
        "yours_value": _range_name(
            criterion, category, form.cleaned_data.get("category_high") or ""
        ),
        "yours_rationale": form.cleaned_data.get("rationale", ""),
        "adds": error.retry_version == 0 and current is not None,
    }
    return _judgement_page(request, region, criterion, kept, compass, CONFLICT, conflict=conflict)


# --- preconditions (gates) -------------------------------------------------------------------


def _precondition(compass: Compass, precondition_id: str) -> Precondition:
    try:
        return services.precondition_of(compass, precondition_id)
    except services.UnknownItemError:
        raise Http404(
            _("“%(precondition)s” is not a precondition of the current compass.")
            % {"precondition": precondition_id}
        ) from None


def _gate_page(
    request: HttpRequest,
    region: models.Region,
    precondition: Precondition,
    form: GateForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "region": region,
        "precondition": precondition,
        "rule": precondition.rule(lang()),
        "form": form,
        "url": reverse("assessments:gate", args=[region.code, precondition.id]),
        "profile_url": reverse("regions:profile", args=[region.code]),
        "inline": _is_htmx(request),
        **extra,
    }
    template = "assessments/gate_form.html" if _is_htmx(request) else "assessments/gate.html"
    return render(request, template, context, status=status)


@role_required("analyst")
@require_http_methods(["GET", "POST"])
def gate(request: HttpRequest, code: str, precondition: str) -> HttpResponse:
    weighed = region_weighing(code, LARGE_ROUND)
    region = _region(code, weighed)
    found = _precondition(weighed.compass, precondition)
    auto_id = f"gate-{found.id}-%s"
    if request.method == "GET":
        if request.GET.get("show"):
            context = {"item": gate_item(region, found), "region": region}
            return render(request, "regions/profile/gate.html", context)
        stored = GateStatus.objects.filter(region=region, precondition=found.id)
        initial = _initial(stored.select_related("source").first(), "status")
        form = GateForm(initial=initial, auto_id=auto_id)
        return _gate_page(request, region, found, form)

    form = GateForm(request.POST, auto_id=auto_id)
    if not form.is_valid():
        invalid_choice = any(
            e.code == "invalid_choice" for e in form.errors.as_data().get("status", [])
        )
        tampered = invalid_choice or "version" in form.errors
        status = BAD_REQUEST if tampered else 200
        return _gate_page(request, region, found, form, status)
    data = form.cleaned_data
    before = _advice_summary(weighed, code)
    try:
        saved = services.set_gate(
            region,
            found.id,
            data["status"],
            data["rationale"],
            data["evidence"],
            data["version"],
            request.user,
        )
    except services.InvalidInputError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _gate_page(request, region, found, form, BAD_REQUEST)
    except services.ConflictError as conflict:
        current_gate = conflict.current
        assert current_gate is None or isinstance(current_gate, GateStatus)
        kept = GateForm(_with_version(request, conflict.retry_version), auto_id=auto_id)
        kept.is_valid()
        details = {
            "message": _(
                "Someone else changed this precondition in the meantime. "
                "Your input is not saved yet."
            ),
            "label": _("Status"),
            "current": current_gate,
            "current_value": STATUS_LABELS[current_gate.status] if current_gate else "",
            "yours_value": STATUS_LABELS[data["status"]],
            "yours_rationale": data["rationale"],
        }
        return _gate_page(request, region, found, kept, CONFLICT, conflict=details)
    weighed = region_weighing(code, LARGE_ROUND)
    message = _saved_message(saved.outcome, before, _advice_summary(weighed, code))
    if not _is_htmx(request):
        messages.success(request, message)
        return redirect(reverse("regions:profile", args=[code]) + f"#gate-{found.id}")
    item = gate_item(region, found, message=message)
    return _saved_response(request, region, "regions/profile/gate.html", item, weighed)

"""The region profile page and its advice fragment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kompas.regions import models
from kompas.regions.profile.explanation import advice_context
from kompas.regions.profile.facts import indicator_rows, region_history, theme_rows
from kompas.regions.profile.records import cited, criterion_items, gate_item
from kompas.regions.profile.robustness import LARGE_ROUND, robustness_context
from kompas.shared.formats import lang
from kompas.shared.state import Weighing, region_or_404, region_weighing


def profile_context(
    weighed: Weighing, region: models.Region, user_id: int | None = None
) -> dict[str, Any]:
    compass, dataset, language = weighed.compass, weighed.dataset, lang()
    record = dataset.regions[region.code]
    themes, other_themes = theme_rows(weighed, region.code)
    context: dict[str, Any] = {
        "compass": compass,
        "region": region,
        "record": record,
        "parent": dataset.regions[record.parent] if record.parent else None,
        "groups": dataset.groups_of(region.code),
        "members": [dataset.regions[m] for m in record.members],
        "region_source": cited(dataset, record.cited),
        "reference_name": dataset.regions[compass.reference_region].name(language)
        if compass.reference_region in dataset.regions
        else compass.reference_region,
        "themes": themes,
        "other_themes": other_themes,
        "statements": [
            {
                "track": compass.track(s.track).name(language),
                "level": s.level,
                "quote": s.quote,
                "cited": cited(dataset, s.cited),
            }
            for s in dataset.statements
            if s.region == region.code
        ],
        "relations": [
            {
                "phase": r.phase_en if language == "en" else r.phase_nl,
                "sectors": r.sectors,
                "quote": r.quote,
                "cited": cited(dataset, r.cited),
            }
            for r in dataset.relations
            if r.region == region.code
        ],
        "history": region_history(weighed, region),
        "nav": "overview",
    }
    if record.is_group:
        return context
    context |= advice_context(weighed, region)
    context["gates"] = [gate_item(region, p) for p in compass.preconditions]
    items = criterion_items(weighed, region, user_id=user_id)
    context["aspects"] = [
        (aspect, [i for i in items if i.criterion.aspect == aspect.id])
        for aspect in compass.aspects
    ]
    context["indicators"] = indicator_rows(weighed, region.code)
    context["robustness"] = robustness_context(weighed, region)
    return context


@login_required
@require_GET
def profile(request: HttpRequest, code: str) -> HttpResponse:
    """Everything known about one region. A group gets a short page: its members and themes."""
    region = region_or_404(code)
    weighed = region_weighing(code, LARGE_ROUND)
    return render(
        request, "regions/profile.html", profile_context(weighed, region, request.user.pk)
    )


@login_required
@require_GET
def advice(request: HttpRequest, code: str) -> HttpResponse:
    """The advice panel alone (for htmx); without htmx, the profile at the panel."""
    region = region_or_404(code)
    if not request.headers.get("HX-Request"):
        return redirect(reverse("regions:profile", args=[code]) + "#advice")
    weighed = region_weighing(code, LARGE_ROUND)
    if weighed.dataset.regions[code].is_group:
        raise Http404(_("A group is not weighed; see its members."))
    return render(request, "regions/profile/advice.html", advice_context(weighed, region))

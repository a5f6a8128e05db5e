"""The focus regions overview (figure 1: the decision beside the advice), its map, and adding a
candidate region."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kompas.accounts.roles import role_required
from kompas.audit.log import record, snapshot
from kompas.dataset.folder import load_points
from kompas.dataset.points import Point
from kompas.regions.forms import AddRegionForm
from kompas.regions.geometries import (
    Area,
    ancestors,
    background_countries,
    boundaries_version,
    map_geometries,
)
from kompas.regions.models import Region, Source
from kompas.regions.overview import UNMAPPED, Focus, RowView, focus, tables_html
from kompas.shared.formats import lang
from kompas.shared.version import remember

GEOMETRY_SOURCES = {"nuts": "gisco-nuts-2021-60m", "iso3166-1": "naturalearth-110m"}
GEOMETRY_KEYS = {"nuts": "NUTS_ID", "iso3166-1": "ISO_A2_EH"}


# --- the overview ----------------------------------------------------------------------------


@role_required("viewer")
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    view = focus(request)
    compass = view.compass
    language = lang()
    status_note = ""
    if compass.status != "final":
        status_note = compass.status_note_en if language == "en" else compass.status_note_nl
    map_labels = {
        "decided": _("Decision"),
        "advised": _("Advice"),
        "noDecision": _("no decision"),
        "pending": _("pending on preconditions"),
        "reference": _("reference region"),
        "profile": _("Open the profile"),
        "attribution": _("© EuroGeographics for the administrative boundaries · Natural Earth"),
        "position": _("Marker at"),
        "source": _("source"),
    }
    return render(
        request,
        "regions/overview.html",
        {
            "nav": "overview",
            "compass": compass,
            "round": view.round,
            "stored_round": view.stored_round,
            "filters": view.filters,
            "track": view.track,
            "aspect": compass.aspect(view.aspect) if view.aspect else None,
            "minimum": view.filters.value("minimum") if view.aspect else None,
            "tables_html": tables_html(view),
            "status_note": status_note,
            "levels": compass.levels,
            "tracks": compass.tracks,
            "unmapped_html": unmapped_html(view),
            "ranges": advice_ranges(view),
            "reference": view.reference,
            "map_labels": map_labels,
            "query": request.GET.urlencode(),
        },
    )


# --- the map ---------------------------------------------------------------------------------


def points() -> dict[str, Point]:
    """The markers of regions without an outline: the points of the data folder the database
    was filled from (the embedded data; see kompas.dataset.points)."""
    return load_points()[0]


def unmapped_html(view: Focus) -> str:
    """The regions of the overview that the map shows neither by outline nor by a marker."""

    def render_list() -> str:
        known = points()
        unmapped = tuple(
            (row.url, row.name) for row in view.rows if row.area is None and row.code not in known
        )
        return UNMAPPED.render([unmapped])

    return remember(view.cache_key("unmapped, markers apart"), render_list)


def advice_ranges(view: Focus) -> list[dict[str, str]]:
    """The ranges of advised levels (worst…best) on the overview's regions, best first, for the
    map's legend: each drawn in two colours (kept per data version, filters and language)."""

    def build() -> list[dict[str, str]]:
        order = {level.id: i for i, level in enumerate(view.compass.levels)}
        found = {
            (t.advice.level_worst, t.advice.level_best)
            for row in view.rows
            for t in row.tracks
            if not t.advice.determined
        }
        names = {level.id: level.name(lang()) for level in view.compass.levels}
        return [
            {"worst": worst, "best": best, "label": f"{names[worst]}…{names[best]}"}
            for worst, best in sorted(found, key=lambda r: (order[r[1]], order[r[0]]))
        ]

    return remember(view.cache_key("advice ranges"), build)


@lru_cache(maxsize=4)
def _background(language: str, version: tuple[Any, ...]) -> bytes:
    """All countries, for the grey background (the same for every request until an import
    changes a boundary: `version`)."""
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "name": name_en if language == "en" else name_nl},
            "geometry": geometry,
        }
        for code, name_nl, name_en, geometry in background_countries()
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return text.encode("utf-8")


def _feature(row: RowView, geometry: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {
            "code": row.code,
            "name": row.name,
            "url": row.url,
            "section": row.row.table_section or None,
            "candidate": row.candidate,
            "reference": False,
            "tracks": {t.track: t.json() for t in row.tracks},
        },
        "geometry": geometry,
    }


def _marker(row: RowView, point: Point) -> dict[str, Any]:
    """A region without an outline, as a point with its citation."""
    feature = _feature(row, {"type": "Point", "coordinates": [point.lon, point.lat]})
    source = load_points()[1][point.cited.source]
    feature["properties"]["point"] = {
        "section": point.cited.section,
        "source": source.title,
        "url": source.url or None,
    }
    return feature


@role_required("viewer")
@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the overview's regions (same query string), or with ?layer=background all
    countries for the background."""
    if request.GET.get("layer") == "background":
        background = _background(lang(), boundaries_version())
        response = HttpResponse(background, content_type="application/json")
        response["Cache-Control"] = "private, max-age=3600"
        return response
    view = focus(request)
    payload = remember(view.cache_key("map"), lambda: _map_json(view))
    return HttpResponse(payload, content_type="application/json")


def _map_json(view: Focus) -> bytes:
    mapped = sorted(
        (row for row in view.rows if row.area), key=lambda r: r.area.level if r.area else 0
    )
    reference = view.reference
    geometries = map_geometries([*(row.code for row in mapped), reference.code])
    features = [_feature(row, geometries[row.code]) for row in mapped]
    known = points()
    marked = [row for row in view.rows if row.area is None and row.code in known]
    if reference.code in geometries:
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": reference.code,
                    "name": reference.name(lang()),
                    "url": reverse("regions:profile", args=[reference.code]),
                    "section": None,
                    "candidate": False,
                    "reference": True,
                    "tracks": {},
                },
                "geometry": geometries[reference.code],
            }
        )
    features += [_marker(row, known[row.code]) for row in marked]  # on top of every outline
    collection = {
        "type": "FeatureCollection",
        "round": view.round.id or None,
        "unmapped": [row.code for row in view.rows if row.area is None and row.code not in known],
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


# --- candidates ------------------------------------------------------------------------------


@role_required("analyst")
@require_http_methods(["GET", "POST"])
def add_region(request: HttpRequest) -> HttpResponse:
    existing = {
        code: name_en if lang() == "en" else name_nl
        for code, name_nl, name_en in Region.objects.values_list("code", "name_nl", "name_en")
    }
    form = AddRegionForm(request.POST or None, existing=existing)
    if request.method == "POST" and form.is_valid():
        area: Area = form.cleaned_data["area"]
        parent_code = next((code for code in ancestors(area.code) if code in existing), None)
        try:
            with transaction.atomic():
                region = Region.objects.create(
                    code=area.code,
                    scheme=area.scheme,
                    name_nl=form.cleaned_data["name_nl"] or area.name_nl,
                    name_en=form.cleaned_data["name_en"] or area.name_en,
                    parent=Region.objects.get(code=parent_code) if parent_code else None,
                    is_candidate=True,
                    source=Source.objects.filter(key=GEOMETRY_SOURCES[area.scheme]).first(),
                    section=f"{GEOMETRY_KEYS[area.scheme]} {area.code}",
                )
                fields = ["code", "scheme", "name_nl", "name_en", "parent", "is_candidate"]
                record(
                    request.user,
                    "region added",
                    region,
                    after=snapshot(region, fields),
                    region=region,
                )
        except IntegrityError:
            form.add_error(
                "area",
                _("%(field)s: %(code)s is already in Kompas.")
                % {"field": form.fields["area"].label, "code": area.code},
            )
        else:
            messages.success(
                request,
                _("%(name)s (%(code)s) added as a candidate region. It can now be judged.")
                % {"name": region.name(lang()), "code": region.code},
            )
            return redirect("regions:profile", code=region.code)
    return render(request, "regions/add_region.html", {"form": form, "nav": "overview"})

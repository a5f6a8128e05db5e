"""The region profile: everything known about one region, the advice beside the decision, why,
what is still to do, and the history of every change.

The page is built from the current compass version and the dataset read from the database (the
same inputs as `kompas explain`). The parts that change when a judgement or a gate is saved (the
advice panel, one criterion, one gate, the history) are separate fragments, so the judging views
in `kompas.assessments.views` can send them back at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kompas.assessments.models import GateStatus, Judgement
from kompas.audit.models import AuditEvent
from kompas.dataset import region_inputs
from kompas.dataset.model import Citation, Dataset, Round
from kompas.engine import Advice, Compass, Reading
from kompas.engine.compass import Criterion, Precondition
from kompas.engine.explain import Change
from kompas.engine.readings import lineage
from kompas.focus import Cell, FocusRow, focus_table
from kompas.regions import models
from kompas.regions.state import State, current_state, lang
from kompas.rounds.models import DecisionRound
from kompas.store.load import round_record

STATUS_LABELS = {
    "pass": gettext_lazy("Met"),
    "fail": gettext_lazy("Not met"),
    "unknown": gettext_lazy("Unknown"),
}
AGREEMENT_LABELS = {
    "agrees": gettext_lazy("Decision agrees with the advice"),
    "differs": gettext_lazy("Decision differs from the advice"),
    "open": gettext_lazy("Decision lies within the advice's range"),
}
ACTION_LABELS = {
    "judgement set": gettext_lazy("Judgement set"),
    "judgement changed": gettext_lazy("Judgement changed"),
    "judgement cleared": gettext_lazy("Judgement removed"),
    "gate set": gettext_lazy("Precondition status set"),
    "gate changed": gettext_lazy("Precondition status changed"),
}
FIELD_LABELS = {
    "category": gettext_lazy("Judgement"),
    "status": gettext_lazy("Status"),
    "rationale": gettext_lazy("Rationale"),
    "evidence": gettext_lazy("Evidence"),
    "level": gettext_lazy("Level"),
}
HIDDEN_FIELDS = {"criterion", "precondition", "version", "author_name"}
LONG_TEXT = 80


# --- small helpers -------------------------------------------------------------------------


def number(value: float, digits: int = 2) -> str:
    return number_format(round(value, digits), digits)


def percent(share: float) -> str:
    return f"{number_format(round(share * 100, 1), 1)} %"


def evidence_lines(text: str) -> list[tuple[str, str | None]]:
    """Each non-empty line, with its address when the line is an http(s) URL."""
    check = URLValidator(schemes=["http", "https"])
    lines: list[tuple[str, str | None]] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        try:
            check(line)
            lines.append((line, line))
        except ValidationError:
            lines.append((line, None))
    return lines


@dataclass(frozen=True)
class Cited:
    title: str
    publisher: str = ""
    section: str = ""
    url: str = ""


def cited(dataset: Dataset, citation: Citation | None) -> Cited | None:
    if citation is None or not citation.source:
        return None
    source = dataset.sources.get(citation.source)
    if source is None:
        return Cited(citation.source, section=citation.section)
    return Cited(source.title, source.publisher, citation.section, source.url)


def stored_cited(source: models.Source | None, section: str) -> Cited | None:
    if source is None:
        return None
    return Cited(source.title, source.publisher, section, source.url)


def region_or_404(code: str) -> models.Region:
    try:
        return models.Region.objects.select_related("parent").get(code=code)
    except models.Region.DoesNotExist:
        raise Http404(_("No region with code %(code)s.") % {"code": code}) from None


def latest_round(compass: Compass) -> tuple[DecisionRound | None, Round]:
    """The current round (the latest by period end), or an empty one when there is none."""
    stored = DecisionRound.objects.order_by(F("period_end").desc(nulls_last=True), "-key").first()
    if stored is None:
        return None, Round("", "", "", compass.id, Citation(""))
    return stored, round_record(stored)


# --- one criterion, one gate -----------------------------------------------------------------


@dataclass
class CriterionItem:
    criterion: Criterion
    judgement: Judgement | None = None
    category: str = ""
    evidence: list[tuple[str, str | None]] = field(default_factory=list)
    source: Cited | None = None
    reading: Reading | None = None
    reading_text: str = ""
    reading_source: Cited | None = None
    message: str = ""

    @property
    def judged(self) -> bool:
        return self.criterion.kind == "judgement"


def reading_text(compass: Compass, dataset: Dataset, reading: Reading) -> str:
    language = lang()
    indicator = dataset.indicators[reading.value.indicator]
    text = f"{indicator.name(language)} {reading.value.edition}: {number(reading.value.value)}"
    if reading.reference is not None:
        reference = dataset.regions[reading.reference_region].name(language)
        text += " " + _("relative to %(region)s: %(value)s") % {
            "region": reference,
            "value": number(reading.reference.value),
        }
        if reading.reference_proxy:
            owner = dataset.regions[reading.reference.region].name(language)
            text += " " + _("(figure of %(region)s)") % {"region": owner}
    if reading.proxy:
        holder = dataset.regions[reading.value.region]
        text += " · " + _("national proxy: the figure of %(region)s (%(code)s)") % {
            "region": holder.name(language),
            "code": holder.code,
        }
    return text


def criterion_items(
    state: State, region: models.Region, only: str | None = None, message: str = ""
) -> list[CriterionItem]:
    """Every criterion (or just `only`) with its judgement, or the reading of its indicator."""
    compass, dataset, language = state.compass, state.dataset, lang()
    stored = Judgement.objects.filter(region=region).select_related("source")
    judgements = {j.criterion: j for j in stored}
    readings = region_inputs(dataset, compass, [region.code])[0].readings
    items = []
    for criterion in [compass.criterion(only)] if only else compass.criteria:
        item = CriterionItem(criterion, message=message)
        judgement = judgements.get(criterion.id)
        if criterion.scale is not None and judgement is not None:
            item.judgement = judgement
            try:
                item.category = criterion.scale.category(judgement.category).name(language)
            except KeyError:
                item.category = judgement.category
            item.evidence = evidence_lines(judgement.evidence)
            item.source = stored_cited(judgement.source, judgement.section)
        reading = readings.get(criterion.id)
        if reading is not None:
            item.reading = reading
            item.reading_text = reading_text(compass, dataset, reading)
            source = dataset.sources.get(reading.value.source)
            if source is not None:
                item.reading_source = Cited(
                    source.title, source.publisher, source.edition, source.url
                )
        items.append(item)
    return items


def criterion_item(
    state: State, region: models.Region, criterion_id: str, message: str = ""
) -> CriterionItem:
    return criterion_items(state, region, criterion_id, message)[0]


@dataclass
class GateItem:
    precondition: Precondition
    gate: GateStatus | None = None
    status: str = "unknown"
    evidence: list[tuple[str, str | None]] = field(default_factory=list)
    source: Cited | None = None
    message: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def rule(self) -> str:
        return self.precondition.rule(lang())


def gate_item(region: models.Region, precondition: Precondition, message: str = "") -> GateItem:
    gate = (
        GateStatus.objects.filter(region=region, precondition=precondition.id)
        .select_related("source")
        .first()
    )
    item = GateItem(precondition, gate, message=message)
    if gate is not None:
        item.status = gate.status
        item.evidence = evidence_lines(gate.evidence)
        item.source = stored_cited(gate.source, gate.section)
    return item


# --- the advice panel ------------------------------------------------------------------------


def describe_change(compass: Compass, change: Change) -> str:
    language = lang()
    values = {
        "score": number(change.score_after),
        "level": compass.level(change.level_after).name(language),
    }
    if change.kind == "judgement":
        criterion = compass.criterion(change.target)
        assert criterion.scale is not None
        before = (
            criterion.scale.category(str(change.before)).name(language)
            if change.before
            else _("unknown")
        )
        after = criterion.scale.category(str(change.after)).name(language)
        text = _(
            "judge “%(criterion)s” %(after)s instead of %(before)s: "
            "the score becomes %(score)s, level %(level)s."
        )
        return text % {
            **values,
            "criterion": criterion.name(language),
            "before": before,
            "after": after,
        }
    target = (
        compass.aspect(change.target)
        if change.kind == "aspect_weight"
        else compass.criterion(change.target)
    )
    text = (
        _(
            "give aspect “%(target)s” a weight of %(after)s instead of %(before)s (the other "
            "weights kept): the score becomes %(score)s, level %(level)s."
        )
        if change.kind == "aspect_weight"
        else _(
            "give criterion “%(target)s” a weight of %(after)s of its aspect instead of "
            "%(before)s (the other weights kept): the score becomes %(score)s, level %(level)s."
        )
    )
    return text % {
        **values,
        "target": target.name(language),
        "before": percent(float(change.before or 0)),
        "after": percent(float(change.after)),
    }


def contributions(compass: Compass, advice: Advice) -> list[dict[str, Any]]:
    """Per aspect, then its criteria: weight, value (or range) and contribution (or range)."""
    language = lang()
    rows: list[dict[str, Any]] = []
    scores = {c.criterion: c for c in advice.criteria}
    for aspect_id, low, high in advice.aspects:
        aspect = compass.aspect(aspect_id)
        criteria = [scores[c.id] for c in compass.criteria_of(aspect_id)]
        rows.append(
            {
                "aspect": True,
                "name": aspect.name(language),
                "weight": sum(c.weight for c in criteria),
                "weight_pct": percent(sum(c.weight for c in criteria)),
                "low": low,
                "high": high,
                "known": low == high,
            }
        )
        for score in criteria:
            criterion = compass.criterion(score.criterion)
            low_c, high_c = score.contribution
            rows.append(
                {
                    "aspect": False,
                    "id": criterion.id,
                    "name": criterion.name(language),
                    "aspect_name": aspect.name(language),
                    "weight": score.weight,
                    "weight_pct": percent(score.weight),
                    "value_low": score.low,
                    "value_high": score.high,
                    "low": low_c,
                    "high": high_c,
                    "known": score.known,
                }
            )
    return rows


def chart_spec(compass: Compass, advice: Advice, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A Vega-Lite spec: per aspect, horizontal bars of each criterion's contribution.

    The known contribution is solid, the range an unknown value leaves is lighter, and a dashed
    outline shows the most the criterion could add (its weight). One row per criterion feeds
    all three layers, so the facets share one data source.
    """
    known, unknown = _("Known"), _("Unknown (range)")
    data = [
        {
            "criterion": row["name"],
            "aspect": row["aspect_name"],
            "order": order,
            "zero": 0.0,
            "weight": row["weight"],
            "low": row["low"],
            "high": row["high"],
            "contribution": number(row["low"], 3)
            if row["known"]
            else f"{number(row['low'], 3)}–{number(row['high'], 3)}",
            "most": number(row["weight"], 3),
        }
        for order, row in enumerate(r for r in rows if not r["aspect"])
    ]
    tooltip = [
        {"field": "criterion", "title": _("Criterion")},
        {"field": "contribution", "title": _("Contribution")},
        {"field": "most", "title": _("Most possible (weight)")},
    ]
    colour = {"scale": {"domain": [known, unknown], "range": ["#154273", "#a9c0dd"]}}
    legend = {"title": None, "orient": "top", "labelFontSize": 12}

    def bar(start: str, end: str, datum: str) -> dict[str, Any]:
        return {
            "mark": {"type": "bar", "height": {"band": 0.7}},
            "encoding": {
                "x": {"field": start, "type": "quantitative"},
                "x2": {"field": end},
                "color": {"datum": datum, **colour, "legend": legend},
                "tooltip": tooltip,
            },
        }

    outline = {
        "mark": {"type": "bar", "fill": "#ffffff", "stroke": "#767676", "strokeDash": [3, 2]},
        "encoding": {
            "x": {
                "field": "zero",
                "type": "quantitative",
                "title": _("Contribution to the score"),
                "axis": {"labelFontSize": 12, "titleFontSize": 12},
            },
            "x2": {"field": "weight"},
            "tooltip": tooltip,
        },
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": data},
        "facet": {
            "row": {
                "field": "aspect",
                "type": "nominal",
                "sort": [compass.aspect(a).name(lang()) for a, _lo, _hi in advice.aspects],
                "title": None,
                "header": {
                    "labelAngle": 0,
                    "labelAlign": "left",
                    "labelAnchor": "start",
                    "labelFontWeight": "bold",
                    "labelFontSize": 14,
                    "labelOrient": "top",
                    "labelPadding": 4,
                },
            }
        },
        "spec": {
            "width": 480,
            "encoding": {
                "y": {
                    "field": "criterion",
                    "type": "nominal",
                    "sort": {"field": "order"},
                    "title": None,
                    "axis": {"labelLimit": 300, "labelFontSize": 12},
                },
            },
            "layer": [outline, bar("zero", "low", known), bar("low", "high", unknown)],
        },
        "resolve": {"scale": {"y": "independent"}},
        "spacing": 12,
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
    }


def advice_item(compass: Compass, cell: Cell) -> dict[str, Any]:
    language = lang()
    advice = cell.advice
    rows = contributions(compass, advice)
    explanation = advice.explanation
    changes = {
        direction: [
            describe_change(compass, c) for c in explanation.changes if c.direction == direction
        ]
        for direction in ("up", "down")
    }
    failed = [
        {
            "name": compass.precondition(check.precondition).name(language),
            "rule": compass.precondition(check.precondition).rule(language),
            "evidence": check.gate.evidence,
        }
        for check in advice.gates.failed
    ]
    track = compass.track(cell.track)
    return {
        "track": track,
        "spec_id": f"chart-{track.id}",
        "thresholds": [(lv.name(language), track.thresholds[lv.id]) for lv in compass.levels[:-1]],
        "cell": cell,
        "advice": advice,
        "agreement": AGREEMENT_LABELS.get(cell.agreement or "", ""),
        "failed": failed,
        "unknown_gates": [
            compass.precondition(c.precondition).name(language) for c in advice.gates.unknown
        ],
        "rows": rows,
        "spec": chart_spec(compass, advice, rows),
        "strongest": [compass.criterion(c).name(language) for c in explanation.strongest],
        "weakest": [compass.criterion(c).name(language) for c in explanation.weakest],
        "up": changes["up"],
        "down": changes["down"],
    }


def focus_row(state: State, code: str) -> tuple[DecisionRound | None, FocusRow]:
    stored, round_ = latest_round(state.compass)
    tracks = [t.id for t in state.compass.tracks]
    return stored, focus_table(state.compass, state.dataset, round_, tracks, codes=[code])[0]


def advice_context(state: State, region: models.Region) -> dict[str, Any]:
    """What the advice panel shows: advice beside decision, why, and the work still to do."""
    compass = state.compass
    language = lang()
    stored, row = focus_row(state, region.code)
    tracks = [advice_item(compass, cell) for cell in row.cells]
    missing: list[dict[str, Any]] = []
    for criterion in compass.criteria:
        cells = [c for c in row.cells if criterion.id in c.advice.missing]
        if not cells:
            continue
        names = {c.track: compass.track(c.track).name(language) for c in cells}
        missing.append(
            {
                "criterion": criterion,
                "could": [
                    names[c.track] for c in cells if criterion.id in c.advice.could_change_level
                ],
                "decisive": [names[c.track] for c in cells if criterion.id in c.advice.decisive],
            }
        )
    missing.sort(key=lambda m: (not m["decisive"], not m["could"]))
    footnotes = {f.number: f for cell in row.cells for f in cell.footnotes}
    gates = row.cells[0].advice.gates if row.cells else None
    return {
        "compass": compass,
        "region": region,
        "round": stored,
        "round_name": (stored.name_en if language == "en" else stored.name_nl) if stored else "",
        "tracks": tracks,
        "footnotes": [footnotes[n] for n in sorted(footnotes)],
        "missing": missing,
        "open_gates": [compass.precondition(c.precondition) for c in gates.unknown]
        if gates
        else [],
        "provisional": (compass.status_note_en if language == "en" else compass.status_note_nl)
        if compass.status != "final"
        else "",
    }


# --- the rest of the profile -----------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A theme as a document words it for the region (or for a group it belongs to)."""

    theme: str | None
    wording: str
    avoid: bool
    via: str
    cited: Cited | None


def theme_rows(state: State, code: str) -> tuple[list[dict[str, Any]], list[Mention]]:
    """Brabant's themes with what the documents say for this region; then unmatched wordings."""
    dataset, language = state.dataset, lang()
    found = [
        Mention(
            theme.theme,
            theme.wording,
            theme.avoid,
            dataset.regions[group].name(language) if group else "",
            cited(dataset, theme.cited),
        )
        for theme, group in dataset.themes_of(code)
    ]
    rows = []
    for theme in state.compass.themes:
        named = [m for m in found if m.theme == theme.id]
        status = "none"
        if any(m.avoid for m in named):
            status = "avoid"
        elif any(not m.via for m in named):
            status = "own"
        elif named:
            status = "via"
        rows.append({"theme": theme, "status": status, "named": named})
    return rows, [m for m in found if m.theme is None]


def indicator_rows(state: State, code: str) -> list[dict[str, Any]]:
    """Every published value for the region, or else for the nearest enclosing region (proxy)."""
    dataset, compass, language = state.dataset, state.compass, lang()
    readings = region_inputs(dataset, compass, [code])[0].readings
    used = {
        (r.value.indicator, r.value.edition, r.value.region): (c, r) for c, r in readings.items()
    }
    chain = list(lineage(code, dataset.parents))
    rows = []
    for key, indicator in dataset.indicators.items():
        for holder in chain:
            values = sorted(
                (v for v in dataset.values if v.region == holder and v.indicator == key),
                key=lambda v: v.edition,
                reverse=True,
            )
            if not values:
                continue
            for value in values:
                criterion_id, reading = used.get((key, value.edition, holder), (None, None))
                source = dataset.sources.get(value.source)
                rows.append(
                    {
                        "indicator": indicator,
                        "value": value,
                        "holder": dataset.regions[holder],
                        "proxy": holder != code,
                        "source": source,
                        "used_by": compass.criterion(criterion_id).name(language)
                        if criterion_id
                        else "",
                        "reference": reading.reference if reading else None,
                        "reference_region": dataset.regions[reading.reference.region]
                        if reading and reading.reference
                        else None,
                    }
                )
            break
    return rows


def history(state: State, region: models.Region) -> list[dict[str, Any]]:
    compass, language = state.compass, lang()
    events = []
    for event in AuditEvent.objects.filter(region=region).order_by("-at", "-id"):
        before, after = event.before or {}, event.after or {}
        subject = after.get("criterion") or before.get("criterion")
        criterion = _lookup(compass.criterion, subject)
        gate = _lookup(
            compass.precondition, after.get("precondition") or before.get("precondition")
        )
        what = (criterion or gate).name(language) if (criterion or gate) else event.object_repr
        changes = []
        for key in dict.fromkeys([*before, *after]):
            if key in HIDDEN_FIELDS or (before.get(key) or None) == (after.get(key) or None):
                continue
            old, new = (
                _shown(compass, criterion, key, v) for v in (before.get(key), after.get(key))
            )
            changes.append(
                {
                    "label": FIELD_LABELS.get(key, key),
                    "before": old,
                    "after": new,
                    "long": max(len(old), len(new)) > LONG_TEXT,
                }
            )
        events.append(
            {
                "event": event,
                "action": ACTION_LABELS.get(event.action, event.action),
                "what": what,
                "changes": changes,
            }
        )
    return events


def _lookup(find: Any, key: Any) -> Any:
    if not key:
        return None
    try:
        return find(str(key))
    except KeyError:
        return None


def _shown(compass: Compass, criterion: Criterion | None, key: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if key == "category" and criterion is not None and criterion.scale is not None:
        try:
            return criterion.scale.category(str(value)).name(lang())
        except KeyError:
            return str(value)
    if key == "status":
        return str(STATUS_LABELS.get(str(value), value))
    if key == "level":
        try:
            return compass.level(str(value)).name(lang())
        except KeyError:
            return str(value)
    return str(value)


def profile_context(state: State, region: models.Region) -> dict[str, Any]:
    compass, dataset, language = state.compass, state.dataset, lang()
    record = dataset.regions[region.code]
    themes, other_themes = theme_rows(state, region.code)
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
        "history": history(state, region),
        "nav": "overview",
    }
    if record.is_group:
        return context
    context |= advice_context(state, region)
    context["gates"] = [gate_item(region, p) for p in compass.preconditions]
    items = criterion_items(state, region)
    context["aspects"] = [
        (aspect, [i for i in items if i.criterion.aspect == aspect.id])
        for aspect in compass.aspects
    ]
    context["indicators"] = indicator_rows(state, region.code)
    return context


# --- views ---------------------------------------------------------------------------------


@login_required
@require_GET
def profile(request: HttpRequest, code: str) -> HttpResponse:
    """Everything known about one region. A group gets a short page: its members and themes."""
    region = region_or_404(code)
    state = current_state()
    return render(request, "regions/profile.html", profile_context(state, region))


@login_required
@require_GET
def advice(request: HttpRequest, code: str) -> HttpResponse:
    """The advice panel alone (for htmx); without htmx, the profile at the panel."""
    region = region_or_404(code)
    if not request.headers.get("HX-Request"):
        return redirect(reverse("regions:profile", args=[code]) + "#advice")
    state = current_state()
    if state.dataset.regions[code].is_group:
        raise Http404(_("A group is not weighed; see its members."))
    return render(request, "regions/profile/advice.html", advice_context(state, region))

"""Why the advice is what it is: contributions as a chart and a table, changes in words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompas.engine import Advice, Compass
from kompas.engine.explain import Change
from kompas.regions import models
from kompas.regions.profile.analysts import analysts_context
from kompas.shared.charts import CHART_CONFIG, OUTLINE, PRIMARY, PRIMARY_LIGHT, SCHEMA
from kompas.shared.focus import Cell
from kompas.shared.formats import lang, number, percent
from kompas.shared.state import Weighing, region_row

AGREEMENT_LABELS = {
    "agrees": gettext_lazy("Decision agrees with the advice"),
    "differs": gettext_lazy("Decision differs from the advice"),
    "open": gettext_lazy("Decision lies within the advice's range"),
}


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
    colour = {"scale": {"domain": [known, unknown], "range": [PRIMARY, PRIMARY_LIGHT]}}
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
        "mark": {"type": "bar", "fill": "#ffffff", "stroke": OUTLINE, "strokeDash": [3, 2]},
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
        "$schema": SCHEMA,
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
        "config": CHART_CONFIG,
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


def advice_context(weighed: Weighing, region: models.Region) -> dict[str, Any]:
    """What the advice panel shows: advice beside decision, why, and the work still to do."""
    compass = weighed.compass
    language = lang()
    stored, row = weighed.stored, region_row(weighed, region.code)
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
        **analysts_context(weighed, region),
    }

"""`kompas robustness` as text (for people) and JSON (for machines; a stable layout).

Per track and region: the decided level and the advice beside the probability of each focus
level under uncertain weights and judgements (SMAA), the most probable level, the probability
of ranking first and the confidence factor; JSON adds the rank acceptabilities, the central
weights and the pairwise winning chances.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kompas.dataset.model import Round
from kompas.engine import Compass
from kompas.engine.robustness import BLOCK, Robustness, WeightModel
from kompas.reports.focus_table import (
    advice_json,
    advice_text,
    compass_line,
    decided_text,
    level_name,
    round_line,
)
from kompas.shared.focus import FocusRow
from kompas.shared.formats import number

JSON_SCHEMA = "kompas.robustness/1"


def probability(share: float | None, lang: str = "nl") -> str:
    """A probability as a percentage with one decimal ("87,3 %"); "·" where there is none."""
    if share is None:
        return "·"
    if share in (0.0, 1.0):
        return f"{int(share * 100)} %"
    return f"{number(100 * share, 1)} %"


def model_text(compass: Compass, model: WeightModel, lang: str = "nl") -> str:
    """The weight model in words, in `lang`."""
    with translation.override(lang):
        return _model_text(compass, model, lang)


def _model_text(compass: Compass, model: WeightModel, lang: str) -> str:
    if model.exact:
        return _("the compass weights, without uncertainty")
    if model.kind == "dirichlet":
        return _("Dirichlet around the compass weights, concentration κ = %(k)s") % {
            "k": number(model.concentration, 0)
        }
    if model.kind == "ordering":
        if model.level == "aspects":
            names = [compass.aspect(a).name(lang) for a in model.order]
            return _("only the order of the aspects: %(order)s") % {"order": " > ".join(names)}
        names = [compass.criterion(c).name(lang) for c in model.order]
        return _("only the order of the criteria: %(order)s") % {"order": " > ".join(names)}
    bounds = ", ".join(
        f"{compass.criterion(c).name(lang)} {number(low)}–{number(high)}"
        for c, (low, high) in model.intervals.items()
    )
    return _("bounds per weight: %(bounds)s") % {"bounds": bounds or "–"}


def render_robustness(
    compass: Compass,
    round_: Round,
    rows: Sequence[FocusRow],
    results: Mapping[str, Robustness],
    lang: str = "nl",
) -> str:
    with translation.override(lang):
        return _robustness(compass, round_, rows, results, lang)


def _robustness(
    compass: Compass,
    round_: Round,
    rows: Sequence[FocusRow],
    results: Mapping[str, Robustness],
    lang: str,
) -> str:
    lines = [compass_line(compass, lang), round_line(round_, lang)]
    if compass.status != "final":
        lines.append(compass.status_note_en if lang == "en" else compass.status_note_nl)
    first = next(iter(results.values()), None)
    for track, result in results.items():
        header = [
            _("Region"),
            _("Code"),
            pgettext("table header", "decided"),
            pgettext("table header", "advice"),
            *(f"P({level_name(compass, level, lang)})" for level in result.levels),
            _("most likely"),
            _("P(rank 1)"),
            _("confidence"),
        ]
        body = []
        for row in rows:
            cell = row.cell(track)
            code = row.region.code
            modal, share = result.modal_level(code)
            body.append(
                [
                    row.label,
                    code,
                    decided_text(compass, cell, lang),
                    advice_text(compass, cell.advice, lang),
                    *(probability(p, lang) for p in result.level_probabilities(code).values()),
                    f"{level_name(compass, modal, lang)} ({probability(share, lang)})",
                    probability(result.first_probability(code), lang),
                    probability(result.confidence_of(code), lang),
                ]
            )
        widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
        lines += ["", compass.track(track).name(lang)]
        lines.append(_line(header, widths))
        lines.append(_line(["-" * w for w in widths], widths))
        lines += [_line(cells, widths) for cells in body]
        ranked = len(result.ranked)
        error_line = ngettext(
            "Monte Carlo error: at most %(error)s percentage points (standard error) · ranked:"
            " %(ranked)s region · excluded by a precondition: %(excluded)s",
            "Monte Carlo error: at most %(error)s percentage points (standard error) · ranked:"
            " %(ranked)s regions · excluded by a precondition: %(excluded)s",
            ranked,
        ) % {
            "error": number(100 * result.mc_error, 2),
            "ranked": ranked,
            "excluded": len(result.excluded),
        }
        lines += ["", error_line]
    if first is not None:
        samples = _(
            "Samples: %(samples)s · seed: %(seed)s (the same seed replays exactly)"
            " · weights: %(model)s"
        ) % {
            "samples": number(first.samples, 0),
            "seed": first.seed,
            "model": _model_text(compass, first.model, lang),
        }
        reading = _(
            "P(level): share of the samples with that level. P(rank 1): probability of the first"
            " place among the ranked regions of the round. Confidence: probability of the first"
            " place with the region's own central weights (over %(samples)s value samples);"
            " · = never first or not ranked."
        ) % {"samples": number(first.confidence_samples, 0)}
        lines += [
            "",
            samples,
            _(
                "Uncertain values: a missing judgement can be any category of its scale, equally"
                " likely; a missing indicator any value of its range; an indicator published with"
                " a standard error is normally distributed around the published value."
            ),
            reading,
            _("Rank acceptabilities, central weights and pairwise winning chances: --format json."),
        ]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def robustness_json(
    compass: Compass,
    round_: Round,
    rows: Sequence[FocusRow],
    results: Mapping[str, Robustness],
) -> dict[str, Any]:
    first = next(iter(results.values()), None)
    return {
        "schema": JSON_SCHEMA,
        "compass": {"id": compass.id, "version": compass.version, "status": compass.status},
        "round": {"id": round_.id, "name_nl": round_.name_nl, "name_en": round_.name_en},
        "samples": first.samples if first else None,
        "seed": first.seed if first else None,
        "weight_model": first.model.as_json() if first else None,
        "block": BLOCK,
        "tracks": {track: _track_json(rows, track, result) for track, result in results.items()},
    }


def _track_json(rows: Sequence[FocusRow], track: str, result: Robustness) -> dict[str, Any]:
    return {
        "levels": list(result.levels),
        "criteria": list(result.criteria),
        "ranked": list(result.ranked),
        "excluded": list(result.excluded),
        "mc_error": _round(result.mc_error),
        "confidence_samples": result.confidence_samples,
        "pairwise_samples": result.pairwise_samples,
        "regions": [_region_json(row, track, result) for row in rows],
    }


def _region_json(row: FocusRow, track: str, result: Robustness) -> dict[str, Any]:
    code = row.region.code
    cell = row.cell(track)
    modal, share = result.modal_level(code)
    ranks = result.rank_probabilities(code)
    central = result.central_weights_of(code)
    ranked = code in result.ranked
    return {
        "code": code,
        "name_nl": row.region.name_nl,
        "name_en": row.region.name_en,
        "label": row.label,
        "decided": cell.decided,
        "advice": advice_json(cell.advice),
        "level_probabilities": {
            level: _round(p) for level, p in result.level_probabilities(code).items()
        },
        "modal_level": {"level": modal, "probability": _round(share)},
        "rank_acceptability": None if ranks is None else [_round(p) for p in ranks],
        "first_rank": _round(result.first_probability(code)),
        "central_weights": None
        if central is None
        else {key: _round(w) for key, w in central.items()},
        "confidence": _round(result.confidence_of(code)),
        "pairwise": {
            other: _round(result.winning_chance(code, other))
            for other in result.ranked
            if other != code
        }
        if ranked
        else None,
    }


def _round(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(float(value), 6)

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

from kompas.dataset.model import Round
from kompas.engine import Compass
from kompas.engine.robustness import BLOCK, Robustness, WeightModel
from kompas.shared.focus import FocusRow
from kompas.reports.focus_table import advice_json, advice_text, decided_text, level_name
from kompas.reports.text import number, t

JSON_SCHEMA = "kompas.robustness/1"


def probability(share: float | None, lang: str = "nl") -> str:
    """A probability as a percentage with one decimal ("87,3 %"); "·" where there is none."""
    if share is None:
        return "·"
    if share in (0.0, 1.0):
        return f"{int(share * 100)} %"
    return f"{number(100 * share, lang, 1)} %"


def model_text(compass: Compass, model: WeightModel, lang: str = "nl") -> str:
    if model.exact:
        return t("rob_model_exact", lang)
    if model.kind == "dirichlet":
        return t("rob_model_dirichlet", lang, k=number(model.concentration, lang, 0))
    if model.kind == "ordering":
        if model.level == "aspects":
            names = [compass.aspect(a).name(lang) for a in model.order]
        else:
            names = [compass.criterion(c).name(lang) for c in model.order]
        return t(f"rob_model_{model.level}", lang, order=" > ".join(names))
    bounds = ", ".join(
        f"{compass.criterion(c).name(lang)} {number(low, lang)}–{number(high, lang)}"
        for c, (low, high) in model.intervals.items()
    )
    return t("rob_model_intervals", lang, bounds=bounds or "–")


def render_robustness(
    compass: Compass,
    round_: Round,
    rows: Sequence[FocusRow],
    results: Mapping[str, Robustness],
    lang: str = "nl",
) -> str:
    lines = [
        t(
            "compass_line",
            lang,
            name=compass.name_nl if lang == "nl" else compass.name_en,
            version=compass.version,
            status=compass.status,
        ),
        t("round_line", lang, name=round_.name_en if lang == "en" else round_.name_nl),
    ]
    if compass.status != "final":
        lines.append(compass.status_note_en if lang == "en" else compass.status_note_nl)
    first = next(iter(results.values()), None)
    for track, result in results.items():
        header = [
            t("region", lang),
            t("code", lang),
            t("decided", lang),
            t("advice", lang),
            *(f"P({level_name(compass, level, lang)})" for level in result.levels),
            t("rob_modal", lang),
            t("rob_first", lang),
            t("rob_confidence", lang),
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
        lines += [
            "",
            t(
                "rob_error_line",
                lang,
                error=number(100 * result.mc_error, lang, 2),
                ranked=len(result.ranked),
                excluded=len(result.excluded),
            ),
        ]
    if first is not None:
        lines += [
            "",
            t(
                "rob_samples",
                lang,
                samples=number(first.samples, lang, 0),
                seed=first.seed,
                model=model_text(compass, first.model, lang),
            ),
            t("rob_values", lang),
            t("rob_reading", lang, samples=number(first.confidence_samples, lang, 0)),
            t("rob_json_only", lang),
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

"""One region's advice explained, as text for people and as JSON."""

from __future__ import annotations

from typing import Any

from kompas.dataset.model import Dataset, Judgement, Region
from kompas.engine import Advice, Compass, RegionInput
from kompas.engine.assess import analyst_advice
from kompas.engine.compass import Scale
from kompas.engine.explain import Change
from kompas.engine.panel import Panel, panels
from kompas.shared.focus import Cell
from kompas.reports.focus_table import advice_json, advice_text, decided_text
from kompas.reports.text import interval, number, percent, steps, t

BAR = 30


def render_explanation(
    compass: Compass,
    dataset: Dataset,
    region: Region,
    inputs: RegionInput,
    cell: Cell,
    round_id: str,
    lang: str = "nl",
) -> str:
    advice = cell.advice
    track = compass.track(cell.track)
    lines = [
        t("title_explain", lang, name=region.name(lang), code=region.code, track=track.name(lang)),
        "",
    ]
    lines.append(
        t(
            "advice_line",
            lang,
            advice=advice_text(compass, advice, lang),
            score=interval(advice.score_low, advice.score_high, lang),
        )
    )
    if cell.decided:
        lines.append(
            t(
                "decision_line",
                lang,
                round=round_id,
                level=decided_text(compass, cell, lang),
                agreement=t(cell.agreement or "open", lang),
            )
        )
    else:
        lines.append(t("no_decision", lang, round=round_id))
    if compass.status != "final":
        lines.append(compass.status_note_en if lang == "en" else compass.status_note_nl)
    lines += ["", *_gates(compass, advice, lang), "", *_aspects(compass, advice, lang), ""]
    judged_by_several = panels(compass, inputs)
    lines += _criteria(compass, dataset, region, inputs, judged_by_several, advice, lang)
    if judged_by_several:
        lines += ["", *_analysts(compass, inputs, judged_by_several, cell.track, advice, lang)]
    lines += ["", *_points(compass, advice, lang), "", *_missing(compass, advice, lang), ""]
    lines += _changes(compass, advice, lang)
    themes = dataset.themes_of(region.code)
    if themes:
        names = [
            (f"{t('avoid', lang)}: " if th.avoid else "")
            + th.wording
            + (f" ({t('via', lang, group=group)})" if group else "")
            for th, group in themes
        ]
        lines += ["", t("themes_line", lang, themes="; ".join(dict.fromkeys(names)))]
    return "\n".join(lines)


def _gates(compass: Compass, advice: Advice, lang: str) -> list[str]:
    lines = [t("gates_title", lang, outcome=t(advice.gates.outcome, lang))]
    for check in advice.gates.checks:
        precondition = compass.precondition(check.precondition)
        line = f"  {precondition.name(lang)}: {t(check.gate.status, lang)}"
        if check.gate.evidence:
            line += f" — „{check.gate.evidence}” ({check.gate.source}, {check.gate.section})"
        lines.append(line)
        if check.gate.status == "fail":
            lines.append(f"    {t('gate_rule', lang)}: {precondition.rule(lang)}")
    if advice.excluded:
        lines.append(t("excluded_note", lang))
    elif advice.pending:
        lines.append(t("pending_note", lang))
    return lines


def _bar(low: float, high: float, top: float) -> str:
    solid = round(BAR * low / top) if top else 0
    open_ = round(BAR * high / top) - solid if top else 0
    return "█" * solid + "░" * open_


def _aspects(compass: Compass, advice: Advice, lang: str) -> list[str]:
    top = max(high for _, _, high in advice.aspects) or 1.0
    width = max(len(a.name(lang)) for a in compass.aspects)
    lines = [t("aspects_title", lang)]
    for aspect_id, low, high in advice.aspects:
        name = compass.aspect(aspect_id).name(lang)
        lines.append(
            f"  {name.ljust(width)}  {interval(low, high, lang).ljust(11)} {_bar(low, high, top)}"
        )
    return lines


def _criteria(
    compass: Compass,
    dataset: Dataset,
    region: Region,
    inputs: RegionInput,
    judged_by_several: tuple[Panel, ...],
    advice: Advice,
    lang: str,
) -> list[str]:
    width = max(len(c.name(lang)) for c in compass.criteria)
    lines = [t("criteria_title", lang)]
    records: dict[str, list[Judgement]] = {}
    for judgement in dataset.judgements:
        if judgement.region == region.code:
            records.setdefault(judgement.criterion, []).append(judgement)
    panel_by_criterion = {p.criterion: p for p in judged_by_several}
    for score in advice.criteria:
        criterion = compass.criterion(score.criterion)
        share = percent(score.weight, lang).rjust(7)
        head = f"  {criterion.name(lang).ljust(width)}  {t('weight', lang)} {share}"
        low, high = score.contribution
        if score.known:
            value = f"{t('value', lang)} {number(score.low, lang)}"
        else:
            value = t(
                "unknown_range", lang, low=number(score.low, lang), high=number(score.high, lang)
            )
        lines.append(
            f"{head}  {value.ljust(22)} {t('contribution', lang)} {interval(low, high, lang)}"
        )
        found = records.get(score.criterion, [])
        panel = panel_by_criterion.get(score.criterion)
        if panel is not None:
            lines += _panel(compass, panel, found, lang)
            continue
        detail = _detail(
            compass, dataset, inputs, found[0] if found else None, score.criterion, lang
        )
        if detail:
            lines.append(f"      {detail}")
    return lines


def _detail(
    compass: Compass,
    dataset: Dataset,
    inputs: RegionInput,
    judgement: Judgement | None,
    criterion_id: str,
    lang: str,
) -> str:
    criterion = compass.criterion(criterion_id)
    if judgement is not None and criterion.scale is not None:
        category = judged_name(criterion.scale, judgement.judged, lang)
        return f"{category}: {judgement.rationale}{_cited(judgement)}"
    reading = inputs.readings.get(criterion_id)
    if reading is None:
        return ""
    indicator = dataset.indicators[reading.value.indicator]
    text = f"{indicator.name(lang)} {reading.value.edition}: {number(reading.value.value, lang)}"
    if reading.reference is not None:
        text = t(
            "relative",
            lang,
            value=text,
            reference=reading.reference.region,
            ref_value=number(reading.reference.value, lang),
        )
    if reading.proxy:
        scope = t("proxy", lang, region=reading.value.region)
    else:
        own = (
            "own_national"
            if dataset.regions[reading.region].scheme == "iso3166-1"
            else "own_regional"
        )
        scope = t(own, lang)
    return f"{text} · {scope} · {t('source', lang)} {reading.value.source}"


def _panel(compass: Compass, panel: Panel, records: list[Judgement], lang: str) -> list[str]:
    """Several analysts on one criterion: what they make together, then each one's judgement."""
    scale = compass.criterion(panel.criterion).scale
    assert scale is not None
    if panel.spread:
        lowest, highest = scale.category(panel.lowest), scale.category(panel.highest)
        spread = t(
            "panel_spread",
            lang,
            steps=steps(panel.spread, lang),
            lowest=lowest.name(lang),
            highest=highest.name(lang),
        )
    else:
        spread = t("panel_agree", lang)
    summary = t(
        "panel_line",
        lang,
        count=len(panel.judgements),
        method=t(compass.aggregation.judgements, lang),
        value=number(panel.low, lang) if panel.known else interval(panel.low, panel.high, lang),
        category=judged_name(scale, (panel.nearest, panel.nearest_high), lang),
        spread=spread,
    )
    if panel.discuss:
        summary += f" · {t('to_discuss', lang)}"
    by_author = {r.author: r for r in records}
    lines = [f"      {summary}"]
    for analyst, category in panel.judgements.items():
        line = f"      - {analyst}: {judged_name(scale, category, lang)}"
        record = by_author.get(analyst)
        if record is not None:
            line += f": {record.rationale}{_cited(record)}"
        lines.append(line)
    return lines


def judged_name(scale: Scale, judged: str | tuple[str, str], lang: str) -> str:
    """A category's name, or "lowest … highest" for a range (one name when both are one)."""
    low, high = (judged, judged) if isinstance(judged, str) else judged
    if low == high:
        return scale.category(low).name(lang)
    return f"{scale.category(low).name(lang)} … {scale.category(high).name(lang)}"


def _cited(judgement: Judgement) -> str:
    """The judgement's source in brackets; nothing for an analyst's own rationale without one."""
    if not judgement.cited.source:
        return ""
    return f" ({judgement.cited.source}, {judgement.cited.section})"


def _analysts(
    compass: Compass,
    inputs: RegionInput,
    judged_by_several: tuple[Panel, ...],
    track_id: str,
    combined: Advice,
    lang: str,
) -> list[str]:
    """Each analyst's own advice on this track beside the combined one, and what to discuss."""
    own = analyst_advice(compass, inputs, track_id)
    method = t(compass.aggregation.judgements, lang)
    rows = [(t("analysts_combined", lang, method=method), combined, "")]
    rows += [(name, advice, _differs(advice, combined)) for name, advice in own.items()]
    width = max(len(label) for label, _, _ in rows)
    lines = [t("analysts_title", lang)]
    for label, advice, mark in rows:
        text = advice_text(compass, advice, lang)
        score = interval(advice.score_low, advice.score_high, lang)
        lines.append(f"  {label.ljust(width)}  {text} ({t('score', lang)} {score}){mark}")
    flagged = [p for p in judged_by_several if p.discuss]
    if flagged:
        criteria = ", ".join(
            f"{compass.criterion(p.criterion).name(lang)} ({steps(p.spread, lang)})"
            for p in flagged
        )
        spread = steps(compass.aggregation.discuss_spread, lang)
        lines.append(f"  {t('analysts_discuss', lang, steps=spread, criteria=criteria)}")
    return [*lines, f"  ({t('analysts_note', lang)})"]


def _differs(advice: Advice, combined: Advice) -> str:
    same = (advice.level_best, advice.level_worst) == (combined.level_best, combined.level_worst)
    return "" if same else " ≠"


def _points(compass: Compass, advice: Advice, lang: str) -> list[str]:
    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(compass.criterion(c).name(lang) for c in ids) or t("none", lang)

    return [
        f"{t('strongest', lang)}: {names(advice.explanation.strongest)}",
        f"{t('weakest', lang)}: {names(advice.explanation.weakest)}",
    ]


def _missing(compass: Compass, advice: Advice, lang: str) -> list[str]:
    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(compass.criterion(c).name(lang) for c in ids) or t("none", lang)

    return [
        f"{t('missing_title', lang)}: {names(advice.missing)}",
        f"  {t('could_change', lang)}: {names(advice.could_change_level)}",
        f"  {t('decisive', lang)}: {names(advice.decisive)}",
    ]


def _changes(compass: Compass, advice: Advice, lang: str) -> list[str]:
    lines = [t("changes_title", lang)]
    if advice.excluded:
        return [*lines, f"  {t('excluded_note', lang)}"]
    for direction in ("up", "down"):
        found = [c for c in advice.explanation.changes if c.direction == direction]
        if not found:
            lines.append(f"  {t('no_change', lang, direction=t(direction, lang))}")
        for change in found:
            lines.append(f"  {t(direction, lang)}: {describe_change(compass, change, lang)}")
    return [*lines, f"  ({t('worst_case_note', lang)})"]


def describe_change(compass: Compass, change: Change, lang: str) -> str:
    gives = t(
        "gives",
        lang,
        score=number(change.score_after, lang),
        level=compass.level(change.level_after).name(lang),
    )
    if change.kind == "judgement":
        criterion = compass.criterion(change.target)
        assert criterion.scale is not None
        before = (
            criterion.scale.category(str(change.before)).name(lang)
            if change.before
            else t("unknown", lang)
        )
        after = criterion.scale.category(str(change.after)).name(lang)
        name = criterion.name(lang)
        return f"{t('change_judgement', lang, target=name, before=before, after=after)} {gives}"
    is_aspect = change.kind == "aspect_weight"
    target = (
        compass.aspect(change.target) if is_aspect else compass.criterion(change.target)
    ).name(lang)
    raw = number(change.raw_weight_after, lang) if change.raw_weight_after is not None else "∞"
    text = t(
        "change_weight",
        lang,
        what=t("aspect" if is_aspect else "criterion", lang),
        target=target,
        before=percent(float(change.before or 0), lang),
        after=percent(float(change.after), lang),
        raw=raw,
    )
    return f"{text} {gives}"


def explanation_json(
    compass: Compass, region: Region, cell: Cell, inputs: RegionInput | None = None
) -> dict[str, Any]:
    """The explanation as data; with `inputs`, also the analysts' panels and own advice."""
    advice = cell.advice
    extra: dict[str, Any] = {}
    if inputs is not None:
        extra = panels_json(compass, inputs, cell.track)
    return {
        "schema": "kompas.explain/1",
        "region": region.code,
        "track": cell.track,
        "decided": cell.decided,
        "agreement": cell.agreement,
        "advice": advice_json(advice),
        "gates": [
            {"precondition": c.precondition, "status": c.gate.status} for c in advice.gates.checks
        ],
        "aspects": [
            {"aspect": a, "low": round(lo, 6), "high": round(hi, 6)} for a, lo, hi in advice.aspects
        ],
        "criteria": [
            {
                "criterion": c.criterion,
                "weight": round(c.weight, 6),
                "known": c.known,
                "value_low": round(c.low, 6),
                "value_high": round(c.high, 6),
            }
            for c in advice.criteria
        ],
        "strongest": list(advice.explanation.strongest),
        "weakest": list(advice.explanation.weakest),
        "changes": [
            {
                "direction": c.direction,
                "kind": c.kind,
                "target": c.target,
                "before": c.before,
                "after": c.after,
                "score_after": round(c.score_after, 6),
                "level_after": c.level_after,
                "steps": c.steps,
                "raw_weight_after": c.raw_weight_after,
            }
            for c in advice.explanation.changes
        ],
        **extra,
    }


def panels_json(compass: Compass, inputs: RegionInput, track_id: str) -> dict[str, Any]:
    """Each criterion judged by several analysts, and each analyst's own advice on the track."""
    own = analyst_advice(compass, inputs, track_id)
    return {
        "aggregation": compass.aggregation.judgements,
        "panels": [
            {
                "criterion": p.criterion,
                "judgements": dict(p.judgements),
                "value": round(p.value, 6),
                "nearest": p.nearest,
                "spread": p.spread,
                "discuss": p.discuss,
            }
            for p in panels(compass, inputs)
        ],
        "analysts": {name: advice_json(advice) for name, advice in own.items()},
    }

"""One region's advice explained, as text for people and as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kompas.dataset.model import Dataset, Judgement, Region
from kompas.engine import Advice, Compass, RegionInput
from kompas.engine.assess import analyst_advice
from kompas.engine.compass import Scale
from kompas.engine.explain import Change
from kompas.engine.panel import Panel, panels
from kompas.reports import words
from kompas.reports.focus_table import advice_json, advice_text, decided_text
from kompas.shared.focus import Cell
from kompas.shared.formats import interval, number, percent

BAR = 30


def render_explanation(
    compass: Compass,
    dataset: Dataset,
    region: Region,
    inputs: RegionInput,
    cell: Cell,
    round_id: str,
    lang: str = "nl",
    same_as: str | None = None,
) -> str:
    """The explanation of one track; with `same_as` (a track id whose explanation was already
    given and is the same for this one) only the advice and the decision, and a pointer."""
    with translation.override(lang):
        return _explanation(compass, dataset, region, inputs, cell, round_id, lang, same_as)


def same_explanation(explanation: dict[str, Any]) -> str:
    """What must match for two tracks' explanations to be the same (all but track and decision),
    as a key (`explanation_json`'s output)."""
    rest = {k: v for k, v in explanation.items() if k not in ("track", "decided", "agreement")}
    return json.dumps(rest, sort_keys=True)


def _explanation(
    compass: Compass,
    dataset: Dataset,
    region: Region,
    inputs: RegionInput,
    cell: Cell,
    round_id: str,
    lang: str,
    same_as: str | None = None,
) -> str:
    advice = cell.advice
    track = compass.track(cell.track)
    lines = [f"{region.name(lang)} ({region.code}) · {track.name(lang)}", ""]
    lines.append(
        _("Advice: %(advice)s (score %(score)s)")
        % {
            "advice": advice_text(compass, advice, lang),
            "score": interval(advice.score_low, advice.score_high),
        }
    )
    if cell.decided:
        lines.append(
            _("Decision %(round)s: %(level)s · %(agreement)s")
            % {
                "round": round_id,
                "level": decided_text(compass, cell, lang),
                "agreement": words.agreement(cell.agreement),
            }
        )
    else:
        lines.append(_("No decision in %(round)s") % {"round": round_id})
    if same_as is not None:
        note = _("The explanation of this track is the same as that of %(track)s above.") % {
            "track": compass.track(same_as).name(lang)
        }
        return "\n".join([*lines, "", note])
    if compass.status != "final":
        lines.append(compass.status_note_en if lang == "en" else compass.status_note_nl)
    lines += ["", *_gates(compass, advice, lang), "", *_aspects(compass, advice, lang), ""]
    judged_by_several = panels(compass, inputs)
    lines += _criteria(compass, dataset, region, inputs, judged_by_several, advice, lang)
    if judged_by_several:
        lines += ["", *_analysts(compass, inputs, judged_by_several, cell.track, advice, lang)]
    lines += ["", *_points(compass, advice, lang), "", *_missing(compass, advice, lang), ""]
    lines += _changes(compass, advice, lang)
    themes = theme_names(compass, dataset, region, lang)
    if themes:
        lines += ["", _("Themes: %(themes)s") % {"themes": "; ".join(themes)}]
    return "\n".join(lines)


def theme_names(compass: Compass, dataset: Dataset, region: Region, lang: str) -> list[str]:
    """The region's themes, each once: Brabant's themes by the compass's name (the documents'
    words vary: "HTSM", "Hightech Systems & Materials"), others in the documents' words; themes
    to avoid marked, themes of a group with the group."""
    names = []
    for theme, group in dataset.themes_of(region.code):
        name = compass.theme(theme.theme).name(lang) if theme.theme else theme.wording
        if theme.avoid:
            name = f"{words.avoid()}: {name}"
        if group:
            name += " ({})".format(_("via %(group)s") % {"group": group})
        names.append(name)
    return list(dict.fromkeys(names))


def _gates(compass: Compass, advice: Advice, lang: str) -> list[str]:
    lines = [_("Preconditions: %(outcome)s") % {"outcome": words.outcome(advice.gates.outcome)}]
    for check in advice.gates.checks:
        precondition = compass.precondition(check.precondition)
        line = f"  {precondition.name(lang)}: {words.gate_status(check.gate.status)}"
        if check.gate.evidence:
            line += f" — „{check.gate.evidence}”{_citation(check.gate.source, check.gate.section)}"
        lines.append(line)
        if check.gate.status == "fail":
            rule = pgettext("precondition", "rule")
            lines.append(f"    {rule}: {precondition.rule(lang)}")
    if advice.excluded:
        lines.append(_excluded_note())
    elif advice.pending:
        lines.append(_("Advice pending: not all preconditions are established."))
    return lines


def _excluded_note() -> str:
    return _("Level '–' because a precondition is not met, whatever the score.")


def _bar(low: float, high: float, top: float) -> str:
    solid = round(BAR * low / top) if top else 0
    open_ = round(BAR * high / top) - solid if top else 0
    return "█" * solid + "░" * open_


def _aspects(compass: Compass, advice: Advice, lang: str) -> list[str]:
    top = max(high for _, _, high in advice.aspects) or 1.0
    width = max(len(a.name(lang)) for a in compass.aspects)
    lines = [_("Contribution per aspect")]
    for aspect_id, low, high in advice.aspects:
        name = compass.aspect(aspect_id).name(lang)
        lines.append(
            f"  {name.ljust(width)}  {interval(low, high).ljust(11)} {_bar(low, high, top)}"
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
    lines = [_("Contribution per criterion")]
    records: dict[str, list[Judgement]] = {}
    for judgement in dataset.judgements:
        if judgement.region == region.code:
            records.setdefault(judgement.criterion, []).append(judgement)
    panel_by_criterion = {p.criterion: p for p in judged_by_several}
    for score in advice.criteria:
        criterion = compass.criterion(score.criterion)
        share = percent(score.weight, 2, trim=True).rjust(7)
        weight = pgettext("criterion", "weight")
        head = f"  {criterion.name(lang).ljust(width)}  {weight} {share}"
        low, high = score.contribution
        if score.known:
            value = pgettext("criterion", "value %(value)s") % {"value": number(score.low)}
        else:
            value = _("unknown (%(low)s – %(high)s)") % {
                "low": number(score.low),
                "high": number(score.high),
            }
        contribution = pgettext("criterion", "contribution")
        lines.append(f"{head}  {value.ljust(22)} {contribution} {interval(low, high)}")
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
    text = f"{indicator.name(lang)} {reading.value.edition}: {number(reading.value.value)}"
    if reading.reference is not None:
        text = _("%(value)s relative to %(reference)s %(ref_value)s") % {
            "value": text,
            "reference": reading.reference.region,
            "ref_value": number(reading.reference.value),
        }
    if reading.proxy:
        scope = _("national proxy: %(region)s") % {"region": reading.value.region}
    elif dataset.regions[reading.region].scheme == "iso3166-1":
        scope = _("own national value")
    else:
        scope = _("own regional value")
    source = pgettext("indicator", "source %(source)s") % {"source": reading.value.source}
    return f"{text} · {scope} · {source}"


def _panel(compass: Compass, panel: Panel, records: list[Judgement], lang: str) -> list[str]:
    """Several analysts on one criterion: what they make together, then each one's judgement."""
    scale = compass.criterion(panel.criterion).scale
    assert scale is not None
    if panel.spread:
        lowest, highest = scale.category(panel.lowest), scale.category(panel.highest)
        spread = _("spread %(steps)s (%(lowest)s to %(highest)s)") % {
            "steps": words.steps(panel.spread),
            "lowest": lowest.name(lang),
            "highest": highest.name(lang),
        }
    else:
        spread = _("the analysts agree")
    count = len(panel.judgements)
    summary = ngettext(
        "%(count)s analyst · %(method)s %(value)s, nearest to %(category)s · %(spread)s",
        "%(count)s analysts · %(method)s %(value)s, nearest to %(category)s · %(spread)s",
        count,
    ) % {
        "count": count,
        "method": words.method(compass.aggregation.judgements),
        "value": number(panel.low) if panel.known else interval(panel.low, panel.high),
        "category": judged_name(scale, (panel.nearest, panel.nearest_high), lang),
        "spread": spread,
    }
    if panel.discuss:
        summary += " · " + _("⚑ to discuss")
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
    return _citation(judgement.cited.source, judgement.cited.section)


def _citation(source: str | None, section: str | None) -> str:
    """ " (source, section)" with what is known of the two; nothing when neither is."""
    known = [part for part in (source, section) if part]
    return f" ({', '.join(known)})" if known else ""


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
    method = words.method(compass.aggregation.judgements)
    rows = [(_("Combined (%(method)s)") % {"method": method}, combined, "")]
    rows += [(name, advice, _differs(advice, combined)) for name, advice in own.items()]
    width = max(len(label) for label, _, _ in rows)
    lines = [_("Several analysts")]
    for label, advice, mark in rows:
        text = advice_text(compass, advice, lang)
        score = interval(advice.score_low, advice.score_high)
        scored = _("%(advice)s (score %(score)s)") % {"advice": text, "score": score}
        lines.append(f"  {label.ljust(width)}  {scored}{mark}")
    flagged = [p for p in judged_by_several if p.discuss]
    if flagged:
        criteria = ", ".join(
            f"{compass.criterion(p.criterion).name(lang)} ({words.steps(p.spread)})"
            for p in flagged
        )
        discuss = _("⚑ To discuss (the analysts lie %(steps)s or more apart): %(criteria)s") % {
            "steps": words.steps(compass.aggregation.discuss_spread),
            "criteria": criteria,
        }
        lines.append(f"  {discuss}")
    note = _(
        "Own advice: with the analyst's categories where several analysts judged, everything"
        " else as it is; ≠ differs from the combined advice."
    )
    return [*lines, f"  ({note})"]


def _differs(advice: Advice, combined: Advice) -> str:
    same = (advice.level_best, advice.level_worst) == (combined.level_best, combined.level_worst)
    return "" if same else " ≠"


def _names(compass: Compass, ids: tuple[str, ...], lang: str) -> str:
    return ", ".join(compass.criterion(c).name(lang) for c in ids) or words.none()


def _points(compass: Compass, advice: Advice, lang: str) -> list[str]:
    strongest = _names(compass, advice.explanation.strongest, lang)
    weakest = _names(compass, advice.explanation.weakest, lang)
    return [
        _("Strongest points: %(criteria)s") % {"criteria": strongest},
        _("Weakest points: %(criteria)s") % {"criteria": weakest},
    ]


def _missing(compass: Compass, advice: Advice, lang: str) -> list[str]:
    missing = _names(compass, advice.missing, lang)
    could_change = _names(compass, advice.could_change_level, lang)
    decisive = _names(compass, advice.decisive, lang)
    lines = [_("Missing judgements and values (to do): %(criteria)s") % {"criteria": missing}]
    if advice.missing and set(advice.could_change_level) == set(advice.missing):
        lines.append("  " + _("each of them could still change the level"))
    else:
        lines.append(
            "  " + _("could still change the level: %(criteria)s") % {"criteria": could_change}
        )
    if advice.decisive and set(advice.decisive) == set(advice.missing):
        lines.append("  " + _("each of them alone would shift the level"))
    else:
        lines.append("  " + _("alone would shift the level: %(criteria)s") % {"criteria": decisive})
    return lines


def _changes(compass: Compass, advice: Advice, lang: str) -> list[str]:
    lines = [_("Smallest change that moves the level")]
    if advice.excluded:
        return [*lines, f"  {_excluded_note()}"]
    for direction in ("up", "down"):
        found = [c for c in advice.explanation.changes if c.direction == direction]
        word = words.direction(direction)
        if not found:
            impossible = _("%(direction)s: not possible with one judgement or one weight")
            lines.append(f"  {impossible % {'direction': word}}")
        for change in found:
            lines.append(f"  {word}: {describe_change(compass, change, lang)}")
    note = _("'up' applies to the worst case of the range, 'down' to the best case.")
    return [*lines, f"  ({note})"]


def describe_change(compass: Compass, change: Change, lang: str) -> str:
    """The change of one judgement or one weight and what it gives, in `lang`."""
    with translation.override(lang):
        return _describe_change(compass, change, lang)


def _describe_change(compass: Compass, change: Change, lang: str) -> str:
    gives = _("→ score %(score)s, level %(level)s") % {
        "score": number(change.score_after),
        "level": compass.level(change.level_after).name(lang),
    }
    if change.kind == "judgement":
        criterion = compass.criterion(change.target)
        assert criterion.scale is not None
        before = (
            criterion.scale.category(str(change.before)).name(lang)
            if change.before
            else _("unknown")
        )
        text = _("judgement '%(target)s' from %(before)s to %(after)s") % {
            "target": criterion.name(lang),
            "before": before,
            "after": criterion.scale.category(str(change.after)).name(lang),
        }
        return f"{text} {gives}"
    is_aspect = change.kind == "aspect_weight"
    target = (
        compass.aspect(change.target) if is_aspect else compass.criterion(change.target)
    ).name(lang)
    raw = number(change.raw_weight_after) if change.raw_weight_after is not None else "∞"
    template = (
        _("weight of aspect '%(target)s' from %(before)s to %(after)s (raw weight %(raw)s)")
        if is_aspect
        else _("weight of criterion '%(target)s' from %(before)s to %(after)s (raw weight %(raw)s)")
    )
    text = template % {
        "target": target,
        "before": percent(float(change.before or 0), 2, trim=True),
        "after": percent(float(change.after), 2, trim=True),
        "raw": raw,
    }
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

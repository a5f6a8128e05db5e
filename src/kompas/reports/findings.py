"""`kompas check`: the inconsistencies in the recorded data, as text (for people) and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kompas.dataset.check import Finding
from kompas.dataset.model import Dataset
from kompas.engine import Compass
from kompas.reports import words

MESSAGES = {
    "decision_vs_narrative": gettext_lazy(
        "%(region)s: decision %(track)s is '%(decided)s', the text says '%(stated)s': „%(quote)s”"
    ),
    "narrative_conflict": gettext_lazy(
        "%(region)s: the text states different levels for %(track)s: %(levels)s"
    ),
    "described_not_decided": gettext_lazy(
        "%(region)s: described in the documents, but without a decision in %(round)s"
    ),
    "relation_without_decision": gettext_lazy(
        "%(region)s: relation (%(phase)s), but without a decision in %(round)s"
    ),
    "value_without_source": gettext_lazy("%(region)s: %(what)s without a source (%(problem)s)"),
    "judgements_to_discuss": gettext_lazy(
        "%(region)s: '%(criterion)s' to discuss: the analysts (%(analysts)s) lie %(spread)s apart"
        " (%(lowest)s to %(highest)s)"
    ),
}


def render_findings(
    compass: Compass, dataset: Dataset, findings: Sequence[Finding], lang: str = "nl"
) -> str:
    with translation.override(lang):
        if not findings:
            return _("No inconsistencies found.")
        lines = [f"- {_finding(compass, dataset, finding, lang)}" for finding in findings]
        count = len(findings)
        lines.append(ngettext("%(count)s finding", "%(count)s findings", count) % {"count": count})
        return "\n".join(lines)


def _finding(compass: Compass, dataset: Dataset, finding: Finding, lang: str) -> str:
    region = dataset.regions[finding.region]
    detail: dict[str, Any] = dict(finding.detail)
    for key in ("decided", "stated"):
        if key in detail:
            detail[key] = compass.level(detail[key]).name(lang)
    if "levels" in detail:
        names = [compass.level(level).name(lang) for level in detail["levels"].split(", ")]
        detail["levels"] = ", ".join(names)
    if detail.get("track") in {track.id for track in compass.tracks}:
        detail["track"] = compass.track(detail["track"]).name(lang)
    if finding.kind == "judgements_to_discuss":
        detail.update(_panel_words(compass, detail, lang))
    detail["region"] = f"{region.name(lang)} ({region.code})"
    line = str(MESSAGES[finding.kind]) % detail
    if finding.cited:
        line += f" [{finding.cited.source}, {finding.cited.section}]"
    return line


def _panel_words(compass: Compass, detail: dict[str, str], lang: str) -> dict[str, str]:
    """A discussion finding's criterion, categories and spread in words."""
    criterion = compass.criterion(detail["criterion"])
    assert criterion.scale is not None
    return {
        "criterion": criterion.name(lang),
        "lowest": criterion.scale.category(detail["lowest"]).name(lang),
        "highest": criterion.scale.category(detail["highest"]).name(lang),
        "spread": words.steps(int(detail["spread"])),
    }


def findings_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "kind": f.kind,
            "region": f.region,
            **f.detail,
            "source": f.cited.source if f.cited else None,
            "section": f.cited.section if f.cited else None,
        }
        for f in findings
    ]

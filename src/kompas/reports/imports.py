"""The preview and the change report of an import, as text for the command line."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kompas.shared.formats import number

SHOWN = 15


def render_plan(plan: Any, lang: str = "nl") -> str:
    with translation.override(lang):
        return _plan(plan)


def _plan(plan: Any) -> str:
    batch = plan.batch
    lines = [
        _("File: %(file)s (sha256 %(sha)s…, %(size)s bytes)")
        % {"file": plan.file_name, "sha": plan.sha256[:12], "size": plan.size},
        _("Source: %(publisher)s, %(title)s, edition %(edition)s")
        % {"publisher": batch.publisher, "title": batch.title, "edition": batch.edition},
    ]
    if batch.values or not batch.shapes:
        lines.append(
            _(
                "New: %(added)s · changed: %(changed)s · unchanged: %(unchanged)s"
                " · regions outside Kompas: %(outside)s · rows skipped: %(skipped)s"
            )
            % {
                "added": len(plan.added),
                "changed": len(plan.changed),
                "unchanged": plan.unchanged,
                "outside": len(plan.outside),
                "skipped": len(batch.skipped),
            }
        )
    if batch.shapes:
        lines.append(
            _(
                "Boundaries for the map: new: %(added)s · changed: %(changed)s"
                " · unchanged: %(unchanged)s · skipped: %(skipped)s"
            )
            % {
                "added": len(plan.shapes_added),
                "changed": len(plan.shapes_changed),
                "unchanged": plan.shapes_unchanged,
                "skipped": len(batch.skipped),
            }
        )
    if plan.earlier is not None:
        lines.append(
            pgettext("command line", "This file was imported before, on %(at)s by %(who)s.")
            % {
                "at": f"{plan.earlier.imported_at:%Y-%m-%d %H:%M}",
                "who": plan.earlier.imported_by_name,
            }
        )
    for skip in batch.skipped[:SHOWN]:
        sheet = f"{skip.sheet} " if skip.sheet else ""
        where = {"sheet": sheet, "row": skip.row, "text": skip.text, "reason": skip.reason}
        lines.append("  " + _("%(sheet)srow %(row)s: %(text)s: %(reason)s") % where)
    if len(batch.skipped) > SHOWN:
        lines.append(f"  … {len(batch.skipped) - SHOWN}")
    if not plan.writes:
        lines.append(_("Nothing changes; nothing was stored."))
    return "\n".join(lines)


def render_report(report: dict[str, Any], lang: str = "nl") -> str:
    with translation.override(lang):
        return _report(report, lang)


def _report(report: dict[str, Any], lang: str) -> str:
    shapes = report.get("shapes_added", 0) + report.get("shapes_changed", 0)
    lines = []
    if report["added"] or report["changed"] or not shapes:
        lines.append(
            _("Stored: %(added)s new, %(changed)s changed.")
            % {"added": report["added"], "changed": report["changed"]}
        )
    if shapes:
        lines.append(
            _("Stored boundaries: %(added)s new, %(changed)s changed.")
            % {"added": report["shapes_added"], "changed": report["shapes_changed"]}
        )
        changed = report.get("shapes_changed_codes", [])
        if changed:
            more = f", … {len(changed) - SHOWN}" if len(changed) > SHOWN else ""
            lines.append(f"  {', '.join(changed[:SHOWN])}{more}")
    moved = report.get("moved", [])
    if moved:
        lines.append(_("Values that moved: %(count)s") % {"count": len(moved)})
        for change in moved[:SHOWN]:
            before = "–" if change["before"] is None else number(change["before"], 3)
            since = f" ({change['before_edition']})" if change.get("before_edition") else ""
            after = number(change["after"], 3)
            lines.append(f"  {change['region']} {change['indicator']}: {before}{since} → {after}")
        if len(moved) > SHOWN:
            lines.append(f"  … {len(moved) - SHOWN}")
    advice = report.get("advice_changed", [])
    lines.append(_("Regions whose advice changed: %(count)s") % {"count": len(advice)})
    for item in advice:
        before = "…".join(item["before"][:2]) if item["before"] else "–"
        scores = f"{number(item['after'][2])}–{number(item['after'][3])}"
        mark = " *" if item.get("level_changed") else ""
        after = "…".join(item["after"][:2])
        lines.append(f"  {item['region']} {item['track']}: {before} → {after} ({scores}){mark}")
    return "\n".join(lines)

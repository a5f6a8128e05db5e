"""The preview and the change report of an import, as text for the command line."""

from __future__ import annotations

from typing import Any

from kompas.reports.text import number, t

SHOWN = 15


def render_plan(plan: Any, lang: str = "nl") -> str:
    batch = plan.batch
    lines = [
        t("import_file", lang, file=plan.file_name, sha=plan.sha256[:12], size=plan.size),
        t(
            "import_source",
            lang,
            publisher=batch.publisher,
            title=batch.title,
            edition=batch.edition,
        ),
    ]
    if batch.values or not batch.shapes:
        lines.append(
            t(
                "import_counts",
                lang,
                added=len(plan.added),
                changed=len(plan.changed),
                unchanged=plan.unchanged,
                outside=len(plan.outside),
                skipped=len(batch.skipped),
            )
        )
    if batch.shapes:
        lines.append(
            t(
                "import_shape_counts",
                lang,
                added=len(plan.shapes_added),
                changed=len(plan.shapes_changed),
                unchanged=plan.shapes_unchanged,
                skipped=len(batch.skipped),
            )
        )
    if plan.earlier is not None:
        lines.append(
            t(
                "import_earlier",
                lang,
                at=f"{plan.earlier.imported_at:%Y-%m-%d %H:%M}",
                who=plan.earlier.imported_by_name,
            )
        )
    for skip in batch.skipped[:SHOWN]:
        sheet = f"{skip.sheet} " if skip.sheet else ""
        where = {"sheet": sheet, "row": skip.row, "text": skip.text, "reason": skip.reason}
        lines.append(f"  {t('skipped_row', lang, **where)}")
    if len(batch.skipped) > SHOWN:
        lines.append(f"  … {len(batch.skipped) - SHOWN}")
    if not plan.writes:
        lines.append(t("import_nothing", lang))
    return "\n".join(lines)


def render_report(report: dict[str, Any], lang: str = "nl") -> str:
    shapes = report.get("shapes_added", 0) + report.get("shapes_changed", 0)
    lines = []
    if report["added"] or report["changed"] or not shapes:
        lines.append(t("import_done", lang, added=report["added"], changed=report["changed"]))
    if shapes:
        lines.append(
            t(
                "import_shapes_done",
                lang,
                added=report["shapes_added"],
                changed=report["shapes_changed"],
            )
        )
        changed = report.get("shapes_changed_codes", [])
        if changed:
            more = f", … {len(changed) - SHOWN}" if len(changed) > SHOWN else ""
            lines.append(f"  {', '.join(changed[:SHOWN])}{more}")
    moved = report.get("moved", [])
    if moved:
        lines.append(t("import_moved", lang, count=len(moved)))
        for change in moved[:SHOWN]:
            before = "–" if change["before"] is None else number(change["before"], lang, 3)
            since = f" ({change['before_edition']})" if change.get("before_edition") else ""
            after = number(change["after"], lang, 3)
            lines.append(f"  {change['region']} {change['indicator']}: {before}{since} → {after}")
        if len(moved) > SHOWN:
            lines.append(f"  … {len(moved) - SHOWN}")
    advice = report.get("advice_changed", [])
    lines.append(t("import_advice", lang, count=len(advice)))
    for item in advice:
        before = "…".join(item["before"][:2]) if item["before"] else "–"
        scores = f"{number(item['after'][2], lang)}–{number(item['after'][3], lang)}"
        mark = " *" if item.get("level_changed") else ""
        after = "…".join(item["after"][:2])
        lines.append(f"  {item['region']} {item['track']}: {before} → {after} ({scores}){mark}")
    return "\n".join(lines)

"""What the overview shows: per region and track the decision beside the advice, in figure 1's
tables, filtered; rendered once per data version, filters and language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple
from urllib.parse import quote

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kompas.dataset.model import Footnote, Round
from kompas.dataset.model import Region as DatasetRegion
from kompas.engine import Advice, Compass
from kompas.engine.compass import Track
from kompas.regions.forms import OverviewFilters
from kompas.regions.geometries import (
    Area,
    mapped_areas,
)
from kompas.regions.rows import CellLine, RowLine, row_html
from kompas.rounds.models import DecisionRound
from kompas.shared.focus import Cell, FocusRow
from kompas.shared.formats import advice_label, lang, level_labels, name
from kompas.shared.fragments import Fragments, from_template
from kompas.shared.rounds import default_round
from kompas.shared.state import State, Weighing, current_state, focus_rows, weighing
from kompas.shared.version import remember

MARKS = {"differs": "≠", "open": "~"}
UNDECIDED = "undecided"


@dataclass(frozen=True)
class TrackView:
    """One track of one region: the decision beside the advice."""

    track: str
    decided: str | None
    decided_label: str
    footnotes: tuple[Footnote, ...]  # the region's own; the table's stand in the column header
    advice: Advice
    advice_label: str  # "Inzet", or "–…Inzet" while judgements are missing
    agreement: str | None
    mark: str

    def json(self) -> dict[str, Any]:
        return {
            "decided": self.decided,
            "decided_label": self.decided_label or None,
            "advised": self.advice.level,
            "advised_best": self.advice.level_best,
            "advised_worst": self.advice.level_worst,
            "advised_label": self.advice_label,
            "pending": self.advice.pending,
            "agreement": self.agreement,
        }


@dataclass(frozen=True)
class RowView:
    row: FocusRow
    name: str
    tracks: tuple[TrackView, ...]
    gates: str
    themes: tuple[tuple[str, bool], ...]  # (short name, avoid)
    aspect_score: tuple[float, float] | None
    candidate: bool
    area: Area | None  # its geometry on the map, if any
    url: str  # of its profile

    @property
    def code(self) -> str:
        return self.row.region.code

    def track(self, track_id: str) -> TrackView:
        return next(t for t in self.tracks if t.track == track_id)


ROWS = Fragments(row_html)
UNMAPPED = Fragments(from_template("regions/_unmapped.html"), limit=100)  # (url, name) per region


def row_line(row: RowView) -> RowLine:
    return RowLine(
        row.url,
        row.name,
        row.code,
        row.candidate,
        tuple(_cell_line(cell) for cell in row.tracks),
        row.gates,
        row.aspect_score,
        row.themes,
    )


def _cell_line(cell: TrackView) -> CellLine:
    advice = cell.advice
    return CellLine(
        cell.decided or "",
        cell.decided_label,
        tuple(note.number for note in cell.footnotes),
        cell.agreement or "",
        advice.level_best if advice.determined else f"{advice.level_worst}…{advice.level_best}",
        cell.advice_label,
        advice.pending,
    )


@dataclass(frozen=True)
class Column:
    track: str
    name: str
    footnotes: tuple[Footnote, ...]


@dataclass(frozen=True)
class Table:
    section: str
    title: str
    decided: bool
    columns: tuple[Column, ...]
    rows: tuple[RowView, ...]
    footnotes: tuple[Footnote, ...]


@dataclass(frozen=True)
class Focus:
    """The overview as filtered: the compass, the round, the rows, and the filters."""

    compass: Compass
    filters: OverviewFilters
    stored_round: DecisionRound | None
    round: Round
    track: Track
    aspect: str | None
    rows: tuple[RowView, ...]
    reference: DatasetRegion
    weighed: tuple[str, bool, str]  # what is weighed (see kompas.shared.state.Weighing.key)

    def cache_key(self, kind: str) -> tuple[object, ...]:
        """`kind` of this view's filtered rows, in the active language."""
        values = sorted((k, str(v)) for k, v in self.filters.cleaned_data.items())
        return (kind, self.weighed, lang(), tuple(values))


def gate_text(advice: Advice) -> str:
    gates = advice.gates
    if gates.outcome == "passed":
        return _("met")
    if gates.outcome == "excluded":
        return _("excluded (%(count)s not met)") % {"count": len(gates.failed)}
    return _("open (%(count)s unknown)") % {"count": len(gates.unknown)}


def theme_tags(
    compass: Compass, row: FocusRow, language: str | None = None
) -> tuple[tuple[str, bool], ...]:
    """Brabant's themes the documents name for the region, short; themes to avoid marked."""
    language = language or lang()
    tags: list[tuple[str, bool]] = []
    for theme, _group in row.themes:
        if theme.theme is None and not theme.avoid:
            continue
        tag = (
            compass.theme(theme.theme).short(language) if theme.theme else theme.wording,
            theme.avoid,
        )
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def aspect_score(advice: Advice, aspect_id: str) -> tuple[float, float] | None:
    """The aspect's weighted mean of its criterion values (0..1): worst case, best case.

    The engine's contributions of the aspect divided by the aspect's share of the weights.
    """
    share = sum(c.weight for c in advice.criteria if c.aspect == aspect_id)
    if share <= 0:
        return None
    low, high = next((lo, hi) for a, lo, hi in advice.aspects if a == aspect_id)
    return low / share, high / share


def within_advice(compass: Compass, advice: Advice, level_id: str) -> bool:
    order = [level.id for level in compass.levels]
    position = order.index(level_id)
    return order.index(advice.level_best) <= position <= order.index(advice.level_worst)


class _Words(NamedTuple):
    """What every row of one build says alike, looked up once (see `_row_views`)."""

    language: str
    levels: dict[str, str]  # level id -> its name
    gates: dict[tuple[str, int, int], str]  # (outcome, failed, unknown) -> gate_text


def _track_view(compass: Compass, cell: Cell, words: _Words) -> TrackView:
    return TrackView(
        cell.track,
        cell.decided,
        words.levels[cell.decided] if cell.decided else "",
        tuple(f for f in cell.footnotes if f.region),
        cell.advice,
        advice_label(compass, cell.advice, words.levels),
        cell.agreement,
        MARKS.get(cell.agreement or "", ""),
    )


def _gate_text(advice: Advice, words: _Words) -> str:
    gates = advice.gates
    key = (gates.outcome, len(gates.failed), len(gates.unknown))
    text = words.gates.get(key)
    if text is None:
        text = words.gates[key] = gate_text(advice)
    return text


def _row_view(
    compass: Compass,
    row: FocusRow,
    candidates: frozenset[str],
    mapped: dict[str, Area],
    profile_url: Callable[[str], str],
    words: _Words,
) -> RowView:
    region = row.region
    area = mapped.get(region.code)
    return RowView(
        row,
        row.label if words.language == "nl" else region.name_en,
        tuple(_track_view(compass, cell, words) for cell in row.cells),
        _gate_text(row.cells[0].advice, words),
        theme_tags(compass, row, words.language),
        None,
        region.code in candidates,
        area if area is not None and area.scheme == region.scheme else None,
        profile_url(region.code),
    )


def _shown(filters: OverviewFilters, compass: Compass, row: RowView, track: str) -> bool:
    theme = filters.value("theme")
    if theme and not any(t.theme == theme and not t.avoid for t, _g in row.row.themes):
        return False
    level = filters.value("level")
    cell = row.track(track)
    if level and not (cell.decided == level or within_advice(compass, cell.advice, level)):
        return False
    minimum = filters.value("minimum")
    return not (
        minimum is not None and row.aspect_score is not None and row.aspect_score[1] < minimum
    )


def _round_choices(state: State) -> list[tuple[str, str]]:
    draft = _("draft")
    return [(r.key, f"{name(r)} ({draft})" if not r.adopted else name(r)) for r in state.rounds]


def profile_urls() -> Callable[[str], str]:
    """The address of a region's profile from its code (one `reverse` for all the rows)."""
    marker = "REGION-CODE"
    pattern = reverse("regions:profile", args=[marker])
    return lambda code: pattern.replace(marker, quote(code, safe=""))


def _row_views(weighed: Weighing) -> list[RowView]:
    """Every row of the weighed round in the active language, before filters (cached)."""

    def build() -> list[RowView]:
        mapped = mapped_areas()
        candidates = weighed.state.candidates
        url = profile_urls()
        words = _Words(lang(), level_labels(weighed.compass), {})
        return [
            _row_view(weighed.compass, row, candidates, mapped, url, words)
            for row in focus_rows(weighed)
        ]

    return remember(("overview rows", weighed.key, lang()), build)


def focus(request: HttpRequest) -> Focus:
    """The rows of the overview for the round and filters of the request's query string."""
    state = current_state()
    data = request.GET.copy()
    default = default_round(state.rounds)
    if default is not None:
        data.setdefault("round", default.key)
    data.setdefault("track", state.compass.tracks[0].id)
    filters = OverviewFilters(data, compass=state.compass, rounds=_round_choices(state))
    filters.is_valid()
    chosen = filters.value("round") or None
    weighed = weighing(chosen if state.round(chosen or "") else None)
    compass = weighed.compass
    track = compass.track(filters.value("track", compass.tracks[0].id))
    aspect = filters.value("aspect")
    views = _row_views(weighed)
    if aspect:
        views = [
            replace(row, aspect_score=aspect_score(row.track(track.id).advice, aspect))
            for row in views
        ]
    shown = tuple(row for row in views if _shown(filters, compass, row, track.id))
    return Focus(
        compass,
        filters,
        weighed.stored,
        weighed.round,
        track,
        aspect,
        shown,
        weighed.dataset.reference,
        weighed.key,
    )


def tables(view: Focus) -> list[Table]:
    """Figure 1's tables in the round's order (Europe, rest of the world), then the undecided."""
    compass, round_ = view.compass, view.round
    titles = {"europe": _("Europe"), "world": _("Rest of the world"), "": _("Decided")}
    sections = list(dict.fromkeys(d.table_section for d in round_.decisions))
    result = []
    for section in [*sections, UNDECIDED]:
        decided = section != UNDECIDED
        rows = tuple(r for r in view.rows if _section(round_, r) == section)
        if decided:
            codes = {r.code for r in rows}
            notes = tuple(
                f
                for f in round_.footnotes
                if (not f.region and f.section == section) or f.region in codes
            )
        else:
            rows = tuple(sorted(rows, key=lambda r: r.name.casefold()))
            notes = ()
        columns = tuple(
            Column(
                t.id, t.name(lang()), tuple(f for f in notes if not f.region and f.track == t.id)
            )
            for t in compass.tracks
        )
        title = titles.get(section, section) if decided else _("Not decided / candidates")
        result.append(Table(section, title, decided, columns, rows, notes))
    return result


def tables_html(view: Focus) -> SafeString:
    """The tables as HTML, rendered once per data version, filters and language."""

    def render_tables() -> SafeString:
        aspect = view.compass.aspect(view.aspect) if view.aspect else None
        parts = [
            render_to_string(
                "regions/_focus_table.html",
                {
                    "table": table,
                    "aspect": aspect,
                    "rows_html": ROWS.render(
                        [row_line(row) for row in table.rows],
                        decided=table.decided,
                        aspect=aspect is not None,
                    ),
                },
            )
            for table in tables(view)
        ]
        return mark_safe("".join(parts))  # rendered by the template engine, escaped there

    return remember(view.cache_key("overview tables"), render_tables)


def _section(round_: Round, row: RowView) -> str:
    decision = round_.decision(row.code)
    return UNDECIDED if decision is None else decision.table_section

"""What-if weights: a coordinator moves the weights and sees the advice of the latest round
change, without saving anything.

The form holds the raw aspect and criterion weights of the current compass version. Each post
(htmx, on every change; or the submit button without JavaScript) weighs the regions of the
latest decision round again with `engine.sensitivity.whatif` and marks every region whose advice
differs from the saved compass. Nothing is stored: no compass version, no audit event. Keeping
the weights is done on the compass edit page, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kompas.accounts.roles import role_required
from kompas.engine import Advice, Compass
from kompas.engine.scoring import track_weights
from kompas.engine.sensitivity import WeightError, whatif
from kompas.shared.focus import FocusRow, focus_table
from kompas.shared.formats import lang
from kompas.shared.state import State, current_state, weighing

LABEL_ASPECT = gettext_lazy("aspect")
PROBLEMS = {
    "negative": gettext_lazy("must be a number of 0 or more"),
    "not_a_number": gettext_lazy("must be a number"),
    "all_zero": gettext_lazy("the aspect weights must not all be zero"),
    "no_criterion": gettext_lazy(
        "this aspect has weight, so at least one of its criteria needs a weight above 0"
    ),
}


def _number(label: str, initial: float) -> forms.FloatField:
    field = forms.FloatField(label=label, initial=initial, localize=True, min_value=0)
    field.widget.attrs.update({"inputmode": "decimal", "size": 6, "autocomplete": "off"})
    return field


class WhatIfForm(forms.Form):
    """The raw weights of the compass's aspects (`aspect__ID`) and criteria (`criterion__ID`)."""

    def __init__(self, compass: Compass, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.compass = compass
        language = lang()
        for aspect in compass.aspects:
            self.fields[f"aspect__{aspect.id}"] = _number(
                f"{aspect.name(language)} ({LABEL_ASPECT})", aspect.weight
            )
        for criterion in compass.criteria:
            self.fields[f"criterion__{criterion.id}"] = _number(
                criterion.name(language), criterion.weight
            )
        self.changed_compass: Compass | None = None

    def groups(self) -> list[tuple[Any, forms.BoundField, list[forms.BoundField]]]:
        """Per aspect: the aspect, its weight field, and its criteria's weight fields."""
        return [
            (
                aspect,
                self[f"aspect__{aspect.id}"],
                [self[f"criterion__{c.id}"] for c in self.compass.criteria_of(aspect.id)],
            )
            for aspect in self.compass.aspects
        ]

    def weights(self) -> dict[str, float]:
        data = self.cleaned_data
        return {
            **{a.id: data[f"aspect__{a.id}"] for a in self.compass.aspects},
            **{c.id: data[f"criterion__{c.id}"] for c in self.compass.criteria},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.changed_compass = whatif(self.compass, self.weights())
        except WeightError as error:
            message = str(PROBLEMS.get(error.problem, str(error)))
            field = (
                f"aspect__{error.target}"
                if error.target in {a.id for a in self.compass.aspects}
                else f"criterion__{error.target}"
            )
            self.add_error(field if error.target and field in self.fields else None, message)
        return data


@dataclass(frozen=True)
class Cell:
    track: str
    decided: str | None
    saved: Advice
    changed: Advice

    @property
    def differs(self) -> bool:
        return (self.saved.level_worst, self.saved.level_best) != (
            self.changed.level_worst,
            self.changed.level_best,
        )


@dataclass(frozen=True)
class Row:
    row: FocusRow
    cells: tuple[Cell, ...]

    @property
    def differs(self) -> bool:
        return any(cell.differs for cell in self.cells)


def _rows(state: State, changed: Compass) -> tuple[str, list[Row]]:
    """The weighed round's regions, advised with the saved and with the changed weights."""
    weighed = weighing()
    stored, round_ = weighed.stored, weighed.round
    tracks = [t.id for t in state.compass.tracks]
    undecided = not round_.decisions  # no round yet: weigh every region instead
    saved, moved = (
        focus_table(compass, state.dataset, round_, tracks, undecided, explanations=False)
        for compass in (state.compass, changed)
    )
    rows = [
        Row(
            before,
            tuple(
                Cell(a.track, a.decided, a.advice, b.advice)
                for a, b in zip(before.cells, after.cells, strict=True)
            ),
        )
        for before, after in zip(saved, moved, strict=True)
    ]
    name = (
        (stored.name_en if lang() == "en" else stored.name_nl) if stored and not undecided else ""
    )
    return name, rows


def _shares(compass: Compass, changed: Compass) -> list[dict[str, Any]]:
    """Per aspect and criterion, its effective weight (%) saved and with the changed weights."""
    language = lang()
    track = compass.tracks[0]
    saved = track_weights(compass, track)
    moved = track_weights(changed, changed.track(track.id))
    rows: list[dict[str, Any]] = []
    for a, aspect in enumerate(compass.aspects):
        rows.append(
            {
                "aspect": True,
                "name": aspect.name(language),
                "saved": 100 * float(saved.aspect_shares[a]),
                "changed": 100 * float(moved.aspect_shares[a]),
            }
        )
        rows += [
            {
                "aspect": False,
                "name": criterion.name(language),
                "saved": 100 * float(saved.effective[j]),
                "changed": 100 * float(moved.effective[j]),
            }
            for j, criterion in enumerate(compass.criteria)
            if criterion.aspect == aspect.id
        ]
    return rows


def _overridden(compass: Compass) -> list[str]:
    """Tracks with weights of their own: the what-if weights do not replace those."""
    return [t.name(lang()) for t in compass.tracks if t.aspect_weights or t.criterion_weights]


@role_required("coordinator")
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    state = current_state()
    form = WhatIfForm(state.compass, request.POST or None)
    valid = request.method == "POST" and form.is_valid()
    changed = form.changed_compass if valid and form.changed_compass else state.compass
    context: dict[str, Any] = {
        "version": state.version,
        "compass": state.compass,
        "form": form,
        "tracks": state.compass.tracks,
        "invalid": form.is_bound and not valid,
        "nav": "compass",
    }
    if not context["invalid"]:
        round_name, rows = _rows(state, changed)
        context |= {
            "round_name": round_name,
            "rows": rows,
            "differs": sum(1 for row in rows if row.differs),
            "shares": _shares(state.compass, changed),
            "overridden": _overridden(state.compass),
        }
    status = 400 if context["invalid"] else 200
    if request.headers.get("HX-Request"):
        context["htmx"] = True
        return render(request, "compasses/_whatif_results.html", context, status=status)
    context |= {
        "title": _("What if the weights were different?"),
        "edit_url": reverse("compasses:edit", args=[state.version.pk]),
        "decimal_separator": get_format("DECIMAL_SEPARATOR"),
    }
    return render(request, "compasses/whatif.html", context, status=status)

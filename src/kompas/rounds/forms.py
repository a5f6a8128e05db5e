"""Forms of decision rounds: a new round, and the decision on one region per track."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.compasses.models import CompassVersion
from kompas.engine import Advice, Compass, agreement
from kompas.rounds.models import Decision, DecisionRound
from kompas.shared.formats import day, lang, name

# Label parts used inside f-strings, where makemessages cannot see them.
LABEL_DECIDED_LEVEL = _("decided level")
LABEL_REASONING = _("reasoning")


SECTION_LABELS = {"europe": _("Europe"), "world": _("Rest of the world")}
STATUS_LABELS = {"provisional": _("provisional"), "final": _("final")}


class VersionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: CompassVersion) -> str:
        status = obj.config.get("compass", {}).get("status", "")
        status = str(STATUS_LABELS.get(status, status))
        when = day(obj.created_at)
        return f"{obj} · {status} · {when}" + (f" · {obj.note}" if obj.note else "")


class RoundChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: DecisionRound) -> str:
        return name(obj)


class RoundForm(forms.Form):
    key = forms.SlugField(
        label=_("Short key"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, used in web addresses, e.g. 2028-2031."),
    )
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    period_start = forms.IntegerField(
        label=_("First year"), required=False, min_value=1900, max_value=2200
    )
    period_end = forms.IntegerField(
        label=_("Last year"), required=False, min_value=1900, max_value=2200
    )
    compass_version = VersionChoiceField(
        label=_("Compass version"),
        queryset=CompassVersion.objects.order_by("-created_at", "-number"),
        empty_label=None,
        help_text=_("The round is weighed with this version; it cannot change afterwards."),
    )
    copy_from = RoundChoiceField(
        label=_("Start from the decisions of"),
        queryset=DecisionRound.objects.order_by("-period_end", "key"),
        required=False,
        empty_label=_("(no round: start empty)"),
        help_text=_("Copies that round's decisions, reasoning and footnotes as a starting point."),
    )

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if DecisionRound.objects.filter(key=key).exists():
            raise forms.ValidationError(_("A round with this key already exists."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The last year cannot come before the first year."))
        return data


class DecisionForm(forms.Form):
    """The level per track, and the reasoning where it matters.

    Reasoning is required on a track whose decision is set or changed here and differs from
    the advice (an untouched older decision does not block saving the other track).
    `version__<track>` carries the version of the decision the form was opened with, so that a
    save over someone else's newer change is refused.
    """

    def __init__(
        self,
        compass: Compass,
        advice: Mapping[str, Advice],
        existing: Mapping[str, Decision],
        sections: list[str] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.compass = compass
        self.advice = advice
        self.existing = existing
        language = lang()
        levels = [(level.id, level.name(language)) for level in compass.levels]
        for track in compass.tracks:
            current = existing.get(track.id)
            name = track.name(language)
            self.fields[f"level__{track.id}"] = forms.ChoiceField(
                label=f"{name} · {LABEL_DECIDED_LEVEL}",
                choices=[("", _("(choose a level)")), *levels],
                initial=current.level if current else "",
            )
            self.fields[f"reasoning__{track.id}"] = forms.CharField(
                label=f"{name} · {LABEL_REASONING}",
                required=False,
                initial=current.reasoning if current else "",
                help_text=_("Required when the decision differs from the advice."),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[f"version__{track.id}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=current.version if current else 0
            )
        if sections is not None:
            self.fields["table_section"] = forms.ChoiceField(
                label=_("Table"),
                choices=[(s, SECTION_LABELS.get(s, s)) for s in sections],
                help_text=_("Where the region appears in the round's table."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for track in self.compass.tracks:
            level = data.get(f"level__{track.id}")
            reasoning = (data.get(f"reasoning__{track.id}") or "").strip()
            current = self.existing.get(track.id)
            changed = current is None or (current.level, current.reasoning.strip()) != (
                level,
                reasoning,
            )
            advice = self.advice.get(track.id)
            if (
                level
                and changed
                and advice is not None
                and not reasoning
                and agreement(self.compass, advice, level) == "differs"
            ):
                self.add_error(
                    f"reasoning__{track.id}",
                    _("The decision differs from the advice: explain why."),
                )
        return data

    def changes(self) -> dict[str, tuple[str, str]]:
        """Per track whose level or reasoning changes: the new (level, reasoning)."""
        result = {}
        for track in self.compass.tracks:
            level = self.cleaned_data[f"level__{track.id}"]
            reasoning = self.cleaned_data[f"reasoning__{track.id}"].strip()
            current = self.existing.get(track.id)
            if current is None or (current.level, current.reasoning) != (level, reasoning):
                result[track.id] = (level, reasoning)
        return result

"""The form that makes a new compass version from an existing one.

The form only collects numbers and texts; whether they make a usable compass is decided by the
engine (`parse_compass`), whose error is shown beside the field it names.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.engine import Compass, CompassError, parse_compass
from kompas.engine.compass import Aspect, Category, Precondition, Scale
from kompas.shared.formats import lang

# Label parts used inside f-strings, where makemessages cannot see them.
LABEL_ASPECT = _("aspect")
LABEL_CRITERION_WEIGHTS = _("criterion weights")
LABEL_RULE_IN_DUTCH = _("rule in Dutch")
LABEL_RULE_IN_ENGLISH = _("rule in English")
LABEL_THRESHOLDS = _("thresholds")


STATUS_CHOICES = [("provisional", _("Provisional")), ("final", _("Final"))]
AGGREGATION_CHOICES = [("median", _("Median")), ("mean", _("Mean"))]
LABEL_JUDGEMENTS = _("Analysts' judgements combined by")
LABEL_DISCUSS_SPREAD = _("Spread flagged for discussion (scale steps)")


def _number(label: Any, initial: float) -> forms.FloatField:
    field = forms.FloatField(label=label, initial=initial, localize=True)
    field.widget.attrs.update({"inputmode": "decimal", "size": 6})
    return field


def _text(label: Any, initial: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, initial=initial, required=required, widget=forms.Textarea(attrs={"rows": 4})
    )


@dataclass(frozen=True)
class Group:
    """A set of fields shown together (a fieldset) that an error can also be about as a whole."""

    id: str
    item: Any
    fields: list[tuple[forms.BoundField, str]]  # each field with a short label for its place
    errors: list[str]


class CompassForm(forms.Form):
    """Weights, scale values, thresholds, rules, the aggregation of several analysts and status
    of `compass`, and why they change."""

    latest = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    status_note_nl = forms.CharField(
        label=_("Status note (Dutch)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    status_note_en = forms.CharField(
        label=_("Status note (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    judgements = forms.ChoiceField(label=LABEL_JUDGEMENTS, choices=AGGREGATION_CHOICES)
    discuss_spread = forms.IntegerField(
        label=LABEL_DISCUSS_SPREAD, widget=forms.NumberInput(attrs={"min": 1, "size": 3})
    )
    note = forms.CharField(
        label=_("Why this change"),
        help_text=_("Required. Shown with the version and in the audit trail."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, config: dict[str, Any], compass: Compass, latest: int, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.config = config
        self.compass = compass
        language = lang()
        self.fields["latest"].initial = latest
        self.fields["status"].initial = compass.status
        self.fields["status_note_nl"].initial = compass.status_note_nl
        self.fields["status_note_en"].initial = compass.status_note_en
        self.fields["judgements"].initial = compass.aggregation.judgements
        self.fields["discuss_spread"].initial = compass.aggregation.discuss_spread
        for aspect in compass.aspects:
            self.fields[f"aspect__{aspect.id}"] = _number(
                f"{aspect.name(language)} ({LABEL_ASPECT})", aspect.weight
            )
        for criterion in compass.criteria:
            self.fields[f"criterion__{criterion.id}"] = _number(
                criterion.name(language), criterion.weight
            )
        for scale in compass.scales.values():
            for category in scale.categories:
                self.fields[f"scale__{scale.id}__{category.id}"] = _number(
                    f"{scale.name(language)} · {category.name(language)}", category.value
                )
        for track in compass.tracks:
            for level in compass.levels[:-1]:
                self.fields[f"threshold__{track.id}__{level.id}"] = _number(
                    f"{track.name(language)} · {level.name(language)}", track.thresholds[level.id]
                )
        for precondition in compass.preconditions:
            name = precondition.name(language)
            self.fields[f"rule_nl__{precondition.id}"] = _text(
                f"{name} · {LABEL_RULE_IN_DUTCH}", precondition.rule_nl
            )
            self.fields[f"rule_en__{precondition.id}"] = _text(
                f"{name} · {LABEL_RULE_IN_ENGLISH}", precondition.rule_en
            )
        self.group_errors: dict[str, list[str]] = {}
        self.new_config: dict[str, Any] | None = None
        self.new_compass: Compass | None = None

    # -- layout -------------------------------------------------------------------------------

    def aspect_groups(self) -> list[tuple[Aspect, forms.BoundField, Group]]:
        """Per aspect: its weight field and the group of its criteria's weight fields."""
        language = lang()
        return [
            (
                aspect,
                self[f"aspect__{aspect.id}"],
                self._group(
                    f"criteria__{aspect.id}",
                    aspect,
                    [
                        (f"criterion__{c.id}", c.name(language))
                        for c in self.compass.criteria_of(aspect.id)
                    ],
                ),
            )
            for aspect in self.compass.aspects
        ]

    def aspects_group(self) -> Group:
        return self._group("aspects", None, [])

    def scale_groups(self) -> list[Group]:
        language = lang()
        return [
            self._group(
                f"scale__{scale.id}",
                scale,
                [(f"scale__{scale.id}__{c.id}", c.name(language)) for c in scale.categories],
            )
            for scale in self.compass.scales.values()
        ]

    def threshold_groups(self) -> list[Group]:
        language = lang()
        return [
            self._group(
                f"thresholds__{track.id}",
                track,
                [
                    (f"threshold__{track.id}__{level.id}", level.name(language))
                    for level in self.compass.levels[:-1]
                ],
            )
            for track in self.compass.tracks
        ]

    def rule_groups(self) -> list[Group]:
        return [
            self._group(
                f"rules__{p.id}",
                p,
                [(f"rule_nl__{p.id}", str(_("Dutch"))), (f"rule_en__{p.id}", str(_("English")))],
            )
            for p in self.compass.preconditions
        ]

    def _group(self, group_id: str, item: Any, names: list[tuple[str, str]]) -> Group:
        return Group(
            group_id,
            item,
            [(self[name], short) for name, short in names],
            self.group_errors.get(group_id, []),
        )

    # -- validation ---------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        config = self.build_config(data)
        try:
            self.new_compass = parse_compass(config, "compass")
        except CompassError as error:
            self._place(error)
            return data
        self.new_config = config
        return data

    def build_config(self, data: dict[str, Any]) -> dict[str, Any]:
        """The compass file of the base version with the form's values put in."""
        config = deepcopy(self.config)
        head = config.setdefault("compass", {})
        head["status"] = data["status"]
        for key in ("status_note_nl", "status_note_en"):
            if data.get(key) or key in head:
                head[key] = data.get(key, "")
        for item in config.get("aspects", []):
            _put(item, "weight", data.get(f"aspect__{item.get('id')}"))
        for item in config.get("criteria", []):
            _put(item, "weight", data.get(f"criterion__{item.get('id')}"))
        for scale_id, scale in config.get("scales", {}).items():
            for category in scale.get("categories", []):
                _put(category, "value", data.get(f"scale__{scale_id}__{category.get('id')}"))
        for track in config.get("tracks", []):
            thresholds = track.get("thresholds", {})
            for level_id in list(thresholds):
                _put(thresholds, level_id, data.get(f"threshold__{track.get('id')}__{level_id}"))
        for item in config.get("preconditions", []):
            for key in ("rule_nl", "rule_en"):
                value = data.get(f"{key}__{item.get('id')}")
                if value is not None:
                    item[key] = value
        # Only a value the file already spells out, or one that differs from the base (where the
        # file may rely on the default), is written: an untouched file keeps its spelling.
        for key in ("judgements", "discuss_spread"):
            value = data.get(key)
            if value is None:
                continue
            if key in config.get("aggregation", {}) or value != getattr(
                self.compass.aggregation, key
            ):
                config.setdefault("aggregation", {})[key] = value
        return config

    def _place(self, error: CompassError) -> None:
        """Show the engine's refusal beside the field or group its key names, else on top."""
        message = problem_text(error.problem)
        target = self._target(error.key)
        if target in self.fields:
            self.add_error(target, message)
        elif target is not None:
            self.group_errors.setdefault(target, []).append(message)
            self.add_error(None, f"{self._group_name(target)}: {message}")
        else:
            self.add_error(None, f"{error.key}: {message}")

    def _target(self, key: str) -> str | None:
        patterns: list[tuple[str, Any]] = [
            (r"aspects\[([^\]]+)\]\.weight", lambda m: f"aspect__{m[1]}"),
            (r"aspects\[([^\]]+)\]", lambda m: f"criteria__{m[1]}"),
            (r"aspects", lambda m: "aspects"),
            (r"criteria\[([^\]]+)\]\.weight", lambda m: f"criterion__{m[1]}"),
            (r"scales\.([^.]+)\.categories\[(\d+)\]\.value", self._category_field),
            (r"scales\.([^.]+)\.categories", lambda m: f"scale__{m[1]}"),
            (r"tracks\[([^\]]+)\]\.thresholds\.(\w+)", lambda m: f"threshold__{m[1]}__{m[2]}"),
            (r"tracks\[([^\]]+)\]\.thresholds", lambda m: f"thresholds__{m[1]}"),
            (r"preconditions\[(\d+)\]\.(rule_nl|rule_en)", self._rule_field),
            (r"compass\.(status\w*)", lambda m: m[1]),
            (r"aggregation\.(judgements|discuss_spread)", lambda m: m[1]),
        ]
        for pattern, target in patterns:
            match = re.fullmatch(pattern, key)
            if match:
                found: str | None = target(match)
                return found
        return None

    def _group_name(self, group_id: str) -> str:
        kind, _sep, item_id = group_id.partition("__")
        language = lang()
        if kind == "criteria":
            return f"{self.compass.aspect(item_id).name(language)} · {LABEL_CRITERION_WEIGHTS}"
        if kind == "scale":
            return self.compass.scales[item_id].name(language)
        if kind == "thresholds":
            return f"{self.compass.track(item_id).name(language)} · {LABEL_THRESHOLDS}"
        return str(_("Aspect weights"))

    def _category_field(self, match: re.Match[str]) -> str | None:
        scale: Scale | None = self.compass.scales.get(match[1])
        categories: tuple[Category, ...] = scale.categories if scale else ()
        index = int(match[2])
        if index < len(categories):
            return f"scale__{match[1]}__{categories[index].id}"
        return f"scale__{match[1]}"

    def _rule_field(self, match: re.Match[str]) -> str | None:
        preconditions: tuple[Precondition, ...] = self.compass.preconditions
        index = int(match[1])
        return f"{match[2]}__{preconditions[index].id}" if index < len(preconditions) else None


def _put(item: dict[str, Any], key: str, value: float | None) -> None:
    """Set a number, keeping the file's own spelling (1 rather than 1.0) when it is unchanged."""
    if value is not None and item.get(key) != value:
        item[key] = value


PROBLEMS = [
    (r"must be a number >= 0(\.0)?, got .*", _("Must be 0 or more.")),
    (
        r"must be a number between 0(\.0)? and 1000(\.0)?, got .*",
        _("Must be between 0 and 1000 (only the weights' ratios count)."),
    ),
    (r"must be a finite number, got .*", _("Must be a finite number.")),
    (r"must be a number between 0(\.0)? and 1(\.0)?, got .*", _("Must be between 0 and 1.")),
    (
        r"must decrease strictly from the best level.*",
        _("The thresholds must decrease: each level needs a lower minimum than the one above."),
    ),
    (
        r"values must increase strictly.*",
        _("The values must increase from the worst category to the best."),
    ),
    (r"the aspect weights must not all be zero", _("At least one aspect needs a weight above 0.")),
    (
        r"has weight but no criterion with weight > 0",
        _("This aspect has a weight, so at least one of its criteria needs a weight above 0."),
    ),
    (r"must be a non-empty string", _("This text cannot be empty.")),
    (r"must be a whole number >= 1, got .*", _("Must be a whole number, 1 or more.")),
]


def problem_text(problem: str) -> str:
    """The engine's problem in plain words in the interface language (as is when unknown)."""
    for pattern, text in PROBLEMS:
        if re.fullmatch(pattern, problem):
            return str(text)
    return problem

"""The judgement and gate forms; their choices come from the current compass."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.engine.compass import Criterion
from kompas.shared.formats import lang

UNKNOWN = ""


class AssessedForm(forms.Form):
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a rationale: why this answer?")},
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        help_text=_("Links or references, one per line. Web addresses become links."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class JudgementForm(AssessedForm):
    """A category of the criterion's scale, or unknown (which removes the judgement); for an
    analyst unsure between categories, a higher category up to which the judgement may go."""

    category = forms.ChoiceField(label=_("Judgement"), required=False, widget=forms.RadioSelect)
    category_high = forms.ChoiceField(
        label=_("Unsure? Up to"),
        required=False,
        help_text=_(
            "Only when you hesitate between categories: the judgement is then the range from the "
            "category chosen above up to this one, and the advice counts it as uncertain."
        ),
    )

    def __init__(self, *args: Any, criterion: Criterion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["category", "category_high"])
        assert criterion.scale is not None
        self.scale_ids = [c.id for c in criterion.scale.categories]
        language = lang()
        choices = [(c.id, c.name(language)) for c in reversed(criterion.scale.categories)]
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *choices,
            (UNKNOWN, _("Unknown (remove the judgement)")),
        ]
        high = self.fields["category_high"]
        assert isinstance(high, forms.ChoiceField)
        high.choices = [(UNKNOWN, _("— (sure: this one category)")), *choices]
        self.fields["rationale"].help_text = _(
            "Why this category? Quote the source where there is one."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("category") or "", data.get("category_high") or ""
        if high and not low:
            self.add_error("category_high", _("Choose the lowest category first."))
        elif high and self.scale_ids.index(high) < self.scale_ids.index(low):
            self.add_error("category_high", _("Choose a category above the judgement, or none."))
        return data


class GateForm(AssessedForm):
    status = forms.ChoiceField(
        label=_("Status"),
        widget=forms.RadioSelect,
        choices=[("pass", _("Met")), ("fail", _("Not met")), ("unknown", _("Unknown"))],
        error_messages={"required": _("Choose whether the precondition is met.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["status"])
        self.fields["rationale"].label = _("Evidence and rationale")
        self.fields["rationale"].help_text = _(
            "What shows that the precondition is met, not met, or still open."
        )
        self.fields["rationale"].error_messages["required"] = _(
            "Give the evidence and rationale for this status."
        )
        self.fields["evidence"].label = _("Links and references")

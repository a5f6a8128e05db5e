"""The forms of the regions pages: the overview's filters and adding a candidate region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompas.dataset.lookup import normalise
from kompas.engine import Compass
from kompas.regions.geometries import Area, area_label, areas
from kompas.shared.formats import lang


class AddRegionForm(forms.Form):
    area = forms.CharField(
        label=_("Country or region"),
        max_length=200,
        help_text=_(
            "Type a name or a code and pick from the list: any country, or a NUTS 2021 region "
            "of level 1 or 2 (for example DE7 Hessen or DE71 Darmstadt)."
        ),
    )
    name_nl = forms.CharField(
        label=_("Dutch name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name of the map data."),
    )
    name_en = forms.CharField(
        label=_("English name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name of the map data."),
    )

    def __init__(self, *args: Any, existing: Mapping[str, str], **kwargs: Any) -> None:
        """`existing`: the regions already in Kompas, code to name."""
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.fields["area"].widget.attrs.update(
            {"list": "area-options", "autocomplete": "off", "aria-describedby": "id_area-help"}
        )
        for name in ("name_nl", "name_en"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-help"

    def options(self) -> list[tuple[str, str]]:
        """(code, label) of every area not yet in Kompas, sorted by label."""
        language = lang()
        choices = [
            (code, area_label(area, language))
            for code, area in areas().items()
            if code not in self.existing
        ]
        return sorted(choices, key=lambda choice: normalise(choice[1]))

    def clean_area(self) -> Area:
        typed = self.cleaned_data["area"].strip()
        area = areas().get(typed.upper()) or self._by_name(typed)
        label = self.fields["area"].label
        if area is None:
            raise forms.ValidationError(
                gettext(
                    "%(field)s: “%(typed)s” is not the code or name of a country or NUTS 2021 "
                    "region in the map data. Choose one from the list."
                )
                % {"field": label, "typed": typed}
            )
        if area.code in self.existing:
            raise forms.ValidationError(
                gettext("%(field)s: %(name)s (%(code)s) is already in Kompas.")
                % {"field": label, "name": self.existing[area.code], "code": area.code}
            )
        return area

    def _by_name(self, typed: str) -> Area | None:
        """The area with this name (Dutch or English, or as the list shows it), if only one."""
        wanted = normalise(typed)
        language = lang()
        found = {
            area.code: area
            for area in areas().values()
            if wanted in {normalise(area.name_nl), normalise(area.name_en)}
            or wanted == normalise(area_label(area, language))
        }
        if len(found) > 1:
            raise forms.ValidationError(
                gettext("%(field)s: several areas are called “%(typed)s”: choose one by its code.")
                % {"field": self.fields["area"].label, "typed": typed}
            )
        return next(iter(found.values()), None)


class OverviewFilters(forms.Form):
    """The overview's filters; the choices come from the compass and the decision rounds."""

    round = forms.ChoiceField(label=_("Decision round"), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        help_text=_("Decided, or within the advice's range."),
    )
    aspect = forms.ChoiceField(label=_("Aspect"), required=False)
    minimum = forms.FloatField(
        label=_("Minimum aspect score"),
        required=False,
        min_value=0,
        max_value=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
        help_text=_("0 to 1, best case."),
    )

    def __init__(
        self, data: Any, *, compass: Compass, rounds: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        language = lang()
        choices: dict[str, list[tuple[str, str]]] = {
            "round": rounds,
            "track": [(t.id, t.name(language)) for t in compass.tracks],
            "theme": [("", gettext("All themes"))]
            + [(t.id, t.short(language)) for t in compass.themes],
            "level": [("", gettext("All levels"))]
            + [(v.id, v.name(language)) for v in compass.levels],
            "aspect": [("", gettext("No aspect"))]
            + [(a.id, a.name(language)) for a in compass.aspects],
        }
        for name, field_choices in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = field_choices
        for name in ("level", "minimum"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-help"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("minimum") is not None and not data.get("aspect"):
            self.add_error("aspect", gettext("Choose the aspect the minimum applies to."))
        return data

    def value(self, name: str, default: Any = None) -> Any:
        """A filter's cleaned value; an invalid or empty one counts as not set."""
        value = getattr(self, "cleaned_data", {}).get(name)
        return default if value in (None, "") else value

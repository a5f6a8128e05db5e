"""Read and validate a compass file (TOML).

An invalid file is refused with a `CompassError` that names the file, the key and the problem,
for example ``compass.toml: criteria[innovation_level].weight: must be a number >= 0, got -1``.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, cast

from kompas.engine.compass import (
    Aggregation,
    Aspect,
    Category,
    Compass,
    Criterion,
    Level,
    MissingDataPolicy,
    Precondition,
    Scale,
    Theme,
    Track,
    ValueFunction,
)

# Weights count by their ratios (they are normalised); a ceiling keeps them meaningful: with
# 1e308 every product overflowed and every score became 0 without a word.
MAX_WEIGHT = 1000.0


class CompassError(ValueError):
    """A compass file that cannot be used; the message names file, key and problem."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.source = source
        self.key = key
        self.problem = problem


def load_compass(path: Path | str) -> Compass:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CompassError(str(path), "-", "file not found") from None
    except UnicodeDecodeError as error:
        raise CompassError(path.name, "-", f"not UTF-8 text ({error.reason})") from None
    except tomllib.TOMLDecodeError as error:
        raise CompassError(path.name, "-", f"not valid TOML: {error}") from None
    return parse_compass(raw, path.name)


def parse_compass(raw: Mapping[str, Any], source: str = "compass") -> Compass:
    return _Reader(source).compass(raw)


TOP_KEYS = {
    "compass",
    "levels",
    "tracks",
    "missing_data",
    "aggregation",
    "themes",
    "scales",
    "aspects",
    "criteria",
    "preconditions",
}


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> CompassError:
        return CompassError(self.source, key, problem)

    # -- primitives ---------------------------------------------------------------------------

    def table(self, raw: Any, key: str, allowed: Iterable[str]) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            raise self.fail(key, f"must be a table, got {type(raw).__name__}")
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}", "unknown key")
        return cast(Mapping[str, Any], raw)

    def array(self, raw: Mapping[str, Any], key: str, path: str, minimum: int) -> list[Any]:
        value = raw.get(key)
        if value is None:
            raise self.fail(path, "missing")
        if not isinstance(value, list):
            raise self.fail(path, f"must be an array, got {type(value).__name__}")
        if len(value) < minimum:
            raise self.fail(path, f"needs at least {minimum} entries, got {len(value)}")
        return value

    def text(self, raw: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if value is None:
            raise self.fail(f"{path}.{key}", "missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{path}.{key}", "must be a non-empty string")
        return value

    def number(
        self, raw: Any, path: str, low: float | None = None, high: float | None = None
    ) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.fail(path, f"must be a number, got {raw!r}")
        value = float(raw)
        if not math.isfinite(value):  # TOML knows inf and nan
            raise self.fail(path, f"must be a finite number, got {raw!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f">= {low}" if high is None else f"between {low} and {high}"
            raise self.fail(path, f"must be a number {bounds}, got {raw!r}")
        return value

    def choice(self, raw: Mapping[str, Any], key: str, path: str, options: Iterable[str]) -> str:
        value = self.text(raw, key, path)
        options = list(options)
        if value not in options:
            raise self.fail(f"{path}.{key}", f"must be one of {', '.join(options)}; got {value!r}")
        return value

    def unique(self, items: Iterable[Any], what: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise self.fail(f"{what}[{item.id}]", "duplicate id")
            seen.add(item.id)

    def names(self, raw: Mapping[str, Any], path: str) -> tuple[str, str, str]:
        return (
            self.text(raw, "id", path),
            self.text(raw, "name_nl", path),
            self.text(raw, "name_en", path),
        )

    # -- sections -----------------------------------------------------------------------------

    def compass(self, raw: Mapping[str, Any]) -> Compass:
        raw = self.table(raw, "(top)", TOP_KEYS)
        head = self.table(
            raw.get("compass"),
            "compass",
            {
                "id",
                "version",
                "name_nl",
                "name_en",
                "reference_region",
                "status",
                "status_note_nl",
                "status_note_en",
                "source",
                "section",
            },
        )
        scales = self.scales(raw)
        levels = self.levels(raw)
        aspects = self.aspects(raw)
        criteria = self.criteria(raw, aspects, scales)
        tracks = self.tracks(raw, levels, aspects, criteria)
        return Compass(
            id=self.text(head, "id", "compass"),
            version=self.text(head, "version", "compass"),
            name_nl=self.text(head, "name_nl", "compass"),
            name_en=self.text(head, "name_en", "compass"),
            reference_region=self.text(head, "reference_region", "compass"),
            status=self.text(head, "status", "compass", default="final"),
            status_note_nl=str(head.get("status_note_nl", "")),
            status_note_en=str(head.get("status_note_en", "")),
            source=str(head.get("source", "")),
            levels=levels,
            tracks=tracks,
            aspects=aspects,
            criteria=criteria,
            preconditions=self.preconditions(raw),
            themes=self.themes(raw),
            scales=scales,
            missing_data=self.missing_data(raw),
            aggregation=self.aggregation(raw),
        )

    def levels(self, raw: Mapping[str, Any]) -> tuple[Level, ...]:
        levels = tuple(
            Level(
                *self.names(
                    self.table(item, f"levels[{i}]", {"id", "name_nl", "name_en"}), f"levels[{i}]"
                )
            )
            for i, item in enumerate(self.array(raw, "levels", "levels", 2))
        )
        self.unique(levels, "levels")
        return levels

    def scales(self, raw: Mapping[str, Any]) -> dict[str, Scale]:
        tables = self.table(raw.get("scales", {}), "scales", raw.get("scales", {}).keys())
        return {scale_id: self.scale(scale_id, item) for scale_id, item in tables.items()}

    def scale(self, scale_id: str, raw: Any) -> Scale:
        path = f"scales.{scale_id}"
        raw = self.table(raw, path, {"name_nl", "name_en", "categories"})
        categories = []
        for i, item in enumerate(self.array(raw, "categories", f"{path}.categories", 2)):
            where = f"{path}.categories[{i}]"
            item = self.table(item, where, {"id", "name_nl", "name_en", "value"})
            value = self.number(item.get("value"), f"{where}.value", 0.0, 1.0)
            categories.append(Category(*self.names(item, where), value=value))
        self.unique(categories, f"{path}.categories")
        values = [c.value for c in categories]
        if any(b <= a for a, b in pairwise(values)):
            raise self.fail(
                f"{path}.categories", "values must increase strictly, worst category first"
            )
        return Scale(
            id=scale_id,
            name_nl=self.text(raw, "name_nl", path, default=scale_id),
            name_en=self.text(raw, "name_en", path, default=scale_id),
            categories=tuple(categories),
        )

    def aspects(self, raw: Mapping[str, Any]) -> tuple[Aspect, ...]:
        aspects = []
        for i, item in enumerate(self.array(raw, "aspects", "aspects", 1)):
            path = f"aspects[{i}]"
            item = self.table(item, path, {"id", "name_nl", "name_en", "weight"})
            names = self.names(item, path)
            weight = self.number(item.get("weight"), f"aspects[{names[0]}].weight", 0.0, MAX_WEIGHT)
            aspects.append(Aspect(*names, weight=weight))
        self.unique(aspects, "aspects")
        if sum(a.weight for a in aspects) <= 0:
            raise self.fail("aspects", "the aspect weights must not all be zero")
        return tuple(aspects)

    def criteria(
        self, raw: Mapping[str, Any], aspects: tuple[Aspect, ...], scales: dict[str, Scale]
    ) -> tuple[Criterion, ...]:
        criteria = tuple(
            self.criterion(i, item, aspects, scales)
            for i, item in enumerate(self.array(raw, "criteria", "criteria", 1))
        )
        self.unique(criteria, "criteria")
        for aspect in aspects:
            members = [c for c in criteria if c.aspect == aspect.id]
            if aspect.weight > 0 and sum(c.weight for c in members) <= 0:
                raise self.fail(
                    f"aspects[{aspect.id}]", "has weight but no criterion with weight > 0"
                )
        return criteria

    CRITERION_KEYS = frozenset(
        {
            "id",
            "name_nl",
            "name_en",
            "aspect",
            "kind",
            "weight",
            "direction",
            "scale",
            "indicators",
            "relative_to_reference",
            "value_function",
        }
    )

    def criterion(
        self, i: int, raw: Any, aspects: tuple[Aspect, ...], scales: dict[str, Scale]
    ) -> Criterion:
        raw = self.table(raw, f"criteria[{i}]", self.CRITERION_KEYS)
        names = self.names(raw, f"criteria[{i}]")
        path = f"criteria[{names[0]}]"
        aspect = self.choice(raw, "aspect", path, [a.id for a in aspects])
        kind = self.choice(raw, "kind", path, ["indicator", "judgement"])
        direction = self.choice(raw, "direction", path, ["increasing", "decreasing"])
        weight = self.number(raw.get("weight"), f"{path}.weight", 0.0, MAX_WEIGHT)
        common: dict[str, Any] = {"aspect": aspect, "weight": weight}
        if kind == "judgement":
            scale_id = self.choice(raw, "scale", path, scales)
            if direction != "increasing":
                raise self.fail(
                    f"{path}.direction", "scales run worst to best: must be 'increasing'"
                )
            for key in ("indicators", "value_function", "relative_to_reference"):
                if key in raw:
                    raise self.fail(f"{path}.{key}", "only for criteria of kind 'indicator'")
            return Criterion(
                *names, **common, kind="judgement", direction="increasing", scale=scales[scale_id]
            )
        if "scale" in raw:
            raise self.fail(f"{path}.scale", "only for criteria of kind 'judgement'")
        indicators = self.array(raw, "indicators", f"{path}.indicators", 1)
        if not all(isinstance(x, str) and x for x in indicators):
            raise self.fail(f"{path}.indicators", "must be a list of indicator ids")
        relative = raw.get("relative_to_reference", False)
        if not isinstance(relative, bool):
            raise self.fail(f"{path}.relative_to_reference", "must be true or false")
        function = self.value_function(
            raw.get("value_function"), f"{path}.value_function", direction
        )
        return Criterion(
            *names,
            **common,
            kind="indicator",
            direction="increasing" if direction == "increasing" else "decreasing",
            indicators=tuple(indicators),
            relative_to_reference=relative,
            value_function=function,
        )

    def value_function(self, raw: Any, path: str, direction: str) -> ValueFunction:
        if raw is None:
            raise self.fail(path, "missing")
        raw = self.table(raw, path, {"type", "points"})
        self.choice(raw, "type", path, ["piecewise_linear"])
        points = self.array(raw, "points", f"{path}.points", 2)
        xs, ys = [], []
        for j, point in enumerate(points):
            if not isinstance(point, list) or len(point) != 2:
                raise self.fail(f"{path}.points[{j}]", "must be a pair [x, value]")
            xs.append(self.number(point[0], f"{path}.points[{j}][0]"))
            ys.append(self.number(point[1], f"{path}.points[{j}][1]", 0.0, 1.0))
        if any(b <= a for a, b in pairwise(xs)):
            raise self.fail(f"{path}.points", "x must increase strictly")
        rising = all(b >= a for a, b in pairwise(ys))
        falling = all(b <= a for a, b in pairwise(ys))
        if (direction == "increasing" and not rising) or (
            direction == "decreasing" and not falling
        ):
            raise self.fail(f"{path}.points", f"values must follow direction '{direction}'")
        return ValueFunction(xs=tuple(xs), ys=tuple(ys))

    def tracks(
        self,
        raw: Mapping[str, Any],
        levels: tuple[Level, ...],
        aspects: tuple[Aspect, ...],
        criteria: tuple[Criterion, ...],
    ) -> tuple[Track, ...]:
        keys = {
            "id",
            "name_nl",
            "name_en",
            "executor",
            "thresholds",
            "aspect_weights",
            "criterion_weights",
        }
        tracks = []
        for i, item in enumerate(self.array(raw, "tracks", "tracks", 1)):
            item = self.table(item, f"tracks[{i}]", keys)
            names = self.names(item, f"tracks[{i}]")
            path = f"tracks[{names[0]}]"
            tracks.append(
                Track(
                    *names,
                    executor=str(item.get("executor", "")),
                    thresholds=self.thresholds(
                        item.get("thresholds"), f"{path}.thresholds", levels
                    ),
                    aspect_weights=self.weights(
                        item, "aspect_weights", path, [a.id for a in aspects]
                    ),
                    criterion_weights=self.weights(
                        item, "criterion_weights", path, [c.id for c in criteria]
                    ),
                )
            )
        self.unique(tracks, "tracks")
        return tuple(tracks)

    def thresholds(self, raw: Any, path: str, levels: tuple[Level, ...]) -> dict[str, float]:
        scored = [level.id for level in levels[:-1]]
        raw = self.table(raw, path, scored)
        thresholds = {}
        for level_id in scored:
            if level_id not in raw:
                raise self.fail(f"{path}.{level_id}", "missing")
            thresholds[level_id] = self.number(raw[level_id], f"{path}.{level_id}", 0.0, 1.0)
        values = list(thresholds.values())
        if any(b >= a for a, b in pairwise(values)):
            raise self.fail(
                path, "must decrease strictly from the best level to the lowest scored one"
            )
        return thresholds

    def weights(
        self, raw: Mapping[str, Any], key: str, path: str, ids: list[str]
    ) -> dict[str, float]:
        table = self.table(raw.get(key, {}), f"{path}.{key}", ids)
        return {k: self.number(v, f"{path}.{key}.{k}", 0.0, MAX_WEIGHT) for k, v in table.items()}

    def preconditions(self, raw: Mapping[str, Any]) -> tuple[Precondition, ...]:
        keys = {"id", "name_nl", "name_en", "rule_nl", "rule_en"}
        items = []
        for i, item in enumerate(raw.get("preconditions", [])):
            path = f"preconditions[{i}]"
            item = self.table(item, path, keys)
            items.append(
                Precondition(
                    *self.names(item, path),
                    rule_nl=self.text(item, "rule_nl", path),
                    rule_en=self.text(item, "rule_en", path),
                )
            )
        self.unique(items, "preconditions")
        return tuple(items)

    def themes(self, raw: Mapping[str, Any]) -> tuple[Theme, ...]:
        items = []
        for i, item in enumerate(raw.get("themes", [])):
            path = f"themes[{i}]"
            keys = {"id", "name_nl", "name_en", "short_nl", "short_en", "cross_cutting"}
            item = self.table(item, path, keys)
            items.append(
                Theme(
                    *self.names(item, path),
                    cross_cutting=bool(item.get("cross_cutting")),
                    short_nl=str(item.get("short_nl", "")),
                    short_en=str(item.get("short_en", "")),
                )
            )
        self.unique(items, "themes")
        return tuple(items)

    def missing_data(self, raw: Mapping[str, Any]) -> MissingDataPolicy:
        table = self.table(raw.get("missing_data", {}), "missing_data", {"judgement", "indicator"})
        self.choice({"judgement": "interval", **table}, "judgement", "missing_data", ["interval"])
        indicator = self.choice(
            {"indicator": "proxy_then_interval", **table},
            "indicator",
            "missing_data",
            ["proxy_then_interval", "interval"],
        )
        return MissingDataPolicy(
            judgement="interval",
            indicator="interval" if indicator == "interval" else "proxy_then_interval",
        )

    def aggregation(self, raw: Mapping[str, Any]) -> Aggregation:
        table = self.table(
            raw.get("aggregation", {}), "aggregation", {"judgements", "discuss_spread"}
        )
        method = self.choice(
            {"judgements": "median", **table}, "judgements", "aggregation", ["median", "mean"]
        )
        spread = table.get("discuss_spread", Aggregation.discuss_spread)
        if isinstance(spread, bool) or not isinstance(spread, int) or spread < 1:
            raise self.fail(
                "aggregation.discuss_spread", f"must be a whole number >= 1, got {spread!r}"
            )
        judgements: Literal["median", "mean"] = "mean" if method == "mean" else "median"
        return Aggregation(judgements=judgements, discuss_spread=spread)

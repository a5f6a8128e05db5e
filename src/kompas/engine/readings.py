"""Pick the indicator value a criterion reads for a region, with national proxies.

For each indicator the criterion names, in order of preference, the region's own value is used,
else the value of the nearest enclosing region (a national proxy). A criterion read relative to
the reference region also needs the reference's value on the same indicator and edition, found
the same way. When nothing is found the criterion stays unknown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from kompas.engine.compass import Compass, Criterion
from kompas.engine.editions import sort_key
from kompas.engine.model import IndicatorValue, Reading

ValueTable = Mapping[tuple[str, str], Sequence[IndicatorValue]]


def index_values(values: Sequence[IndicatorValue]) -> dict[tuple[str, str], list[IndicatorValue]]:
    """Group values by (region, indicator), newest edition first."""
    table: dict[tuple[str, str], list[IndicatorValue]] = {}
    for value in values:
        table.setdefault((value.region, value.indicator), []).append(value)
    for editions in table.values():
        editions.sort(key=lambda v: sort_key(v.edition), reverse=True)
    return table


def lineage(region: str, parents: Mapping[str, str | None]) -> Iterator[str]:
    """The region itself, then its parent, grandparent, ... (stops on a cycle)."""
    seen: set[str] = set()
    current: str | None = region
    while current is not None and current not in seen:
        yield current
        seen.add(current)
        current = parents.get(current)


def resolve(
    criterion: Criterion,
    region: str,
    reference_region: str,
    parents: Mapping[str, str | None],
    values: ValueTable,
    allow_proxy: bool = True,
) -> Reading | None:
    chain = list(lineage(region, parents)) if allow_proxy else [region]
    for indicator in criterion.indicators:
        for holder in chain:
            for value in values.get((holder, indicator), ()):
                if not criterion.relative_to_reference:
                    return Reading(region=region, value=value)
                reference = _reference(value, reference_region, parents, values, allow_proxy)
                if reference is not None and reference.value != 0:
                    return Reading(region, value, reference_region, reference)
            if values.get((holder, indicator)):
                break
    return None


def _reference(
    value: IndicatorValue,
    reference_region: str,
    parents: Mapping[str, str | None],
    values: ValueTable,
    allow_proxy: bool,
) -> IndicatorValue | None:
    chain = list(lineage(reference_region, parents)) if allow_proxy else [reference_region]
    for holder in chain:
        for candidate in values.get((holder, value.indicator), ()):
            if candidate.edition == value.edition:
                return candidate
    return None


def resolve_all(
    compass: Compass,
    region: str,
    parents: Mapping[str, str | None],
    values: ValueTable,
) -> dict[str, Reading]:
    allow_proxy = compass.missing_data.indicator == "proxy_then_interval"
    readings = {}
    for criterion in compass.criteria:
        if criterion.kind != "indicator":
            continue
        reading = resolve(criterion, region, compass.reference_region, parents, values, allow_proxy)
        if reading is not None:
            readings[criterion.id] = reading
    return readings

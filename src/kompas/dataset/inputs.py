"""Turn the dataset's records into the engine's inputs for one compass."""

from __future__ import annotations

from collections.abc import Iterable

from kompas.dataset.model import Dataset, Judgement
from kompas.engine.compass import Compass
from kompas.engine.model import Gate, RegionInput
from kompas.engine.panel import Judged
from kompas.engine.readings import index_values, resolve_all


def region_inputs(dataset: Dataset, compass: Compass, codes: list[str]) -> list[RegionInput]:
    values = index_values(list(dataset.values))
    parents = dataset.parents
    result = []
    for code in codes:
        judgements, ranges, panels = judged(dataset.judgements_by_region.get(code, ()))
        result.append(
            RegionInput(
                code=code,
                readings=resolve_all(compass, code, parents, values),
                judgements=judgements,
                gates={
                    g.precondition: Gate(g.status, g.evidence, g.cited.source, g.cited.section)
                    for g in dataset.gates_by_region.get(code, ())
                },
                judgement_ranges=ranges,
                panels=panels,
            )
        )
    return result


def judged(
    records: Iterable[Judgement],
) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, dict[str, Judged]]]:
    """One region's judgements: criteria with one analyst (a category, or a range when unsure),
    and panels (criterion → analyst → category or range) for criteria that two or more
    analysts judged."""
    by_criterion: dict[str, dict[str, Judged]] = {}
    for j in records:
        by_criterion.setdefault(j.criterion, {})[j.author] = j.judged
    single: dict[str, str] = {}
    ranges: dict[str, tuple[str, str]] = {}
    panels: dict[str, dict[str, Judged]] = {}
    for criterion, analysts in by_criterion.items():
        if len(analysts) > 1:
            panels[criterion] = analysts
            continue
        (only,) = analysts.values()
        if isinstance(only, str):
            single[criterion] = only
        else:
            ranges[criterion] = only
    return single, ranges, panels

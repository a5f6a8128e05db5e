"""Turn the dataset's records into the engine's inputs for one compass."""

from __future__ import annotations

from collections.abc import Iterable

from kompas.dataset.model import Dataset, Judgement
from kompas.engine.compass import Compass
from kompas.engine.model import Gate, RegionInput
from kompas.engine.readings import index_values, resolve_all


def region_inputs(dataset: Dataset, compass: Compass, codes: list[str]) -> list[RegionInput]:
    values = index_values(list(dataset.values))
    parents = dataset.parents
    result = []
    for code in codes:
        judgements, panels = judged(j for j in dataset.judgements if j.region == code)
        result.append(
            RegionInput(
                code=code,
                readings=resolve_all(compass, code, parents, values),
                judgements=judgements,
                gates={
                    g.precondition: Gate(g.status, g.evidence, g.cited.source, g.cited.section)
                    for g in dataset.gates
                    if g.region == code
                },
                panels=panels,
            )
        )
    return result


def judged(
    records: Iterable[Judgement],
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """One region's judgements: criteria with one analyst, and panels (criterion → analyst →
    category) for criteria that two or more analysts judged."""
    by_criterion: dict[str, dict[str, str]] = {}
    for j in records:
        by_criterion.setdefault(j.criterion, {})[j.author] = j.category
    single = {c: next(iter(a.values())) for c, a in by_criterion.items() if len(a) == 1}
    panels = {c: a for c, a in by_criterion.items() if len(a) > 1}
    return single, panels

"""Turn the dataset's records into the engine's inputs for one compass."""

from __future__ import annotations

from kompas.dataset.model import Dataset
from kompas.engine.compass import Compass
from kompas.engine.model import Gate, RegionInput
from kompas.engine.readings import index_values, resolve_all


def region_inputs(dataset: Dataset, compass: Compass, codes: list[str]) -> list[RegionInput]:
    values = index_values(list(dataset.values))
    parents = dataset.parents
    return [
        RegionInput(
            code=code,
            readings=resolve_all(compass, code, parents, values),
            judgements={j.criterion: j.category for j in dataset.judgements if j.region == code},
            gates={
                g.precondition: Gate(g.status, g.evidence, g.cited.source, g.cited.section)
                for g in dataset.gates
                if g.region == code
            },
        )
        for code in codes
    ]

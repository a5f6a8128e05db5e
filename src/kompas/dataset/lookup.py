"""Find a region by code or by name, in Dutch or English, forgiving case and accents."""

from __future__ import annotations

import difflib
import unicodedata

from kompas.dataset.model import Dataset, Region


class RegionNotFoundError(LookupError):
    def __init__(self, query: str, suggestions: list[Region]) -> None:
        super().__init__(query)
        self.query = query
        self.suggestions = suggestions


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def _names(region: Region) -> list[str]:
    return [region.code, region.name_nl, region.name_en, *region.aliases]


def find_region(dataset: Dataset, query: str) -> Region:
    """The region whose code, name or alias matches; else `RegionNotFoundError` with the nearest."""
    wanted = normalise(query)
    index: dict[str, Region] = {}
    for region in dataset.regions.values():
        for name in _names(region):
            index.setdefault(normalise(name), region)
    if wanted in index:
        return index[wanted]
    close = difflib.get_close_matches(wanted, list(index), n=8, cutoff=0.6)
    close += [name for name in index if wanted and wanted in name and name not in close]
    suggestions: list[Region] = []
    for name in close:
        if index[name] not in suggestions:
            suggestions.append(index[name])
    raise RegionNotFoundError(query, suggestions[:3])

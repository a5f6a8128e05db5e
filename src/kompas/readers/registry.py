"""The sources `kompas import` knows, by key."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from kompas.readers.base import Reader
from kompas.readers.eis import EisReader
from kompas.readers.freedom_house import FreedomHouseReader
from kompas.readers.geometries import GiscoNutsReader, WorldCountriesReader
from kompas.readers.gii import GiiReader
from kompas.readers.ris import RisReader
from kompas.readers.simple_csv import SimpleCsvReader
from kompas.readers.trade_cbs import CbsTradeReader
from kompas.readers.wgi import WgiReader
from kompas.readers.wjp import WjpReader

# key -> a factory taking an optional edition (for files that do not state their own)
READERS: dict[str, Callable[[str | None], Reader]] = {
    "wgi": WgiReader,
    "freedom_house": FreedomHouseReader,
    "wjp": WjpReader,
    "cbs_trade": CbsTradeReader,
    "csv": partial(SimpleCsvReader, publisher="eigen gegevens"),
    "gisco_nuts": GiscoNutsReader,
    "world_countries": WorldCountriesReader,
    "eis": EisReader,
    "ris": RisReader,
    "gii": GiiReader,
}


def reader(key: str, edition: str | None = None) -> Reader:
    if key not in READERS:
        raise KeyError(key)
    return READERS[key](edition)

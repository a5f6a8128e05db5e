"""Region codes and names to Kompas codes, with the maintained ISO 3166 library `iso3166`.

Countries become ISO 3166-1 alpha-2 codes; NUTS codes are checked against the NUTS 2021 list of
the shipped map file. Publishers that use their own codes or names have an explicit table here;
anything else that does not resolve is reported by row, never guessed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from iso3166 import countries

# World Bank codes that are not ISO 3166-1 alpha-3 (WGI, and other World Bank tables).
WORLD_BANK_CODES = {
    "ADO": "AD",  # Andorra
    "ROM": "RO",  # Romania
    "ZAR": "CD",  # Congo, Dem. Rep.
    "TMP": "TL",  # Timor-Leste
    "KSV": "XK",  # Kosovo
    "WBG": "PS",  # West Bank and Gaza
}
# NUTS uses EL for Greece and UK for the United Kingdom.
NUTS_COUNTRIES = {"EL": "GR", "UK": "GB"}
CODE = re.compile(r"^[A-Z]{2,3}$")


class UnresolvedError(LookupError):
    pass


def country(code_or_name: str, aliases: dict[str, str] | None = None) -> str:
    """ISO 3166-1 alpha-2 for an alpha-2, alpha-3 or ISO name (or a publisher's alias)."""
    text = code_or_name.strip()
    if aliases and text in aliases:
        return aliases[text]
    if text in WORLD_BANK_CODES:
        return WORLD_BANK_CODES[text]
    if text in NUTS_COUNTRIES:
        return NUTS_COUNTRIES[text]
    try:
        return str(countries.get(text).alpha2)
    except KeyError:
        raise UnresolvedError(text) from None


def is_code_shaped(text: str) -> bool:
    return bool(CODE.match(text.strip()))


@cache
def nuts_codes() -> frozenset[str]:
    """NUTS 2021 codes of levels 1 and 2 (from the shipped map file)."""
    text = (resources.files("kompas") / "default_data" / "geometries.geojson").read_text(
        encoding="utf-8"
    )
    return frozenset(
        f["properties"]["code"]
        for f in json.loads(text)["features"]
        if f["properties"]["scheme"] == "nuts"
    )


def nuts(code: str) -> str:
    """A NUTS 2021 code (levels 1–2); a country-level NUTS code becomes its ISO alpha-2."""
    text = code.strip().upper()
    if len(text) == 2:
        return country(text)
    if text not in nuts_codes():
        raise UnresolvedError(text)
    return text

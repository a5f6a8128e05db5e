"""The Dutch catalogue keeps up with the source: every string is there, translated, not fuzzy."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

SOURCE = Path(__file__).parents[1] / "src" / "kompas"
CATALOGUE = SOURCE / "locale" / "nl" / "LC_MESSAGES" / "django.po"

PYTHON_CALLS = re.compile(r"""\b(?:gettext|gettext_lazy|_)\(\s*(["'])((?:\\.|(?!\1).)+)\1\s*[,)]""")
TEMPLATE_TAGS = re.compile(r"""\{%\s*translate\s+(["'])((?:(?!\1).)+)\1""")


def source_strings() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in PYTHON_CALLS.finditer(path.read_text(encoding="utf-8")):
            found.add(
                match.group(2).encode().decode("unicode_escape")
                if "\\" in match.group(2)
                else match.group(2)
            )
    for path in SOURCE.rglob("*.html"):
        found |= {m.group(2) for m in TEMPLATE_TAGS.finditer(path.read_text(encoding="utf-8"))}
    return found


def _first(text: object) -> str:
    """A message's text; for a plural message, its first form."""
    if isinstance(text, str):
        return text
    if isinstance(text, list | tuple) and text:
        return str(text[0] or "")
    return ""


@pytest.fixture(scope="module")
def catalogue() -> dict[str, tuple[str, bool]]:
    with CATALOGUE.open("rb") as handle:
        messages = read_po(handle, locale="nl")
    return {_first(m.id): (_first(m.string), m.fuzzy) for m in messages if m.id}


def test_every_source_string_is_in_the_dutch_catalogue(
    catalogue: dict[str, tuple[str, bool]],
) -> None:
    missing = sorted(source_strings() - set(catalogue))
    assert not missing, f"run makemessages and translate: {missing}"


def test_every_string_in_the_dutch_catalogue_is_translated_and_not_fuzzy(
    catalogue: dict[str, tuple[str, bool]],
) -> None:
    untranslated = sorted(k for k, (text, fuzzy) in catalogue.items() if not text or fuzzy)
    assert not untranslated, untranslated


def test_the_compiled_catalogue_is_newer_than_the_source_catalogue() -> None:
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make messages`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, "run `make messages`"

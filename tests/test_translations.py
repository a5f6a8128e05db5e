"""The Dutch catalogue keeps up with the source: every string is there, translated, not fuzzy,
with the same placeholders as its English source."""

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

SOURCE = Path(__file__).parents[1] / "src" / "kompas"
CATALOGUE = SOURCE / "locale" / "nl" / "LC_MESSAGES" / "django.po"

# The calls Django's makemessages reads (see django.core.management.commands.makemessages).
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# A call inside an f-string, which makemessages cannot see: found by this pattern instead.
PYTHON_CALLS = re.compile(r"""\b(?:gettext|gettext_lazy|_)\(\s*(["'])((?:\\.|(?!\1).)+)\1\s*[,)]""")
TEMPLATE_TAGS = re.compile(r"""\{%\s*translate\s+(["'])((?:(?!\1).)+)\1""")
PLACEHOLDERS = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrs%])")

Key = tuple[str | None, str]


def _python_strings(path: Path) -> set[Key]:
    found: set[Key] = set()
    for _line, message, _comments, context in extract_from_file("python", path, KEYWORDS):
        text = message if isinstance(message, str) else message[0]
        if text:
            found.add((context, text))
    for match in PYTHON_CALLS.finditer(path.read_text(encoding="utf-8")):
        text = match.group(2)
        found.add((None, text.encode().decode("unicode_escape") if "\\" in text else text))
    return found


def source_strings() -> set[Key]:
    found: set[Key] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= _python_strings(path)
    for path in SOURCE.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= {(None, m.group(2)) for m in TEMPLATE_TAGS.finditer(text)}
    return found


def _forms(text: object) -> list[str]:
    """A message's text, or each form of a plural message."""
    if isinstance(text, str):
        return [text]
    if isinstance(text, list | tuple):
        return [str(form or "") for form in text]
    return [""]


@pytest.fixture(scope="module")
def messages() -> dict[Key, Message]:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    return {(m.context, _forms(m.id)[0]): m for m in catalogue if m.id}


def test_every_source_string_is_in_the_dutch_catalogue(messages: dict[Key, Message]) -> None:
    missing = sorted(source_strings() - set(messages), key=lambda key: (key[0] or "", key[1]))
    assert not missing, f"run makemessages and translate: {missing}"


def test_it_finds_the_strings_of_every_kind_of_call() -> None:
    """The test above sees plural and context calls, and strings cut over several lines."""
    found = _python_strings(SOURCE / "reports" / "robustness.py")
    assert (None, "P(rank 1)") in found
    assert ("table header", "decided") in found
    assert (
        None,
        "Rank acceptabilities, central weights and pairwise winning chances: --format json.",
    ) in found
    assert any(text.startswith("Monte Carlo error: at most") for _, text in found)


def test_every_string_in_the_dutch_catalogue_is_translated_and_not_fuzzy(
    messages: dict[Key, Message],
) -> None:
    untranslated = sorted(
        key[1]
        for key, message in messages.items()
        if message.fuzzy or not all(form.strip() for form in _forms(message.string))
    )
    assert not untranslated, untranslated


def placeholders(text: str) -> list[str]:
    """The %-placeholders of a text, named ones by name ("%%" is none)."""
    return sorted(name or kind for name, kind in PLACEHOLDERS.findall(text) if kind != "%")


def test_every_translation_has_the_placeholders_of_its_source(
    messages: dict[Key, Message],
) -> None:
    wrong = []
    for key, message in messages.items():
        if not message.python_format:
            continue
        sources = _forms(message.id)
        for index, translation in enumerate(_forms(message.string)):
            source = sources[min(index, len(sources) - 1)]
            if placeholders(translation) != placeholders(source):
                wrong.append((key, translation))
    assert not wrong, wrong


def test_the_compiled_catalogue_is_newer_than_the_source_catalogue() -> None:
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make messages`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, "run `make messages`"

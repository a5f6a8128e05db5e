"""docs/architecture.md describes every package, and modules stay small."""

from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "src" / "kompas"
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
MAX_LINES = 500

PACKAGES = sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and p.name != "__pycache__")
MODULES = sorted(
    p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts and "__pycache__" not in p.parts
)


@pytest.mark.parametrize("package", PACKAGES)
def test_the_architecture_note_describes_every_package(package: str) -> None:
    assert f"`{package}/`" in ARCHITECTURE


@pytest.mark.parametrize("module", ["settings.py", "urls.py", "wsgi.py"])
def test_the_architecture_note_describes_the_top_level_modules(module: str) -> None:
    assert f"`{module}`" in ARCHITECTURE


@pytest.mark.parametrize("module", MODULES, ids=[str(m.relative_to(SOURCE)) for m in MODULES])
def test_every_module_stays_under_the_size_limit(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module.relative_to(SOURCE)}: {lines} lines; split it"

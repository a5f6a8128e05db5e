"""The README keeps up with the command line: every command and option is documented."""

import re
from pathlib import Path

import click
import pytest

from kompas.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "kompas") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append((path, command))
    return found


COMMANDS = _commands(main)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_the_readme_documents_every_command_and_its_options(
    path: str, command: click.Command
) -> None:
    assert f"`{path}" in README
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert any(f"`{flag}" in README for flag in parameter.opts), f"{path} {parameter.opts}"


def test_the_readme_documents_the_global_options() -> None:
    for parameter in main.params:
        if isinstance(parameter, click.Option) and parameter.name not in {"help", "version"}:
            assert any(f"`{flag}" in README for flag in parameter.opts), parameter.opts


def test_the_readme_quick_start_is_the_two_make_commands_and_ci_runs_the_second() -> None:
    assert "make run" in README
    assert "make test" in README
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == "make test"


def test_the_readme_documents_every_environment_variable_the_code_reads() -> None:
    source = Path(__file__).parents[1] / "src" / "kompas"
    names: set[str] = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"""(?:env_\w+|environ(?:\.get)?)\(\s*["']([A-Z_]+)["']""", text))
        names |= set(re.findall(r"""environ\[["']([A-Z_]+)["']\]""", text))
        names |= set(re.findall(r"""envvar=["']([A-Z_]+)["']""", text))
    names -= {"DJANGO_SETTINGS_MODULE"}
    assert {"DATABASE_URL", "KOMPAS_HOME", "KOMPAS_LANG"} <= names
    undocumented = sorted(name for name in names if f"`{name}`" not in README)
    assert not undocumented, undocumented


def test_the_import_guide_describes_every_source() -> None:
    from kompas.readers.registry import READERS

    guide = (Path(__file__).parents[1] / "docs" / "imports.md").read_text(encoding="utf-8")
    missing = [key for key in READERS if f"`{key}`" not in guide]
    assert not missing, missing

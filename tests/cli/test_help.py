"""`--help` of `kompas` and of each of its commands and subcommands."""

from __future__ import annotations

import click
import pytest

from kompas.cli import main
from tests.cli.support import ok


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = command_paths(main)


def test_it_has_the_documented_commands() -> None:
    assert {" ".join(path) for path in COMMANDS} >= {
        "",
        "assess",
        "explain",
        "check",
        "compass",
        "compass validate",
    }


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(("kompas", *path)))
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_it_shows_help_for_every_command(path: tuple[str, ...], flag: str) -> None:
    out = ok(*path, flag)
    assert out.startswith(f"Usage: {' '.join(('main', *path))}")
    assert "Options:" in out


def test_it_shows_its_version() -> None:
    assert "version" in ok("--version")

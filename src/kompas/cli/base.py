"""What every `kompas` command shares: the language and data options, and what is weighed."""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.dataset import DataError, Dataset, load_dataset
from kompas.dataset.model import TRACKS, Round
from kompas.engine import Compass, CompassError, load_compass
from kompas.shared.rounds import default_round, latest_first
from kompas.shared.setup import database_ready, django_ready

LANG = click.Choice(["nl", "en"])
DATA = click.Path(file_okay=False, path_type=Path)
LANG_HELP = "Language of the output (or set KOMPAS_LANG)."
DATA_HELP = "Read this data folder instead of the database."
USER_HELP = (
    "Record changes in the name of this account (it must exist); "
    "without it, in the name of the operating-system user as cli:NAME."
)

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Weighed:
    """What a command weighs: the compass, the data and the round."""

    compass: Compass
    dataset: Dataset
    round: Round


@dataclass
class Context:
    data: Path | None
    lang: str
    user: str | None = None

    def weigh(self, compass_file: Path | None = None, round_id: str | None = None) -> Weighed:
        """From the data folder given with --data, else from the database (seeded on first use).

        The round is `round_id`, else the latest adopted one (kompas.shared.rounds: a draft is
        never the default). From the database a frozen round is replayed from its snapshot and
        an open one uses its own compass version with the current data (kompas.shared.state).
        `compass_file` replaces the compass.
        """
        try:
            if self.data is not None:
                compass = load_compass(compass_file or self.data / "compass.toml")
                dataset = load_dataset(compass, self.data)
                return Weighed(compass, dataset, self._folder_round(dataset, round_id))
            return self._database(compass_file, round_id)
        except (CompassError, DataError) as error:
            raise click.ClickException(str(error)) from None

    def _database(self, compass_file: Path | None, round_id: str | None) -> Weighed:
        database_ready()
        from kompas.shared.state import RoundNotFoundError, weighing

        try:
            weighed = weighing(round_id)
        except RoundNotFoundError as error:
            raise self._unknown_round(error.key, error.known) from None
        if weighed.stored is None:
            raise self._no_adopted_round([r.key for r in weighed.state.rounds])
        compass = load_compass(compass_file) if compass_file else weighed.compass
        return Weighed(compass, weighed.dataset, weighed.round)

    def _folder_round(self, dataset: Dataset, round_id: str | None) -> Round:
        if round_id is not None:
            if round_id not in dataset.rounds:
                raise self._unknown_round(round_id, sorted(dataset.rounds))
            return dataset.rounds[round_id]
        found = default_round(latest_first(dataset.rounds.values(), lambda r: r.id))
        if found is None:
            raise self._no_adopted_round(sorted(dataset.rounds))
        return found

    def _unknown_round(self, key: str, known: list[str]) -> click.ClickException:
        return click.ClickException(
            _("unknown round %(round)r; rounds: %(rounds)s")
            % {"round": key, "rounds": ", ".join(known) or "–"}
        )

    def _no_adopted_round(self, known: list[str]) -> click.ClickException:
        where = str(self.data) if self.data else _("database")
        if not known:
            return click.ClickException(_("%(where)s: no decision rounds") % {"where": where})
        return click.ClickException(
            _("%(where)s: no adopted decision round; name one with --round (rounds: %(rounds)s)")
            % {"where": where, "rounds": ", ".join(known)}
        )


pass_context = click.make_pass_decorator(Context)


def _context() -> Context:
    found = click.get_current_context().find_object(Context)
    assert found is not None, "a kompas command runs under the kompas group"
    return found


def _choose_language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """`--lang` after the command's name: it wins over the one before (and KOMPAS_LANG)."""
    if value is not None:
        _context().lang = value


def _choose_data(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """`--data` after the command's name: it wins over the one before."""
    if value is not None:
        _context().data = value


def _choose_user(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """`--user` after the command's name: it wins over the one before."""
    if value is not None:
        _context().user = value


def operating_system_user() -> str:
    """`cli:NAME`, the actor of a command run without `--user`."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no name for this user id (a bare container)
        name = str(os.getuid())
    return f"cli:{name}"


def named_account(name: str | None = None) -> Any:
    """The active account `name`, else the one named with `--user` (before or after the
    command's name), or None when none was named; a name without an (active) account is a
    clear error."""
    name = name if name is not None else _context().user
    if name is None:
        return None
    database_ready()
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=name).first()
    if found is None:
        raise click.ClickException(_("no account '%(name)s'") % {"name": name})
    if not found.is_active:
        raise click.ClickException(_("account '%(name)s' is not active") % {"name": name})
    return found


def speaks(
    *, reads_data: bool = False, acts: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A command in the chosen language: `--lang` (and with `reads_data`, `--data`) may also
    follow the command's name, and its output, errors included, is in that language.

    The changes a command makes are recorded in the audit trail under the operating-system user
    (`cli:NAME`); a command that `acts` also takes `--user` after its name and records them
    under the account named with `--user` (before or after the name), which must exist."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            django_ready()
            from kompas.audit.log import acting_as

            with translation.override(_context().lang):
                actor = (named_account() if acts else None) or operating_system_user()
                with acting_as(actor):
                    return command(*args, **kwargs)

        options = [
            click.option(
                "--lang", type=LANG, expose_value=False, callback=_choose_language, help=LANG_HELP
            )
        ]
        if acts:
            options.append(
                click.option("--user", expose_value=False, callback=_choose_user, help=USER_HELP)
            )
        if reads_data:
            options.append(
                click.option(
                    "--data", type=DATA, expose_value=False, callback=_choose_data, help=DATA_HELP
                )
            )
        decorated: Callable[P, R] = run
        for option in options:
            decorated = option(decorated)
        return decorated

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", type=DATA, default=None, help=DATA_HELP)
@click.option(
    "--lang", type=LANG, default="nl", envvar="KOMPAS_LANG", show_default=True, help=LANG_HELP
)
@click.option("--user", default=None, help=USER_HELP)
@click.version_option(package_name="kompas")
@click.pass_context
def main(ctx: click.Context, data: Path | None, lang: str, user: str | None) -> None:
    """Kompas: weigh regions with the afwegingskompas and explain the advice."""
    ctx.obj = Context(data, lang, user)


def tracks_of(compass: Compass, track: str) -> list[str]:
    """The tracks to weigh; a compass file may define fewer tracks than the data records."""
    known = [t.id for t in compass.tracks]
    wanted = [t for t in TRACKS if t in known] if track == "all" else [track]
    if not wanted or wanted[0] not in known:
        values = {"compass": compass.id, "track": track, "known": ", ".join(known)}
        if track == "all":
            values["track"] = ", ".join(TRACKS)
            message = _(
                "compass %(compass)s has none of the tracks %(track)s; its tracks: %(known)s"
            )
        else:
            message = _("compass %(compass)s has no track %(track)s; its tracks: %(known)s")
        raise click.ClickException(message % values)
    return wanted

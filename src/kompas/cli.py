"""The `kompas` command: a thin layer over the engine, the dataset and the reports.

Its words come from the translation catalogue (`locale/`): each command runs with the language
of `--lang` (before or after the command's name, or KOMPAS_LANG) active.
"""

from __future__ import annotations

import functools
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kompas.dataset import DataError, Dataset, load_dataset, region_inputs
from kompas.dataset.check import check as check_dataset
from kompas.dataset.lookup import RegionNotFoundError, find_region
from kompas.dataset.model import TRACKS, Round
from kompas.engine import Compass, CompassError, load_compass
from kompas.reports.explanation import explanation_json, render_explanation
from kompas.reports.findings import findings_json, render_findings
from kompas.reports.focus_table import render_table, to_csv, to_json
from kompas.reports.imports import render_plan, render_report
from kompas.shared.focus import focus_table
from kompas.shared.setup import database_ready, django_ready

LANG = click.Choice(["nl", "en"])
DATA = click.Path(file_okay=False, path_type=Path)
LANG_HELP = "Language of the output (or set KOMPAS_LANG)."
DATA_HELP = "Read this data folder instead of the database."

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Context:
    data: Path | None
    lang: str

    def load(
        self, compass_file: Path | None = None, round_id: str | None = None
    ) -> tuple[Compass, Dataset]:
        """From the data folder given with --data, else from the database (seeded on first use).

        The round (`round_id`, else the latest) decides what is weighed: a frozen round is replayed
        from its snapshot, an open one uses its own compass version with the current data.
        """
        try:
            if self.data is not None:
                compass = load_compass(compass_file or self.data / "compass.toml")
                return compass, load_dataset(compass, self.data)
            database_ready()
            from kompas.rounds.models import DecisionRound
            from kompas.rounds.snapshot import round_state
            from kompas.shared.database import load

            compass, dataset = load()
            key = round_id or (self.round(dataset, None).id if dataset.rounds else None)
            stored = DecisionRound.objects.filter(key=key).first() if key else None
            if stored is not None:
                state = round_state(stored, dataset)
                compass, dataset = state.compass, state.dataset
            return (load_compass(compass_file) if compass_file else compass), dataset
        except (CompassError, DataError) as error:
            raise click.ClickException(str(error)) from None

    def round(self, dataset: Dataset, round_id: str | None) -> Round:
        if not dataset.rounds:
            raise click.ClickException(
                _("%(where)s: no decision rounds") % {"where": self.data or _("database")}
            )
        if round_id is None:
            return max(dataset.rounds.values(), key=lambda r: (r.period_end or 0, r.id))
        if round_id not in dataset.rounds:
            raise click.ClickException(
                _("unknown round %(round)r; rounds: %(rounds)s")
                % {"round": round_id, "rounds": ", ".join(sorted(dataset.rounds))}
            )
        return dataset.rounds[round_id]


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


def speaks(*, reads_data: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A command in the chosen language: `--lang` (and with `reads_data`, `--data`) may also
    follow the command's name, and its output, errors included, is in that language."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            django_ready()
            with translation.override(_context().lang):
                return command(*args, **kwargs)

        options = [
            click.option(
                "--lang", type=LANG, expose_value=False, callback=_choose_language, help=LANG_HELP
            )
        ]
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
@click.version_option(package_name="kompas")
@click.pass_context
def main(ctx: click.Context, data: Path | None, lang: str) -> None:
    """Kompas: weigh regions with the afwegingskompas and explain the advice."""
    ctx.obj = Context(data, lang)


def _tracks(compass: Compass, track: str) -> list[str]:
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


@main.command()
@click.option("--track", type=click.Choice(["all", *TRACKS]), default="all", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--compass",
    "compass_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this compass file instead of the data folder's compass.toml.",
)
@click.option("--round", "round_id", help="Decision round (default: the latest).")
@click.option("--all-regions", is_flag=True, help="Also weigh regions without a decision.")
@speaks(reads_data=True)
@pass_context
def assess(
    obj: Context,
    track: str,
    fmt: str,
    compass_file: Path | None,
    round_id: str | None,
    all_regions: bool,
) -> None:
    """Print the focus table: decision beside advice, per region and track."""
    compass, dataset = obj.load(compass_file, round_id)
    round_ = obj.round(dataset, round_id)
    rows = focus_table(
        compass, dataset, round_, _tracks(compass, track), include_undecided=all_regions
    )
    if fmt == "json":
        click.echo(json.dumps(to_json(compass, round_, rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(rows), nl=False)
    else:
        click.echo(render_table(compass, round_, rows, obj.lang))


@main.command()
@click.argument("region")
@click.option("--track", type=click.Choice(["all", *TRACKS]), default="all", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--compass", "compass_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--round", "round_id", help="Decision round (default: the latest).")
@speaks(reads_data=True)
@pass_context
def explain(
    obj: Context, region: str, track: str, fmt: str, compass_file: Path | None, round_id: str | None
) -> None:
    """Explain the advice for one region (code or name, Dutch or English)."""
    compass, dataset = obj.load(compass_file, round_id)
    round_ = obj.round(dataset, round_id)
    try:
        found = find_region(dataset, region)
    except RegionNotFoundError as error:
        message = _("Unknown region: '%(query)s'.") % {"query": error.query}
        if error.suggestions:
            names = ", ".join(f"{r.name(obj.lang)} ({r.code})" for r in error.suggestions)
            message += " " + _("Did you mean: %(names)s?") % {"names": names}
        raise click.ClickException(message) from None
    if found.is_group:
        members = [dataset.regions[code] for code in found.members]
        names = ", ".join(f"{r.name(obj.lang)} ({r.code})" for r in members)
        values = {"code": found.code, "names": names}
        raise click.ClickException(
            _("%(code)s is a group; explain one of its members: %(names)s.") % values
            if members
            else _("%(code)s is a group without members; there is nothing to explain.") % values
        )
    row = focus_table(compass, dataset, round_, _tracks(compass, track), codes=[found.code])[0]
    inputs = region_inputs(dataset, compass, [found.code])[0]
    if fmt == "json":
        payload = [explanation_json(compass, found, cell, inputs) for cell in row.cells]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    parts = [
        render_explanation(compass, dataset, found, inputs, cell, round_.id, obj.lang)
        for cell in row.cells
    ]
    click.echo(("\n\n" + "=" * 80 + "\n\n").join(parts))


@main.command()
@click.option("--round", "round_id", help="Decision round (default: the latest).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@speaks(reads_data=True)
@pass_context
def check(obj: Context, round_id: str | None, fmt: str) -> None:
    """List inconsistencies in the recorded data."""
    compass, dataset = obj.load()
    round_ = obj.round(dataset, round_id)
    findings = check_dataset(dataset, round_, compass)
    if fmt == "json":
        click.echo(json.dumps(findings_json(findings), ensure_ascii=False, indent=2))
    else:
        click.echo(render_findings(compass, dataset, findings, obj.lang))


@main.group()
def compass() -> None:
    """Work with compass files."""


@compass.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@speaks()
def validate(file: Path) -> None:
    """Check a compass file; print what it holds, or the key and the problem."""
    try:
        loaded = load_compass(file)
    except CompassError as error:
        raise click.ClickException(str(error)) from None
    aspects, criteria = len(loaded.aspects), len(loaded.criteria)
    preconditions, tracks = len(loaded.preconditions), len(loaded.tracks)
    counted = {
        "aspects": ngettext("%(count)s aspect", "%(count)s aspects", aspects) % {"count": aspects},
        "criteria": ngettext("%(count)s criterion", "%(count)s criteria", criteria)
        % {"count": criteria},
        "preconditions": ngettext(
            "%(count)s precondition", "%(count)s preconditions", preconditions
        )
        % {"count": preconditions},
        "tracks": ngettext("%(count)s track", "%(count)s tracks", tracks) % {"count": tracks},
    }
    message = _("Valid compass: %(aspects)s, %(criteria)s, %(preconditions)s, %(tracks)s.")
    click.echo(message % counted)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per processor core, plus one).",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(min=1),
    help="Threads per worker process.",
)
@speaks()
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    """Start the web application (creating and filling the database on first start)."""
    # First-start work, once, in this process, before the workers are forked from it.
    database_ready()
    from kompas.accounts.first_user import ensure_first_user
    from kompas.wsgi import default_workers, run

    created = ensure_first_user()
    if created is not None:
        name, password = created
        click.echo(
            _(
                "First account created: user '%(name)s' (administrator), password: %(password)s\n"
                "Keep the password; it is not shown again."
            )
            % {"name": name, "password": password}
        )
    address = f"[{host}]" if ":" in host else host
    serving = _("Kompas is running at %(url)s (Ctrl+C stops)") % {
        "url": f"http://{address}:{port}/"
    }
    run(
        f"{address}:{port}",
        workers=workers or default_workers(),
        threads=threads,
        ready=lambda: click.echo(serving),
    )


@main.group()
def user() -> None:
    """Manage user accounts."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["viewer", "analyst", "coordinator", "administrator"]),
)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the password from this file (first line); without it, you are asked for it.",
)
@click.option("--email", default="", help="E-mail address.")
@speaks()
def user_add(name: str, role: str, password_file: Path | None, email: str) -> None:
    """Create an account with a role: viewer, analyst, coordinator or administrator."""
    database_ready()
    from kompas.accounts.first_user import AccountError, create_account

    if password_file is not None:
        password = (
            password_file.read_text(encoding="utf-8").splitlines()[0]
            if password_file.stat().st_size
            else ""
        )
    else:
        password = click.prompt(
            _("Password"), hide_input=True, confirmation_prompt=_("Repeat the password")
        )
    try:
        create_account(name, role, password, email)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Account '%(name)s' created with role %(role)s.") % {"name": name, "role": role})


@user.command("list")
@speaks()
def user_list() -> None:
    """List the accounts and their roles."""
    database_ready()
    from django.contrib.auth import get_user_model

    from kompas.accounts.roles import role_of

    for account in get_user_model().objects.order_by("username"):
        inactive = pgettext("account", "inactive")
        state = "" if account.is_active else f" ({inactive})"
        click.echo(f"{account.get_username()}\t{role_of(account) or '-'}{state}")


@main.command("import")
@click.argument("source", required=False)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "list_sources", is_flag=True, help="List the sources that can be imported.")
@click.option("--edition", help="The publisher's edition, for files that do not state it.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--user", "username", help="Record the import in the name of this account.")
@speaks()
@pass_context
def import_(
    obj: Context,
    source: str | None,
    file: Path | None,
    list_sources: bool,
    edition: str | None,
    dry_run: bool,
    username: str | None,
) -> None:
    """Import a publisher's file: preview, then store with provenance and report what changed."""
    from kompas.readers.base import SourceError
    from kompas.readers.registry import READERS, reader

    if list_sources:
        for key in READERS:
            known = reader(key)
            click.echo(f"{key}\t{known.publisher}: {known.title} ({', '.join(known.suffixes)})")
        return
    if source is None or file is None:
        raise click.UsageError(_("give SOURCE and FILE, or --list"))
    if source not in READERS:
        raise click.ClickException(
            _("unknown source %(source)r; sources: %(sources)s")
            % {"source": source, "sources": ", ".join(READERS)}
        )
    database_ready()
    from kompas.imports import services

    user = _account(username)
    try:
        with _progress_bar(file.name) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos)

            plan = services.read(source, file, edition, progress)
    except SourceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(render_plan(plan, obj.lang))
    if dry_run or not plan.writes:
        return
    run = services.apply(plan, user)
    assert run is not None
    click.echo(render_report(run.report, obj.lang))


def _progress_bar(label: str) -> Any:
    """A progress bar on standard error (only on a terminal): standard output stays the report."""
    stream = sys.stderr if sys.stderr.isatty() else io.StringIO()
    return click.progressbar(length=1, label=label, file=stream)


def _account(username: str | None) -> Any:
    if username is None:
        return None
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise click.ClickException(_("no account '%(name)s'") % {"name": username})
    return found


@main.command()
@click.option("--track", type=click.Choice(["all", *TRACKS]), default="all", show_default=True)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Monte Carlo samples per track.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed; the same seed replays exactly.",
)
@click.option(
    "--concentration",
    type=float,
    default=None,
    help="Weights ~ Dirichlet(K × compass weights); larger K, less spread; inf: none "
    "(default 100).",
)
@click.option(
    "--order",
    default=None,
    help="Only an order of importance, most important first: aspects:ID,ID,... or "
    "criteria:ID,ID,...",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--round", "round_id", help="Decision round (default: the latest).")
@click.option(
    "--compass",
    "compass_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this compass file instead of the data folder's compass.toml.",
)
@speaks(reads_data=True)
@pass_context
def robustness(
    obj: Context,
    track: str,
    samples: int,
    seed: int,
    concentration: float | None,
    order: str | None,
    fmt: str,
    round_id: str | None,
    compass_file: Path | None,
) -> None:
    """How robust the advice is under uncertain weights and judgements (SMAA)."""
    from kompas.engine.robustness import WeightModel, smaa
    from kompas.reports.robustness import render_robustness, robustness_json

    compass, dataset = obj.load(compass_file, round_id)
    round_ = obj.round(dataset, round_id)
    tracks = _tracks(compass, track)
    if concentration is not None and order is not None:
        raise click.UsageError(_("give --concentration or --order, not both"))
    rows = focus_table(compass, dataset, round_, tracks, explanations=False)
    inputs = region_inputs(dataset, compass, [row.region.code for row in rows])
    try:
        if order is not None:
            level, _sep, ids = order.partition(":")
            if level not in ("aspects", "criteria") or not ids:
                message = _("expected aspects:ID,ID,... or criteria:ID,ID,..., got %(value)r") % {
                    "value": order
                }
                raise click.BadParameter(message, param_hint="'--order'")
            model = WeightModel.ranked(
                "aspects" if level == "aspects" else "criteria", ids.split(",")
            )
        else:
            model = WeightModel.around(*(() if concentration is None else (concentration,)))
        results = {
            name: smaa(compass, inputs, name, model, samples=samples, seed=seed) for name in tracks
        }
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "json":
        payload = robustness_json(compass, round_, rows, results)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render_robustness(compass, round_, rows, results, obj.lang))

"""The commands that run and keep Kompas: `serve`, `user`, `compass validate` and `import`."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kompas.cli.base import Context, named_account, pass_context, speaks
from kompas.engine import CompassError, load_compass
from kompas.reports.imports import render_plan, render_report
from kompas.shared.setup import database_ready


@click.group()
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


@click.command()
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


@click.group()
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
@speaks(acts=True)
def user_add(name: str, role: str, password_file: Path | None, email: str) -> None:
    """Create an account with a role: viewer, analyst, coordinator or administrator."""
    database_ready()
    from kompas.accounts.services import AccountError, create_account

    try:
        create_account(name, role, _password(password_file), email)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Account '%(name)s' created with role %(role)s.") % {"name": name, "role": role})


@user.command("set-password")
@click.argument("name")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the password from this file (first line); without it, you are asked for it.",
)
@speaks(acts=True)
def user_set_password(name: str, password_file: Path | None) -> None:
    """Set a new password for an account (and lift a lockout of its name)."""
    database_ready()
    from kompas.accounts.services import AccountError, find_account, set_password

    try:
        account = find_account(name)
        set_password(account, _password(password_file))
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("New password set for %(name)s.") % {"name": name})


@user.command("change")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "analyst", "coordinator", "administrator"]),
    help="The account's new role.",
)
@click.option(
    "--active/--inactive",
    default=None,
    help="Let the account log in again, or no longer (it is kept, with its history).",
)
@speaks(acts=True)
def user_change(name: str, role: str | None, active: bool | None) -> None:
    """Change an account's role, or whether it may log in; the last active administrator stays."""
    database_ready()
    from kompas.accounts.services import AccountError, change_account, find_account

    try:
        change_account(find_account(name), role, active)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Account %(name)s changed.") % {"name": name})


def _password(password_file: Path | None) -> str:
    """The first line of the file, or asked for twice (without echo)."""
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    answer: str = click.prompt(
        _("Password"), hide_input=True, confirmation_prompt=_("Repeat the password")
    )
    return answer


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


@click.command("import")
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
    try:
        run = services.apply(plan, user)
    except services.StalePreviewError as stale:
        raise click.ClickException(
            _(
                "%(file)s: the data changed while this import ran (another import or change); "
                "nothing was stored: run the command again for a fresh preview"
            )
            % {"file": stale.file_name}
        ) from None
    assert run is not None
    click.echo(render_report(run.report, obj.lang))


def _progress_bar(label: str) -> Any:
    """A progress bar on standard error (only on a terminal): standard output stays the report."""
    stream = sys.stderr if sys.stderr.isatty() else io.StringIO()
    return click.progressbar(length=1, label=label, file=stream)


def _account(username: str | None) -> Any:
    """The account named with the import's own --user, else with kompas --user, else None
    (the change is then recorded under the operating-system user, see kompas.cli.base)."""
    return named_account(username)

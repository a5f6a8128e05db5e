"""`kompas backup FILE` and `kompas restore FILE`: the database and the uploaded files in one
archive (kompas.backup), written while Kompas runs and restored into an empty database."""

from __future__ import annotations

from pathlib import Path

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompas.cli.base import speaks

FILE = click.Path(dir_okay=False, path_type=Path)


@click.command("backup")
@click.argument("file", type=FILE)
@speaks()
def backup(file: Path) -> None:
    """Write a consistent backup of the database and the uploaded files to FILE (a new file),
    also while the server runs."""
    from kompas.backup.services import BackupError
    from kompas.backup.services import backup as make_backup

    try:
        summary = make_backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _("Backup written to %(file)s: %(records)s, %(files)s.")
        % {"file": file, **_counted(summary.records, summary.files)}
    )
    _rounds(summary.rounds)


@click.command("restore")
@click.argument("file", type=FILE)
@speaks()
def restore(file: Path) -> None:
    """Restore a backup made with `kompas backup` into an empty database."""
    from kompas.backup.services import BackupError
    from kompas.backup.services import restore as restore_backup

    try:
        summary = restore_backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _("Restored from %(file)s (made %(made)s on %(database)s): %(records)s, %(files)s.")
        % {
            "file": file,
            "made": summary.manifest.get("created_at", "?"),
            "database": summary.manifest.get("database", "?"),
            **_counted(summary.records, summary.files),
        }
    )
    _rounds(summary.rounds)


def _counted(records: int, files: int) -> dict[str, str]:
    return {
        "records": ngettext("%(count)s record", "%(count)s records", records) % {"count": records},
        "files": ngettext("%(count)s uploaded file", "%(count)s uploaded files", files)
        % {"count": files},
    }


def _rounds(rounds: dict[str, str]) -> None:
    for key, digest in rounds.items():
        click.echo(
            _("Frozen round %(round)s replays to SHA-256 %(hash)s.")
            % {"round": key, "hash": digest}
        )

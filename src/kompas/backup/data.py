"""The database's records as plain JSON (Django's serialisation), read from one snapshot and
written back in one transaction: the same format whatever the database, so a backup from SQLite
restores into PostgreSQL and back.

What is kept: every model of every installed app, users and roles included, except what a
database has of its own (content types and permissions, which `migrate` creates; natural keys
refer to them) and log-in sessions (a restore logs everyone out). Foreign keys to users, groups
and permissions are written as natural keys (user name, group name, permission codename).
"""

from __future__ import annotations

import datetime
import decimal
import json
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils.translation import gettext as _

from kompas.backup.archive import BackupError

LEFT_OUT_APPS = {"contenttypes", "sessions"}
LEFT_OUT_MODELS = {"auth.Permission"}
# Rows that `migrate` itself writes into a new database (the roles, the data version): a
# database holding only these is empty; a restore replaces them with the backup's.
MADE_BY_MIGRATIONS = {"auth.Group", "shared.DataVersion"}


def kept_models() -> list[type[Model]]:
    """The models a backup holds, in an order that loads each after what it refers to."""
    app_list = [
        (config, None) for config in apps.get_app_configs() if config.label not in LEFT_OUT_APPS
    ]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label not in LEFT_OUT_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


class _Encoder(json.JSONEncoder):
    """JSON for the serialiser's values, losing nothing (Django's own drops microseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, datetime.timedelta):
            return o.total_seconds()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """Every query inside reads the database as it was at one moment, without stopping writers.

    PostgreSQL: a read-only REPEATABLE READ transaction. SQLite (in WAL mode): one read
    transaction, begun DEFERRED so that it takes no write lock. Inside a transaction already
    (the tests), that transaction's view is the snapshot.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def applied_migrations(using: str) -> dict[str, list[str]]:
    """Per app, the migrations applied to the database, sorted."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def dump(using: str) -> tuple[bytes, dict[str, int], dict[str, list[str]]]:
    """The records as JSON, the count per model, and the migrations; call inside `snapshot`."""
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            _("the database is not set up (migrations are missing): nothing to back up")
        )
    records: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    migrations = applied_migrations(using)
    for model in kept_models():
        rows = model._default_manager.using(using).order_by(model._meta.pk.name)
        found = serializers.serialize("python", rows.iterator(), use_natural_foreign_keys=True)
        counts[model._meta.label] = len(found)
        records.extend(found)
    data = json.dumps(records, cls=_Encoder, ensure_ascii=False, separators=(",", ":"))
    return data.encode(), counts, migrations


def prepare_empty(using: str, migrations: dict[str, list[str]]) -> None:
    """Create the tables, then require the database to be empty and at the backup's migrations.

    Raises BackupError naming what is in the way; changes nothing else.
    """
    call_command("migrate", database=using, interactive=False, verbosity=0)
    name = connections[using].settings_dict["NAME"]
    here = applied_migrations(using)
    for app in sorted(set(here) | set(migrations)):
        if here.get(app, []) != migrations.get(app, []):
            raise BackupError(
                _(
                    "the backup was made with other migrations of %(app)s than this Kompas has "
                    "(backup: %(backup)s; here: %(here)s); restore it with the version of "
                    "Kompas that made it"
                )
                % {
                    "app": app,
                    "backup": (migrations.get(app) or ["–"])[-1],
                    "here": (here.get(app) or ["–"])[-1],
                }
            )
    for model in kept_models():
        if model._meta.label in MADE_BY_MIGRATIONS:
            continue
        if model._default_manager.using(using).exists():
            raise BackupError(
                _(
                    "the database %(name)s is not empty (it holds %(what)s); a backup is "
                    "restored only into an empty database"
                )
                % {"name": name, "what": model._meta.verbose_name_plural}
            )


def load(using: str, records: list[dict[str, Any]]) -> dict[str, int]:
    """Write the records into the (empty, migrated) database; call inside one transaction.

    Foreign keys are checked once everything is in (SQLite checks them at the end; PostgreSQL's
    are deferred to the commit); sequences continue after the restored keys; the data version
    gets a new token, so no server process keeps a cache of what was there before.
    """
    connection = connections[using]
    models = kept_models()
    for model in models:
        if model._meta.label in MADE_BY_MIGRATIONS:
            model._default_manager.using(using).all().delete()
    counts: dict[str, int] = {}
    try:
        with connection.constraint_checks_disabled():
            for item in serializers.deserialize("python", records, using=using):
                item.save(using=using)
                label = item.object._meta.label
                counts[label] = counts.get(label, 0) + 1
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
    except (DatabaseError, serializers.base.DeserializationError) as error:
        raise BackupError(
            _("the records could not be restored: %(error)s") % {"error": error}
        ) from None
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    from kompas.shared.models import DataVersion

    DataVersion.objects.using(using).update(token=secrets.randbits(62))
    return counts

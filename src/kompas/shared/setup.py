"""Get Django and the database ready outside a web request (the command line, the server)."""

from __future__ import annotations

import os

import django


def django_ready() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")
    from django.apps import apps

    if not apps.ready:
        django.setup()


def database_ready() -> None:
    """Apply pending migrations and, on an empty database, load the embedded default data."""
    django_ready()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
    from kompas.shared.seed import is_seeded, seed

    if not is_seeded():
        seed()

"""Backup and restore: the database's contents and the uploaded files in one archive.

`services.backup` writes a consistent copy while Kompas runs (one read-only snapshot of the
database: a read transaction on SQLite in WAL mode, REPEATABLE READ on PostgreSQL), as Django's
database-neutral serialisation, beside the files under `KOMPAS_HOME/uploads/`, with a manifest
of checksums. `services.restore` checks the archive whole, then loads it into an empty database
in one transaction, so a backup from SQLite restores into PostgreSQL and back. No views.
"""

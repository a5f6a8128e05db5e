"""Two administrators who demote each other at the same moment: one succeeds, the other is told
that they are now the last active administrator, and one administrator remains.

The race runs in a process of its own on a fresh database of the kind the tests run on (a
SQLite file, or a PostgreSQL database under `scripts/with-postgres`), with one database
connection per thread, so that the two changes really meet."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.assessments.served import fresh_database

RACE = """
import json, threading
from kompas.shared.setup import database_ready
database_ready()
from django.db import connections
from kompas.accounts.roles import role_of
from kompas.accounts.services import AccountError, change_account, create_account

first = create_account("eerste", "administrator", "kompas-race-wachtwoord-1")
second = create_account("tweede", "administrator", "kompas-race-wachtwoord-2")
start, outcomes = threading.Barrier(2), []

def demote(actor, target):
    start.wait()
    try:
        change_account(target, "viewer", actor=actor)
        outcomes.append("demoted")
    except AccountError as error:
        outcomes.append(str(error))
    finally:
        connections.close_all()

pairs = ((first, second), (second, first))
threads = [threading.Thread(target=demote, args=pair) for pair in pairs]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
first.refresh_from_db(); second.refresh_from_db()
print(json.dumps({"outcomes": outcomes, "roles": [role_of(first), role_of(second)]}))
"""


def test_two_administrators_demoting_each_other_at_once_leave_one(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("KOMPAS_", "DJANGO_"))},
            "KOMPAS_HOME": str(tmp_path),
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "kompas.settings",
        }
        result = subprocess.run(
            [sys.executable, "-c", RACE], env=env, capture_output=True, text=True, timeout=300
        )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    demoted = [o for o in found["outcomes"] if o == "demoted"]
    refused = [o for o in found["outcomes"] if "is de laatste actieve beheerder" in o]
    assert (len(demoted), len(refused)) == (1, 1), found
    assert sorted(found["roles"]) == ["administrator", "viewer"]

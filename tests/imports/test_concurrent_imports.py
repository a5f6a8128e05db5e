"""Several `kompas import` processes at the same moment, on a database of their own (a fresh
SQLite file, or a fresh database on the PostgreSQL server under `scripts/with-postgres`): each is
stored, or refused because another import changed the data since its preview; none crashes, and
every stored import records as "before" the value the import before it stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from tests.assessments.served import fresh_database
from tests.imports.wgi_files import every_indicator, write_wgi

IMPORTS = 4
REPORT = """
import json
from kompas.shared.setup import database_ready
database_ready()
from kompas.imports.models import ImportRun
from kompas.regions.models import IndicatorValue
runs = [
    {m["indicator"]: [m["before"], m["after"]] for m in run.report["moved"] if m["region"] == "CN"}
    for run in ImportRun.objects.order_by("imported_at", "id")
]
now = IndicatorValue.objects.get(region__code="CN", indicator__key="wgi_rl", edition="2025")
print(json.dumps({"runs": runs, "now": now.value}))
"""


def _kompas(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kompas", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_simultaneous_imports_are_stored_or_refused_as_stale_never_a_crash(
    tmp_path: Path,
) -> None:
    files = [
        write_wgi(tmp_path / f"wgi-{n}.xlsx", every_indicator("CHN", "China", 2024, 1.0 + n / 10))
        for n in range(IMPORTS + 1)
    ]
    with fresh_database(tmp_path) as url:
        env = {**os.environ, "KOMPAS_HOME": str(tmp_path / "home"), "DATABASE_URL": url}
        env["KOMPAS_LANG"] = "nl"
        first = _kompas(env, "import", "wgi", str(files[0]))
        assert first.wait(timeout=300) == 0, first.communicate()
        racing = [_kompas(env, "import", "wgi", str(path)) for path in files[1:]]
        outcomes = [(p.wait(timeout=300), *p.communicate()) for p in racing]
        for code, out, err in outcomes:
            assert "Traceback" not in out + err, err
            if code:
                assert "de gegevens zijn gewijzigd terwijl deze import liep" in err, err
            else:
                assert "Opgeslagen: 0 nieuw, 6 gewijzigd." in out, out
        stored = sum(1 for code, _, _ in outcomes if code == 0)
        report = subprocess.run(
            [sys.executable, "-c", REPORT], env=env, capture_output=True, text=True, check=True
        )
    found = json.loads(report.stdout.strip().splitlines()[-1])
    runs = found["runs"]
    assert len(runs) == 1 + stored, outcomes
    for earlier, later in pairwise(runs):
        assert later["wgi_rl"][0] == earlier["wgi_rl"][1]  # "before" is what was stored
    assert found["now"] == runs[-1]["wgi_rl"][1]

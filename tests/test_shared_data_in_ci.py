"""Under CI=true a test skipped because the shared data folder is missing fails the run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
REAL_WORKBOOK = "tests/readers/test_wjp.py::test_it_reads_the_latest_edition_of_the_real_workbook"


@pytest.mark.parametrize(
    ("ci", "code", "said"),
    [
        ("false", 0, "1 skipped"),
        ("true", 1, "CI=true, and the shared data this test reads is missing"),
    ],
)
def test_a_skip_for_missing_shared_data_fails_the_run_only_in_ci(
    tmp_path: Path, ci: str, code: int, said: str
) -> None:
    env = {**os.environ, "CI": ci, "KOMPAS_SHARED_DATA": str(tmp_path / "absent")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", REAL_WORKBOOK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == code, done.stdout
    assert said in done.stdout

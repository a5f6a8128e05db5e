"""Import time and memory of the full governance workbooks (WGI, Freedom House).

Reads each publisher's file from ../shared/data (or KOMPAS_SHARED_DATA) and plans the import
against a fresh database (SQLite unless DATABASE_URL is set): the whole `kompas import` work up
to the preview (reading, checking, resolving codes, comparing with the database), then applies
it. Time is wall-clock; memory is the peak of Python allocations (tracemalloc) and the process's
maximum resident size.

    .venv/bin/python benchmarks/import_governance.py
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("KOMPAS_HOME", tempfile.mkdtemp(prefix="kompas-bench-"))

from kompas.shared.setup import database_ready

SHARED = Path(os.environ.get("KOMPAS_SHARED_DATA", Path(__file__).parents[2] / "shared" / "data"))
FILES = {
    "wgi": SHARED / "governance_wgi" / "wgidataset.xlsx",
    "freedom_house": SHARED / "governance_freedom_house" / "All_data_FIW_2013-2024.xlsx",
}


def main() -> None:
    database_ready()
    from kompas.readers.registry import READERS
    from kompas.imports import services

    for source, path in FILES.items():
        if source not in READERS:
            print(f"{source:<14} no reader registered")
            continue
        if not path.exists():
            print(f"{source:<14} {path} is absent")
            continue
        start = time.perf_counter()
        plan = services.read(source, path)
        read = time.perf_counter() - start
        services.apply(plan)
        total = time.perf_counter() - start
        tracemalloc.start()  # a second read, for memory only: tracemalloc slows Python down
        services.read(source, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = path.stat().st_size / 2**20
        print(
            f"{source:<14} {size:4.1f} MB file, {len(plan.batch.values):5d} values: read and plan "
            f"{read:5.2f} s, with apply {total:5.2f} s; peak Python memory {peak / 2**20:5.1f} MB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"maximum resident size of the process: {rss:.0f} MB")


if __name__ == "__main__":
    main()

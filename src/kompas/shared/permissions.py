"""Private files: the data folder 0700, the database, the secret key and uploads 0600.

Kompas's data folder holds the database, the secret key and uploaded files; nobody but the
account that runs Kompas should read them. Settings secure the folder, the SQLite file and the
secret key at every start (which also mends an older installation); the import page writes its
uploads through `secure_dir` and `private_opener`. No Django here: settings import it.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def secure_dir(path: Path) -> Path:
    """Create `path` (and missing parents) if needed, and make it readable by its owner only."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _chmod(path, PRIVATE_DIR)
    return path


def secure_file(path: Path, *, create: bool = False) -> Path:
    """Make the file at `path` readable and writable by its owner only; with `create`, create
    it empty first (with those rights from the start) when it does not exist."""
    if create and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    if path.exists():
        _chmod(path, PRIVATE_FILE)
    return path


def private_opener(path: str, flags: int) -> int:
    """For `open(path, "wb", opener=private_opener)`: a new file is 0600 from its creation, so
    there is no moment at which others may read it."""
    descriptor = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    return descriptor


def _chmod(path: Path, mode: int) -> None:
    """Only the owner may change the mode; a folder someone else owns is left as it is."""
    if path.stat().st_uid == os.geteuid() and (path.stat().st_mode & 0o777) != mode:
        path.chmod(mode)

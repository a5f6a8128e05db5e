"""Deployment: `KOMPAS_HTTPS=true` turns on secure cookies, HSTS and the SSL redirect, and
Django's deployment check then reports nothing; the data folder is 0700, the database and the
secret key 0600; the account settings come from the environment. Each check runs Kompas in a
fresh process with its own environment and data folder."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from kompas.shared.permissions import private_opener, secure_dir, secure_file


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KOMPAS_", "DJANGO_")) and key != "DATABASE_URL"
    }
    return {**env, "KOMPAS_HOME": str(home), **extra}


def _run(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=_env(home, **extra), capture_output=True, text=True
    )


def _check_deploy(home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return _run(home, "-m", "django", "check", "--deploy", "--settings=kompas.settings", **extra)


def test_behind_https_the_deployment_check_reports_nothing(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path / "home", KOMPAS_HTTPS="true")
    assert result.returncode == 0, result.stderr
    # The one silenced check is django-axes's advice to lock out by client address as well:
    # Kompas locks out by user name on purpose (settings.py says why).
    assert "System check identified no issues (1 silenced)." in result.stdout + result.stderr


def test_without_the_switch_it_warns_about_hsts_ssl_redirect_and_cookies(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path / "home")
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


def _settings(home: Path, *names: str, **extra: str) -> dict[str, object]:
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(home, "-c", script, DJANGO_SETTINGS_MODULE="kompas.settings", **extra)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_the_https_switch_and_the_proxy_header_are_read_from_the_environment(
    tmp_path: Path,
) -> None:
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    )
    on = _settings(
        tmp_path / "home", *names, KOMPAS_HTTPS="true", KOMPAS_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    assert on == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    off = _settings(tmp_path / "home", *names)
    assert off == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_the_lockout_and_session_limits_are_read_from_the_environment(tmp_path: Path) -> None:
    names = ("AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "KOMPAS_IDLE_MINUTES", "SESSION_COOKIE_AGE")
    assert _settings(tmp_path / "home", *names) == {
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:15:00",
        "KOMPAS_IDLE_MINUTES": 30,
        "SESSION_COOKIE_AGE": 14 * 24 * 3600,
    }
    assert _settings(
        tmp_path / "home",
        *names,
        KOMPAS_LOGIN_ATTEMPTS="3",
        KOMPAS_LOCKOUT_MINUTES="60",
        KOMPAS_IDLE_MINUTES="10",
        KOMPAS_SESSION_HOURS="8",
    ) == {
        "AXES_FAILURE_LIMIT": 3,
        "AXES_COOLOFF_TIME": "1:00:00",
        "KOMPAS_IDLE_MINUTES": 10,
        "SESSION_COOKIE_AGE": 8 * 3600,
    }


def test_a_setting_that_is_not_a_whole_number_is_refused_naming_the_variable(
    tmp_path: Path,
) -> None:
    result = _check_deploy(tmp_path / "home", KOMPAS_IDLE_MINUTES="dertig")
    assert result.returncode != 0
    assert "KOMPAS_IDLE_MINUTES" in result.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_is_0700_and_the_database_and_secret_key_0600(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = _run(home, "-m", "kompas", "user", "list")
    assert result.returncode == 0, result.stderr
    assert _mode(home) == 0o700
    for name in ("kompas.sqlite3", "secret_key"):
        assert _mode(home / name) == 0o600, name
    for extra in home.glob("kompas.sqlite3-*"):  # the WAL and its index take the file's mode
        assert _mode(extra) == 0o600, extra.name


def test_an_existing_world_readable_data_folder_and_database_are_made_private(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    database = home / "kompas.sqlite3"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    os.chmod(home, 0o755)
    assert _check_deploy(home).returncode == 0
    assert _mode(home) == 0o700
    assert _mode(database) == 0o600


def test_the_helpers_make_folders_0700_and_files_0600(tmp_path: Path) -> None:
    folder = secure_dir(tmp_path / "a" / "b")
    assert _mode(folder) == 0o700
    with open(folder / "upload.xlsx", "wb", opener=private_opener) as handle:
        handle.write(b"x")
    assert _mode(folder / "upload.xlsx") == 0o600
    loose = tmp_path / "loose.txt"
    loose.write_text("x")
    os.chmod(loose, 0o644)
    assert _mode(secure_file(loose)) == 0o600

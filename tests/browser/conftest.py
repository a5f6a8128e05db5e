"""Browser tests: a real `kompas serve` on a throw-away database, driven by Playwright in Debian's
chromium, with an axe-core scan of every main page and screenshots under build/screenshots/.

The server runs in a subprocess, exactly as a user starts it: on SQLite, or, when DATABASE_URL
points at PostgreSQL (the second run of `make test`), on a fresh PostgreSQL database.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

ROOT = Path(__file__).parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
PASSWORD = "browser-test-password-2026"
ROLES = ("viewer", "analyst", "coordinator", "administrator")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url(home: Path) -> str:
    """A fresh database for the server: a SQLite file, or a new PostgreSQL database."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{home / 'browser.sqlite3'}"
    import psycopg

    name = f"kompas_browser_{os.getpid()}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + f"/{name}"


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kompas serve stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"kompas serve did not answer at {url} within {seconds} s")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-packages` (Debian package chromium)")
    home = tmp_path_factory.mktemp("kompas-home")
    password_file = home / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    env = {**os.environ, "KOMPAS_HOME": str(home), "DATABASE_URL": _database_url(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    kompas = [sys.executable, "-m", "kompas"]
    for role in ROLES:
        subprocess.run(
            [*kompas, "user", "add", role, "--role", role, "--password-file", str(password_file)],
            env=env,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [*kompas, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/accounts/login/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield launched
    launched.close()


@pytest.fixture
def page_as(browser: Browser, server: str) -> Iterator[Callable[..., Page]]:
    """A new browser page logged in as the user of that role (Dutch locale), 1366 px wide
    unless `width` says otherwise."""
    contexts = []

    def login(role: str, width: int = 1366) -> Page:
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server}/accounts/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        return page

    yield login
    for context in contexts:
        context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; return its violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return list(result["violations"])


def assert_accessible(page: Page, name: str) -> None:
    """No axe violations; and a full-page screenshot for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    assert not violations, (
        f"axe violations on {name}:\n{json.dumps(summary, indent=2, ensure_ascii=False)}"
    )

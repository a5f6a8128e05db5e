"""What is weighed is cached in each server process; a change made anywhere is seen by every
process on its next request (a real `kompas serve` with two workers, and a change made by a
third process)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from tests.cli.test_serve import Server, server, wait_until_it_answers, workers_of

__all__ = ["server"]  # the fixture, shared with the serve tests

REQUESTS = 12  # per step: with two workers, both serve some


def logged_in(server: Server) -> urllib.request.OpenerDirector:
    password = re.search(r"password: (\S+)", server.output())
    assert password is not None, server.output()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Accept-Language", "en")]
    form = opener.open(f"{server.url}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": "beheerder", "password": password[1]}
    ).encode()
    request = urllib.request.Request(
        f"{server.url}/accounts/login/", data, headers={"Referer": f"{server.url}/accounts/login/"}
    )
    assert opener.open(request, timeout=10).status == 200
    return opener


def rename_in_another_process(server: Server, code: str, name: str) -> None:
    script = (
        "from kompas.shared.setup import django_ready; django_ready(); "
        "from kompas.regions.models import Region; "
        f"r = Region.objects.get(code={code!r}); r.name_en = {name!r}; r.save()"
    )
    env = {**os.environ, "KOMPAS_HOME": str(server.home)}
    env["DATABASE_URL"] = f"sqlite:///{server.home / 'kompas.sqlite3'}"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)


def test_a_change_is_seen_by_every_worker_on_its_next_request(server: Server) -> None:
    wait_until_it_answers(server)
    assert len(workers_of(server, 2)) == 2
    opener = logged_in(server)

    def overview() -> str:
        page: bytes = opener.open(f"{server.url}/?track=innovation", timeout=30).read()
        return page.decode()

    before = [overview() for _ in range(REQUESTS)]  # every worker now has the overview cached
    assert all("Bavaria" in page for page in before)
    rename_in_another_process(server, "DE2", "Bavaria (renamed elsewhere)")
    after = [overview() for _ in range(REQUESTS)]
    assert all("Bavaria (renamed elsewhere)" in page for page in after)
    assert Path(server.home / "kompas.sqlite3").exists()

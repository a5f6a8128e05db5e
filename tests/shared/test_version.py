"""The data version: every change raises it in its own transaction, and what is cached for one
version is never served for another."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kompas.assessments.models import Judgement
from kompas.regions.models import Region
from kompas.rounds.models import DecisionRound
from kompas.shared import version
from kompas.shared.models import DataVersion
from kompas.shared.state import current_state, focus_rows, weighing
from kompas.shared.version import OneVersionPerRequest, current_token, remember

pytestmark = pytest.mark.django_db


def test_saving_a_watched_model_gives_a_new_token() -> None:
    before = current_token()
    region = Region.objects.get(code="DE2")
    region.name_en = "Bavaria (changed)"
    region.save()
    assert current_token() != before


def test_deleting_a_watched_model_gives_a_new_token() -> None:
    before = current_token()
    Judgement.objects.filter(region__code="DE2").first().delete()  # type: ignore[union-attr]
    assert current_token() != before


def test_a_many_to_many_change_gives_a_new_token() -> None:
    group = Region.objects.filter(scheme="group").first()
    assert group is not None
    before = current_token()
    group.members.add(Region.objects.get(code="DE2"))
    assert current_token() != before


def test_the_count_goes_up_by_one_per_bump() -> None:
    number = DataVersion.objects.get(pk=1).number
    version.bump()
    assert DataVersion.objects.get(pk=1).number == number + 1


def test_what_is_remembered_is_computed_once_per_version() -> None:
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert remember("answer", build) == 1
    assert remember("answer", build) == 1
    version.bump()
    assert remember("answer", build) == 2


def test_the_weighed_rows_are_shared_until_something_changes() -> None:
    first = focus_rows(weighing())
    assert focus_rows(weighing()) is first
    judgement = Judgement.objects.filter(region__code="DE2").first()
    assert judgement is not None
    judgement.rationale += " (revised)"
    judgement.save()
    assert focus_rows(weighing()) is not first


def test_a_change_made_elsewhere_is_seen_on_the_next_read() -> None:
    """Another process changes the data and the token (a bulk update sends no signal here)."""
    assert "Changed elsewhere" not in current_state().dataset.regions["DE2"].name_en
    Region.objects.filter(code="DE2").update(name_en="Changed elsewhere")
    assert current_state().dataset.regions["DE2"].name_en != "Changed elsewhere"  # no bump yet
    DataVersion.objects.filter(pk=1).update(token=12345)
    assert current_state().dataset.regions["DE2"].name_en == "Changed elsewhere"


def test_a_rolled_back_change_leaves_no_token_behind() -> None:
    start = current_token()

    def change_then_fail() -> None:
        with transaction.atomic():
            DecisionRound.objects.update(status="draft")
            version.bump()
            remember("rows", lambda: "from a change that will be rolled back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert current_token() == start
    version.bump()
    assert remember("rows", lambda: "fresh") == "fresh"


def test_threads_asking_for_the_same_thing_at_once_build_it_once() -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []
    results: list[str] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(timeout=10)
        return "built"

    def ask() -> None:
        try:
            results.append(remember("slow", slow))
        finally:
            connection.close()  # each thread read the token on a connection of its own

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(timeout=10)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(timeout=10)
    assert results == ["built"] * 4
    assert len(calls) == 1


def token_reads(queries: list[dict[str, str]]) -> int:
    return sum('FROM "shared_dataversion"' in q["sql"] for q in queries)


@pytest.mark.parametrize("url", ["/", "/regions/DE2/"])
def test_a_page_reads_the_data_version_once(
    client_as: Callable[[str | None], Client], url: str
) -> None:
    client = client_as("viewer")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert token_reads(queries.captured_queries) == 1


def test_a_request_that_changes_data_reads_the_new_version_after_its_change() -> None:
    seen: list[int] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(current_token())
        seen.append(current_token())  # the same, without a query
        version.bump()
        seen.append(current_token())
        return HttpResponse()

    with CaptureQueriesContext(connection) as queries:
        OneVersionPerRequest(view)(HttpRequest())
    assert seen[0] == seen[1] != seen[2] == current_token()
    assert token_reads(queries.captured_queries) == 2  # before and after the change

"""The first profile after a change loads only what its region needs, and shows exactly what the
profile shows when the whole state is loaded."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from kompas.shared.state import current_state, region_weighing
from kompas.shared.version import forget, peek

ClientAs = Callable[[str | None], Client]
TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def page(client: Client, code: str) -> str:
    """The profile without its CSRF token (new with every page)."""
    return TOKEN.sub(r"\1", client.get(f"/regions/{code}/").content.decode())


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["DE2", "JP", "CN-JS", "G-NORDICS"])
def test_a_profile_from_its_own_records_equals_the_profile_from_everything(
    client_as: ClientAs, code: str
) -> None:
    client = client_as("viewer")
    forget()
    scoped = page(client, code)
    assert peek("state") is None  # the page was made from the region's own records
    current_state()  # now this process holds everything
    whole = page(client, code)
    assert scoped == whole


def test_the_first_profile_after_a_change_reads_only_the_records_of_its_region() -> None:
    forget()
    weighed = region_weighing("DE2")
    reference = weighed.dataset.reference.code
    assert weighed.about == "DE2"
    assert {j.region for j in weighed.dataset.judgements} <= {"DE2", "DE", reference}
    assert "DE2" in {j.region for j in weighed.dataset.judgements}
    assert len(weighed.dataset.judgements) < len(current_state().dataset.judgements)


def test_with_the_whole_state_at_hand_the_profile_uses_it() -> None:
    forget()
    whole = current_state()
    assert region_weighing("DE2").state is whole

"""Values of your own (the simple CSV) never replace a publisher's: refused whole, naming the row
and column, and the publisher's value stays what it was."""

from pathlib import Path

import pytest

from kompas.imports import services
from kompas.imports.models import ImportRun
from kompas.readers.base import SourceError
from kompas.regions.models import Indicator, IndicatorValue
from tests.cli.support import fails, ok
from tests.imports.wgi_files import every_indicator, write_wgi

pytestmark = pytest.mark.django_db
HEAD = "region,indicator,edition,year,value,std_error\n"


def _csv(tmp_path: Path, rows: str, name: str = "eigen.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def _rule_of_law() -> list[tuple[str, str, float]]:
    return sorted(
        IndicatorValue.objects.filter(region__code="NL", indicator__key="wgi_rl").values_list(
            "edition", "source__publisher", "value"
        )
    )


def test_a_csv_claiming_the_world_banks_rule_of_law_for_2099_is_refused(tmp_path: Path) -> None:
    before = _rule_of_law()
    assert before  # the embedded data hold the World Bank's value
    message = fails("import", "csv", str(_csv(tmp_path, "NL,wgi_rl,2099,2098,2.5,\n")))
    assert "eigen.csv: row 2: column indicator: 'wgi_rl' is a publisher's indicator" in message
    assert _rule_of_law() == before
    assert not ImportRun.objects.exists()


def test_a_csv_may_not_take_an_indicator_another_publisher_stored(tmp_path: Path) -> None:
    Indicator.objects.create(key="sdg_index", name_nl="SDG", name_en="SDG", publisher="UN SDSN")
    with pytest.raises(SourceError) as caught:
        services.read("csv", _csv(tmp_path, "NL,own_score,2024,,1,\nDE,sdg_index,2024,,70,\n"))
    error = caught.value
    assert (error.file, error.row, error.column) == ("eigen.csv", 3, "indicator")
    assert "'sdg_index' is an indicator of UN SDSN, not of eigen gegevens" in error.problem


def test_a_csv_with_its_own_ids_is_stored_beside_the_publishers_values(tmp_path: Path) -> None:
    before = _rule_of_law()
    ok("import", "csv", str(_csv(tmp_path, "NL,own_wgi_rl,2099,2098,2.5,\n")))
    assert _rule_of_law() == before
    own = IndicatorValue.objects.get(indicator__key="own_wgi_rl")
    assert (own.region.code, own.edition, own.value) == ("NL", "2099", 2.5)
    assert own.indicator.publisher == "eigen gegevens"
    ok("import", "csv", str(_csv(tmp_path, "NL,own_wgi_rl,2100,2099,2.6,\n", "later.csv")))
    assert IndicatorValue.objects.filter(indicator__key="own_wgi_rl").count() == 2


def test_a_publishers_file_given_an_edition_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = write_wgi(tmp_path / "wgi.xlsx", every_indicator("NLD", "Netherlands", 2024, 1.6))
    message = fails("import", "wgi", str(path), "--edition", "=1+1")
    assert "wgi.xlsx: the edition '=1+1' is not an edition: give a year (2024)" in message
    assert not ImportRun.objects.exists()


def test_the_value_before_is_that_of_the_newest_earlier_edition_by_date(tmp_path: Path) -> None:
    ok("import", "csv", str(_csv(tmp_path, "NL,own_score,2024-09-30,,1,\nNL,own_score,2023,,2,\n")))
    plan = services.read("csv", _csv(tmp_path, "NL,own_score,2024-10,,3,\n", "next.csv"))
    [moved] = plan.moved
    assert (moved.before_edition, moved.before, moved.after) == ("2024-09-30", 1.0, 3.0)

"""`kompas check`: inconsistencies between decisions, narrative texts and other records."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kompas.dataset.check import KINDS
from tests.cli.support import copy_data, edited, ok, run


def flagged(*args: str | Path) -> str:
    """Run `kompas check`, require exit status 1 (inconsistencies found) and silence on stderr,
    and return what it printed."""
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    return result.stdout


def findings(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("- ")]


def test_it_finds_the_decisions_that_differ_from_the_narrative_text() -> None:
    lines = findings(flagged("check"))
    for region in ("Thüringen (DEG)", "Israël (IL)"):
        prefix = f"- {region}: besluit Innovatie is 'Inzet', de tekst zegt 'Reactieve inzet': „"
        found = [line for line in lines if line.startswith(prefix)]
        assert len(found) == 1, region
        assert re.search(r"” \[aanpak-2024, Bijlage 1 · [^]]+\]$", found[0])


def test_it_finds_hessen_described_without_a_decision() -> None:
    lines = findings(flagged("check"))
    assert "- Hessen (DE7): beschreven in de documenten, maar zonder besluit in 2023-2027" in lines
    assert any(line.startswith("- Hessen (DE7): relatie (") for line in lines)


def test_it_ends_with_the_number_of_findings() -> None:
    out = flagged("check")
    last = out.splitlines()[-1]
    assert last == f"{len(findings(out))} bevindingen"
    assert out.splitlines()[:-1] == findings(out)


def test_it_counts_in_english_with_lang_en() -> None:
    out = flagged("--lang", "en", "check")
    assert out.splitlines()[-1] == f"{len(findings(out))} findings"
    assert any(
        line.startswith("- Thuringia (DEG): decision Innovation is 'Active', the text says")
        for line in findings(out)
    )


def test_it_prints_the_findings_as_a_json_list_with_kind_and_region() -> None:
    payload = json.loads(flagged("check", "--format", "json"))
    assert isinstance(payload, list)
    assert len(payload) == len(findings(flagged("check")))
    for item in payload:
        assert item["kind"] in KINDS
        assert isinstance(item["region"], str)
        assert {"source", "section"} <= set(item)
    against = [
        (item["region"], item["track"], item["decided"], item["stated"])
        for item in payload
        if item["kind"] == "decision_vs_narrative"
    ]
    assert ("DEG", "innovation", "inzet", "reactieve_inzet") in against
    assert ("IL", "innovation", "inzet", "reactieve_inzet") in against
    kinds = {(item["kind"], item["region"]) for item in payload}
    assert ("described_not_decided", "DE7") in kinds
    assert ("relation_without_decision", "DE7") in kinds


def quiet_data(tmp_path: Path) -> Path:
    data = copy_data(tmp_path)
    for name in ("narratives", "relations", "region_themes", "judgements"):
        (data / f"{name}.toml").write_text("# emptied for the test\n", encoding="utf-8")
    return data


def test_it_finds_nothing_without_narratives_relations_themes_and_judgements(
    tmp_path: Path,
) -> None:
    data = quiet_data(tmp_path)
    assert ok("--data", data, "check") == "Geen inconsistenties gevonden.\n"
    assert ok("--lang", "en", "--data", data, "check") == "No inconsistencies found.\n"
    assert json.loads(ok("--data", data, "check", "--format", "json")) == []


def test_it_reports_a_finding_on_a_track_the_data_folders_compass_lacks(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    compass = data / "compass.toml"
    text = compass.read_text(encoding="utf-8")
    compass.write_text(
        edited(text, r'\[\[tracks\]\]\nid = "trade_invest".*?(?=\n\[)', ""), encoding="utf-8"
    )
    narratives = data / "narratives.toml"
    text = narratives.read_text(encoding="utf-8")
    narratives.write_text(
        edited(
            text,
            r'(region = "MY"\ntrack = "trade_invest"\nlevel = )"inzet"',
            r'\1"faciliterend"',
        ),
        encoding="utf-8",
    )
    lines = findings(flagged("--data", data, "check"))
    assert any(
        line.startswith("- Maleisië (MY): besluit trade_invest is 'Inzet', de tekst zegt")
        for line in lines
    )


def test_it_lists_the_criteria_the_analysts_should_discuss(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with (data / "judgements.toml").open("a", encoding="utf-8") as file:
        file.write(
            '\n[[judgement]]\nregion = "DE1"\ncriterion = "innovation_themes"\n'
            'category = "weak"\nrationale = "Eigen lezing."\nauthor = "Analist B"\n'
        )
    analysts = "Kompas standaarddata (uit brondocument), Analist B"
    assert (
        f"- Baden-Württemberg (DE1): 'Innovatiethema's' te bespreken: de analisten ({analysts})"
        " liggen 3 stappen uiteen (zwak tot zeer sterk)"
    ) in findings(flagged("--data", data, "check"))
    assert (
        f"- Baden-Württemberg (DE1): 'Innovation themes' to discuss: the analysts ({analysts})"
        " lie 3 steps apart (weak to very strong)"
    ) in findings(flagged("--lang", "en", "--data", data, "check"))
    payload = json.loads(flagged("--data", data, "check", "--format", "json"))
    assert {
        "kind": "judgements_to_discuss",
        "region": "DE1",
        "criterion": "innovation_themes",
        "spread": "3",
        "lowest": "weak",
        "highest": "very_strong",
        "analysts": analysts,
        "source": None,
        "section": None,
    } in payload


def test_it_exits_with_status_1_when_it_finds_inconsistencies() -> None:
    for args in (["check"], ["check", "--format", "json"], ["--lang", "en", "check"]):
        assert run(*args).exit_code == 1


def test_it_exits_with_status_0_when_the_data_are_consistent(tmp_path: Path) -> None:
    data = quiet_data(tmp_path)
    assert run("--data", data, "check").exit_code == 0
    assert run("--data", data, "check", "--format", "json").exit_code == 0


def test_it_exits_with_status_2_when_it_cannot_check(tmp_path: Path) -> None:
    unknown_round = run("check", "--round", "1999")
    assert unknown_round.exit_code == 2
    assert "1999" in unknown_round.stderr
    broken = copy_data(tmp_path)
    (broken / "regions.toml").write_text("[[region]]\ncode = 1\n", encoding="utf-8")
    assert run("--data", broken, "check").exit_code == 2
    assert run("check", "--format", "xml").exit_code == 2


def test_its_help_says_what_the_exit_status_means() -> None:
    text = " ".join(ok("check", "--help").split())
    assert "Exits with status 1 when it finds any (like a linter), 0 when it finds none" in text

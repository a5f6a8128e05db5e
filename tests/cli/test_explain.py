"""`kompas explain REGION`: finding the region, and why it gets its advice."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from kompas.dataset import Dataset, load_dataset, region_inputs
from kompas.engine import Advice, Compass, assess, load_compass
from kompas.engine.assess import analyst_advice
from kompas.reports.focus_table import advice_text
from kompas.shared.formats import interval
from tests.cli.support import copy_data, edited, fails, ok
from tests.factories import embedded_compass

SEPARATOR = "=" * 80


@cache
def dataset() -> Dataset:
    return load_dataset(embedded_compass())


def explained(*args: str) -> list[dict[str, Any]]:
    payload: list[dict[str, Any]] = json.loads(ok("explain", *args, "--format", "json"))
    return payload


def section(out: str, title: str) -> list[str]:
    """The lines of a titled block of the explanation, up to the next empty line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = lines.index("", start)
    return lines[start:end]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("DE2", "Beieren (DE2) · Innovatie"),
        ("de2", "Beieren (DE2) · Innovatie"),
        ("Beieren", "Beieren (DE2) · Innovatie"),
        ("Bavaria", "Beieren (DE2) · Innovatie"),
        ("Bayern", "Beieren (DE2) · Innovatie"),
        ("  BEIEREN ", "Beieren (DE2) · Innovatie"),
        ("thuringen", "Thüringen (DEG) · Innovatie"),
        ("Thüringen", "Thüringen (DEG) · Innovatie"),
        ("maleisie", "Maleisië (MY) · Innovatie"),
    ],
)
def test_it_finds_the_region_by_code_or_name_in_any_language_case_and_accents(
    query: str, title: str
) -> None:
    assert ok("explain", query).splitlines()[0] == title


def test_it_explains_both_tracks_by_default() -> None:
    out = ok("explain", "Beieren")
    titles = [line for line in out.splitlines() if line.startswith("Beieren (DE2) · ")]
    assert titles == ["Beieren (DE2) · Innovatie", "Beieren (DE2) · Trade en/of invest"]
    assert out.count(SEPARATOR) == 1


def test_it_explains_one_track_with_track() -> None:
    out = ok("explain", "Beieren", "--track", "trade_invest")
    assert out.splitlines()[0] == "Beieren (DE2) · Trade en/of invest"
    assert "· Innovatie" not in out
    assert SEPARATOR not in out


def test_it_shows_the_advice_and_the_decision_with_its_footnote() -> None:
    lines = ok("explain", "Maleisië", "--track", "trade_invest").splitlines()
    assert re.fullmatch(r"Advies: .+ \(score \d,\d\d(–\d,\d\d)?\)", lines[2])
    assert lines[3].startswith("Besluit 2023-2027: Inzet [11] [12] · ")


def test_it_says_so_when_the_region_has_no_decision() -> None:
    assert "Geen besluit in 2023-2027" in ok("explain", "Hessen").splitlines()


def test_it_shows_the_status_of_every_precondition() -> None:
    compass = embedded_compass()
    gates = section(ok("explain", "DE2", "--track", "innovation"), "Randvoorwaarden: ")
    assert gates[0] == "Randvoorwaarden: open"
    assert gates[1:4] == [f"  {p.name_nl}: onbekend" for p in compass.preconditions]


def test_it_shows_a_recorded_gate_with_its_evidence_and_source() -> None:
    record = dataset().gates[0]
    name = embedded_compass().precondition(record.precondition).name_nl
    out = ok("explain", record.region, "--track", "innovation")
    evidence = f"„{record.evidence}” ({record.cited.source}, {record.cited.section})"
    assert f"  {name}: voldaan — {evidence}" in out.splitlines()


def test_it_shows_the_contribution_of_every_aspect() -> None:
    compass = embedded_compass()
    aspects = section(ok("explain", "DE2", "--track", "innovation"), "Bijdrage per aspect")
    assert len(aspects) == 1 + len(compass.aspects)
    for line, aspect in zip(aspects[1:], compass.aspects, strict=True):
        assert re.fullmatch(rf"  {re.escape(aspect.name_nl)} +\d,\d\d(–\d,\d\d)? +[█░]*", line)


def test_it_shows_the_weight_value_and_contribution_of_every_criterion() -> None:
    compass = embedded_compass()
    block = section(ok("explain", "DE2", "--track", "innovation"), "Bijdrage per criterium")
    heads = [line for line in block[1:] if not line.startswith("      ")]
    assert len(heads) == len(compass.criteria)
    for line, criterion in zip(heads, compass.criteria, strict=True):
        assert line.startswith(f"  {criterion.name_nl} ")
        assert re.search(r"gewicht +\d+(,\d{1,2})? %", line)
        assert re.search(r"(waarde \d,\d\d|onbekend \(0,00 – 1,00\))", line)
        assert re.search(r"bijdrage \d,\d\d(–\d,\d\d)?$", line)


def test_it_quotes_the_judgement_rationale_with_its_source() -> None:
    compass = embedded_compass()
    judgement = next(j for j in dataset().judgements if j.region == "DE2")
    scale = compass.criterion(judgement.criterion).scale
    assert scale is not None
    category = scale.category(judgement.category).name_nl
    cited = f"({judgement.cited.source}, {judgement.cited.section})"
    expected = f"      {category}: {judgement.rationale} {cited}"
    assert expected in ok("explain", "DE2", "--track", "innovation").splitlines()


def test_it_marks_a_national_figure_read_for_a_land_as_a_proxy() -> None:
    out = ok("explain", "DE2", "--track", "innovation")
    readings = [line for line in out.splitlines() if "· bron " in line]
    assert readings
    assert all("· nationale proxy: DE ·" in line for line in readings)
    assert "· national proxy: DE ·" in ok("--lang", "en", "explain", "DE2")


def test_it_lists_the_missing_judgements_and_values() -> None:
    compass = embedded_compass()
    out = ok("explain", "DE2", "--track", "innovation")
    missing = explained("DE2", "--track", "innovation")[0]["advice"]["missing"]
    assert missing
    names = ", ".join(compass.criterion(c).name_nl for c in missing)
    assert f"Ontbrekende oordelen en waarden (werk te doen): {names}" in out.splitlines()


def test_it_shows_the_smallest_changes_that_move_the_level() -> None:
    compass = embedded_compass()
    out = ok("explain", "DE2", "--track", "innovation")
    block = section(out, "Kleinste verandering die het niveau verschuift")
    change = next(
        c for c in explained("DE2", "--track", "innovation")[0]["changes"] if c["direction"] == "up"
    )
    target = (
        compass.aspect(change["target"])
        if change["kind"] == "aspect_weight"
        else compass.criterion(change["target"])
    )
    ups = [line for line in block if line.startswith("  omhoog: ")]
    assert ups
    assert f"'{target.name_nl}'" in ups[0]
    assert ups[0].endswith(f", niveau {compass.level(change['level_after']).name_nl}")
    assert block[-1].startswith("  ('omhoog' geldt voor het slechtste geval")


def test_it_prints_json_with_the_explain_schema_for_each_track() -> None:
    payload = explained("Beieren")
    assert [item["schema"] for item in payload] == ["kompas.explain/1"] * 2
    assert [item["region"] for item in payload] == ["DE2", "DE2"]
    assert [item["track"] for item in payload] == ["innovation", "trade_invest"]
    assert set(payload[0]) == {
        "schema",
        "region",
        "track",
        "decided",
        "agreement",
        "advice",
        "gates",
        "aspects",
        "criteria",
        "strongest",
        "weakest",
        "changes",
        "aggregation",
        "panels",
        "analysts",
    }
    assert (payload[0]["aggregation"], payload[0]["panels"], payload[0]["analysts"]) == (
        "median",
        [],
        {},
    )
    assert payload[0]["decided"] == "inzet"
    assert len(payload[0]["criteria"]) == len(embedded_compass().criteria)


def test_it_prints_json_for_one_track_with_track() -> None:
    assert [item["track"] for item in explained("DE2", "--track", "trade_invest")] == [
        "trade_invest"
    ]


def test_it_reports_judgement_changes_that_reach_the_level_they_promise() -> None:
    compass = embedded_compass()
    order = [level.id for level in compass.levels]
    judged = sorted({j.region for j in dataset().judgements})
    checked = 0
    for code in judged:
        inputs = region_inputs(dataset(), compass, [code])[0]
        for item in explained(code):
            for change in item["changes"]:
                if change["kind"] != "judgement":
                    continue
                assert change["before"] == inputs.judgements.get(change["target"])
                changed = replace(
                    inputs, judgements={**inputs.judgements, change["target"]: change["after"]}
                )
                advice = assess(compass, [changed], item["track"])[0]
                if change["direction"] == "up":
                    reached, score = advice.level_worst, advice.score_low
                    before = item["advice"]["level_worst"]
                    assert order.index(reached) < order.index(before), (code, change)
                else:
                    reached, score = advice.level_best, advice.score_high
                    before = item["advice"]["level_best"]
                    assert order.index(reached) > order.index(before), (code, change)
                assert reached == change["level_after"], (code, change)
                assert score == pytest.approx(change["score_after"], abs=1e-6)
                checked += 1
    assert checked


def test_it_suggests_the_nearest_region_for_an_unknown_name() -> None:
    message = fails("explain", "Beiern")
    assert message.startswith("Error: Onbekende regio: 'Beiern'.")
    assert "Bedoelt u:" in message
    assert "Beieren (DE2)" in message


def test_it_suggests_in_english_with_lang_en() -> None:
    message = fails("--lang", "en", "explain", "Beiern")
    assert "Unknown region: 'Beiern'." in message
    assert "Did you mean:" in message
    assert "Bavaria (DE2)" in message


def test_it_refuses_a_group_and_names_its_members() -> None:
    message = fails("explain", "G-NORDICS")
    assert "G-NORDICS" in message
    for member in ("Zweden (SE)", "Denemarken (DK)", "Finland (FI)"):
        assert member in message


def test_it_refuses_a_group_without_members_without_an_empty_list(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    regions = data / "regions.toml"
    with regions.open("a", encoding="utf-8") as file:
        file.write(
            '\n[[region]]\ncode = "G-EMPTY"\nscheme = "group"\n'
            'name_nl = "Lege groep"\nname_en = "Empty group"\n'
        )
    message = fails("--data", data, "explain", "G-EMPTY")
    assert message == "Error: G-EMPTY is een groep zonder leden; er is niets uit te leggen.\n"


# --- several analysts on one criterion ---------------------------------------------------------

# The embedded data judges Baden-Württemberg's innovation themes very strong (one analyst). Two
# more analysts judge them weak and moderate: median moderate (0,50), spread 3 steps. Two of them
# also judge the network's reciprocity, which nobody else judged, 4 steps apart.
TWO_MORE_ANALYSTS = """
[[judgement]]
region = "DE1"
criterion = "innovation_themes"
category = "weak"
rationale = "Twee van de zeven thema's sluiten aan."
author = "Analist B"

[[judgement]]
region = "DE1"
criterion = "innovation_themes"
category = "moderate"
rationale = "De helft van de thema's sluit aan."
author = "Analist C"

[[judgement]]
region = "DE1"
criterion = "reciprocity"
category = "very_weak"
rationale = "Geen netwerk dat ons iets teruggeeft."
author = "Analist B"

[[judgement]]
region = "DE1"
criterion = "reciprocity"
category = "very_strong"
rationale = "Het netwerk staat voor ons open."
author = "Analist C"
"""
STANDARD = "Kompas standaarddata (uit brondocument)"


def with_judgements(tmp_path: Path, rows: str) -> Path:
    """A copy of the embedded data folder with these judgement rows added."""
    data = copy_data(tmp_path)
    with (data / "judgements.toml").open("a", encoding="utf-8") as file:
        file.write(rows)
    return data


def judged_by_several(tmp_path: Path) -> Path:
    return with_judgements(tmp_path, TWO_MORE_ANALYSTS)


def one_more(category: str) -> str:
    """One more analyst on Baden-Württemberg's innovation themes (very strong in the data)."""
    return (
        '\n[[judgement]]\nregion = "DE1"\ncriterion = "innovation_themes"\n'
        f'category = "{category}"\nrationale = "Eigen lezing."\nauthor = "Analist B"\n'
    )


def criterion_lines(out: str, name: str, title: str = "Bijdrage per criterium") -> list[str]:
    """A criterion's line in the contribution block and the indented lines under it."""
    block = section(out, title)
    start = next(i for i, line in enumerate(block) if line.startswith(f"  {name} "))
    end = next(
        (i for i in range(start + 1, len(block)) if not block[i].startswith("      ")), len(block)
    )
    return block[start:end]


def test_it_lists_every_analyst_of_a_criterion_with_their_category_and_rationale(
    tmp_path: Path,
) -> None:
    out = ok("--data", judged_by_several(tmp_path), "explain", "DE1", "--track", "innovation")
    head, summary, *analysts = criterion_lines(out, "Innovatiethema's")
    assert "waarde 0,50 " in head
    assert summary == (
        "      3 analisten · mediaan 0,50, dichtst bij gemiddeld"
        " · spreiding 3 stappen (zwak tot zeer sterk) · ⚑ te bespreken"
    )
    assert len(analysts) == 3
    assert analysts[0].startswith(f"      - {STANDARD}: zeer sterk: „We staan voor dezelfde")
    assert analysts[0].endswith(" (aanpak-2024, Bijlage 1 · Baden-Württemberg)")
    assert analysts[1:] == [
        "      - Analist B: zwak: Twee van de zeven thema's sluiten aan.",
        "      - Analist C: gemiddeld: De helft van de thema's sluit aan.",
    ]


def test_it_lists_the_analysts_in_english_with_lang_en(tmp_path: Path) -> None:
    data = judged_by_several(tmp_path)
    out = ok("--lang", "en", "--data", data, "explain", "DE1", "--track", "innovation")
    _, summary, *analysts = criterion_lines(out, "Innovation themes", "Contribution per criterion")
    assert summary == (
        "      3 analysts · median 0.50, nearest to moderate"
        " · spread 3 steps (weak to very strong) · ⚑ to discuss"
    )
    assert analysts[1] == "      - Analist B: weak: Twee van de zeven thema's sluiten aan."


@pytest.mark.parametrize(
    ("category", "summary"),
    [
        (
            "strong",
            "2 analisten · mediaan 0,88, dichtst bij sterk"
            " · spreiding 1 stap (sterk tot zeer sterk)",
        ),
        (
            "very_strong",
            "2 analisten · mediaan 1,00, dichtst bij zeer sterk · de analisten zijn het eens",
        ),
    ],
)
def test_it_does_not_mark_analysts_closer_than_the_discussion_spread(
    tmp_path: Path, category: str, summary: str
) -> None:
    data = with_judgements(tmp_path, one_more(category))
    out = ok("--data", data, "explain", "DE1", "--track", "innovation")
    assert criterion_lines(out, "Innovatiethema's")[1] == f"      {summary}"
    assert "⚑" not in out


def test_it_names_the_mean_when_the_compass_takes_the_mean(tmp_path: Path) -> None:
    data = judged_by_several(tmp_path)
    compass = data / "compass.toml"
    text = compass.read_text(encoding="utf-8")
    compass.write_text(edited(text, r'judgements = "median"', 'judgements = "mean"'), "utf-8")
    out = ok("--data", data, "explain", "DE1", "--track", "innovation")
    assert criterion_lines(out, "Innovatiethema's")[1].startswith(
        "      3 analisten · gemiddelde 0,58, dichtst bij gemiddeld · "
    )
    assert "  Gecombineerd (gemiddelde)  " in section(out, "Meerdere analisten")[1]


def advised(compass: Compass, advice: Advice) -> str:
    """An advice as the analysts' block writes it: its levels and its score."""
    with translation.override("nl"):
        score = interval(advice.score_low, advice.score_high)
    return f"{advice_text(compass, advice, 'nl')} (score {score})"


def test_it_shows_each_analysts_own_advice_beside_the_combined_advice(tmp_path: Path) -> None:
    data = judged_by_several(tmp_path)
    compass = load_compass(data / "compass.toml")
    inputs = region_inputs(load_dataset(compass, data), compass, ["DE1"])[0]
    for track in ("innovation", "trade_invest"):
        combined = assess(compass, [inputs], track)[0]
        own = analyst_advice(compass, inputs, track)
        block = section(ok("--data", data, "explain", "DE1", "--track", track), "Meerdere")
        rows = [re.split(r" {2,}", line.strip()) for line in block[1 : 2 + len(own)]]
        expected = [["Gecombineerd (mediaan)", advised(compass, combined)]]
        for name, advice in own.items():
            differs = (advice.level_best, advice.level_worst) != (
                combined.level_best,
                combined.level_worst,
            )
            expected.append([name, advised(compass, advice) + (" ≠" if differs else "")])
        assert rows == expected
        assert [name for name, _ in rows[1:]] == [STANDARD, "Analist B", "Analist C"]
        assert any(advice.endswith(" ≠") for _, advice in rows)
        assert block[-1].startswith("  (Eigen advies: met de categorieën van de analist")


def test_it_lists_the_criteria_to_discuss_under_the_analysts_advice(tmp_path: Path) -> None:
    data = judged_by_several(tmp_path)
    block = section(ok("--data", data, "explain", "DE1", "--track", "innovation"), "Meerdere")
    assert block[-2] == (
        "  ⚑ Te bespreken (de analisten liggen 2 stappen of meer uiteen): Innovatiethema's"
        " (3 stappen), Wederkerigheid en beschikbaarheid netwerk (4 stappen)"
    )
    english = ok("--lang", "en", "--data", data, "explain", "DE1", "--track", "innovation")
    block = section(english, "Several analysts")
    assert block[1].startswith("  Combined (median)  ")
    assert block[-2] == (
        "  ⚑ To discuss (the analysts lie 2 steps or more apart): Innovation themes (3 steps),"
        " Reciprocity and availability of the network (4 steps)"
    )


def test_it_leaves_the_explanation_of_a_region_without_several_analysts_as_it_was(
    tmp_path: Path,
) -> None:
    plain = ok("--data", copy_data(tmp_path / "plain"), "explain", "DE1")
    assert "Meerdere analisten" not in plain
    assert " analisten · " not in plain
    elsewhere = TWO_MORE_ANALYSTS.replace('region = "DE1"', 'region = "DE2"')
    data = with_judgements(tmp_path / "elsewhere", elsewhere)
    assert ok("--data", data, "explain", "DE1") == plain


def test_its_json_carries_the_panels_and_each_analysts_own_advice(tmp_path: Path) -> None:
    data = judged_by_several(tmp_path)
    compass = load_compass(data / "compass.toml")
    inputs = region_inputs(load_dataset(compass, data), compass, ["DE1"])[0]
    payload = json.loads(
        ok("--data", data, "explain", "DE1", "--track", "innovation", "--format", "json")
    )
    (item,) = payload
    themes = next(p for p in item["panels"] if p["criterion"] == "innovation_themes")
    assert themes["judgements"] == inputs.panels["innovation_themes"]
    assert (themes["nearest"], themes["spread"], themes["discuss"]) == ("moderate", 3, True)
    own = analyst_advice(compass, inputs, "innovation")
    assert list(item["analysts"]) == list(own)
    for name, advice in own.items():
        assert item["analysts"][name]["score_low"] == pytest.approx(advice.score_low, abs=1e-6)


def test_it_shows_a_judgement_given_as_a_range(tmp_path: Path) -> None:
    row = (
        '\n[[judgement]]\nregion = "DE2"\ncriterion = "funding"\ncategory = "weak"\n'
        'category_high = "strong"\nrationale = "Twijfel tussen zwak en sterk."\n'
        'author = "Analist B"\n'
    )
    out = ok("--data", with_judgements(tmp_path, row), "explain", "DE2", "--track", "innovation")
    (line, *_) = [x for x in out.splitlines() if "Twijfel tussen" in x]
    assert line.strip() == "zwak … sterk: Twijfel tussen zwak en sterk."


def test_it_never_calls_a_strong_criterion_one_of_the_weakest_points() -> None:
    out = ok("explain", "Beieren", "--track", "innovation").splitlines()
    assert "  Netwerken " in "\n".join(out)  # judged "sterk" from the document
    weakest = next(line for line in out if line.startswith("Zwakste punten: "))
    strongest = next(line for line in out if line.startswith("Sterkste punten: "))
    assert "Netwerken" not in weakest
    assert weakest == "Zwakste punten: geen"
    assert strongest == "Sterkste punten: Innovatieniveau"


def test_it_says_once_that_every_missing_criterion_could_still_change_the_level() -> None:
    missing = section(ok("explain", "Beieren", "--track", "innovation"), "Ontbrekende oordelen")
    assert missing[1] == "  elk ervan kan het niveau nog veranderen"
    assert missing[2] == "  verschuiven alleen al het niveau: Financieringsmogelijkheden"
    assert len(missing) == 3


def test_it_names_each_theme_once_by_the_compass_name() -> None:
    out = ok("explain", "Beieren", "--track", "innovation").splitlines()
    assert (
        out[-1] == "Thema's: Hightech systemen en materialen (HTSM); Energie; Gezondheid; Agrifood"
    )
    english = ok("--lang", "en", "explain", "Beieren", "--track", "innovation").splitlines()
    assert english[-1].startswith("Themes: High-tech systems and materials (HTSM); Energy; ")


def test_it_gives_a_second_track_that_is_weighed_alike_only_its_advice_and_decision() -> None:
    out = ok("explain", "Beieren")
    first, second = out.split(SEPARATOR)
    assert "Bijdrage per criterium" in first
    assert "Bijdrage per criterium" not in second
    lines = second.strip().splitlines()
    assert lines[0] == "Beieren (DE2) · Trade en/of invest"
    assert lines[2].startswith("Advies: ")
    assert lines[3].startswith("Besluit 2023-2027: Inzet [10] · ")
    assert lines[-1] == ("De uitleg van dit spoor is dezelfde als die van Innovatie hierboven.")


def test_it_explains_both_tracks_in_full_where_the_compass_weighs_them_differently(
    tmp_path: Path,
) -> None:
    data = copy_data(tmp_path)
    compass = data / "compass.toml"
    text = compass.read_text(encoding="utf-8")
    lower = r"\1thresholds = { inzet = 0.3, reactieve_inzet = 0.2, faciliterend = 0.1 }"
    compass.write_text(
        edited(text, r'(id = "trade_invest".*?)thresholds = \{[^}]*\}', lower), "utf-8"
    )
    out = ok("--data", data, "explain", "DE2")
    assert out.count("Bijdrage per criterium") == 2
    assert "dezelfde als die van" not in out


def test_it_leaves_out_an_empty_source_of_gate_evidence(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with (data / "gates.toml").open("a", encoding="utf-8") as file:
        file.write(
            '\n[[gate]]\nregion = "DE2"\nprecondition = "demand"\nstatus = "pass"\n'
            'evidence = "Gevraagd door bedrijven."\nsource = "aanpak-2024"\n'
        )
    out = ok("--data", data, "explain", "DE2", "--track", "innovation")
    assert "— „Gevraagd door bedrijven.” (aanpak-2024)" in out
    assert "(, )" not in out
    assert ", )" not in out


def test_its_compass_option_has_help() -> None:
    text = " ".join(ok("explain", "--help").split())
    assert "--compass FILE Use this compass file instead of the data folder's compass.toml." in text


def test_every_option_of_the_commands_that_weigh_has_help() -> None:
    import click

    from kompas.cli.weigh import assess, check, explain, robustness

    for command in (assess, explain, check, robustness):
        undocumented = [
            option.name
            for option in command.params
            if isinstance(option, click.Option) and not option.help
        ]
        assert undocumented == [], command.name

"""`check`: the inconsistencies in the default data, then each kind of finding on built datasets."""

from __future__ import annotations

from dataclasses import replace

from kompas.dataset.check import KINDS, Finding, check
from kompas.dataset.model import (
    Citation,
    Dataset,
    Decision,
    GateRecord,
    Judgement,
    Region,
    RegionTheme,
    Relation,
    Round,
    Scheme,
    Source,
    Statement,
)
from kompas.engine.model import IndicatorValue
from tests.dataset.shared import default_dataset
from tests.factories import embedded_compass

# --- the default data -------------------------------------------------------------------------


def default_findings() -> list[Finding]:
    dataset = default_dataset()
    return check(dataset, dataset.rounds["2023-2027"], embedded_compass())


def found(findings: list[Finding], kind: str, region: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind and f.region == region]


def test_it_reports_that_thueringen_is_decided_inzet_where_its_section_says_reactive() -> None:
    (finding,) = found(default_findings(), "decision_vs_narrative", "DEG")
    assert finding.detail["track"] == "innovation"
    assert (finding.detail["decided"], finding.detail["stated"]) == ("inzet", "reactieve_inzet")
    assert "reactief in de gaten houden" in finding.detail["quote"]
    assert finding.detail["round"] == "2023-2027"
    assert finding.cited == Citation("aanpak-2024", "Bijlage 1 · Thüringen")


def test_it_reports_that_the_text_about_thueringen_contradicts_itself() -> None:
    (finding,) = found(default_findings(), "narrative_conflict", "DEG")
    assert finding.detail == {"track": "innovation", "levels": "inzet, reactieve_inzet"}


def test_it_reports_that_israel_is_decided_inzet_where_the_text_says_it_is_watched() -> None:
    (finding,) = found(default_findings(), "decision_vs_narrative", "IL")
    assert finding.detail["track"] == "innovation"
    assert (finding.detail["decided"], finding.detail["stated"]) == ("inzet", "reactieve_inzet")
    assert finding.cited == Citation("aanpak-2024", "Bijlage 1 · Samenwerking in overige landen")


def test_it_reports_hessen_as_a_relation_without_decision_and_as_described_not_decided() -> None:
    findings = default_findings()
    (relation,) = found(findings, "relation_without_decision", "DE7")
    assert relation.detail == {"phase": "samenwerking in de opstartfase", "round": "2023-2027"}
    assert relation.cited is not None
    assert relation.cited.source == "duitsland"
    assert len(found(findings, "described_not_decided", "DE7")) == 1


def test_it_reports_ukraine_as_described_not_decided() -> None:
    (finding,) = found(default_findings(), "described_not_decided", "UA")
    assert finding.detail == {"round": "2023-2027"}


def test_it_does_not_report_the_nordics_whose_members_are_all_decided() -> None:
    reported = {f.region for f in default_findings()}
    assert not reported & {"G-NORDICS", "SE", "DK", "FI"}


def test_it_does_not_report_noord_brabant() -> None:
    assert not [f for f in default_findings() if f.region in ("NL41", "NL")]


def test_it_reports_exactly_these_findings_on_the_default_data() -> None:
    # Besides the findings above: Vorarlberg (AT34) is judged but figure 1 has only a row for
    # Oostenrijk, and the US Midwest group has themes but no members and no row.
    reported = {(f.kind, f.region) for f in default_findings()}
    assert reported == {
        ("decision_vs_narrative", "DEG"),
        ("decision_vs_narrative", "IL"),
        ("narrative_conflict", "DEG"),
        ("described_not_decided", "DE7"),
        ("described_not_decided", "UA"),
        ("described_not_decided", "AT34"),
        ("described_not_decided", "G-US-MIDWEST"),
        ("relation_without_decision", "DE7"),
    }


def test_every_dataset_value_of_the_default_data_is_traceable() -> None:
    assert not [f for f in default_findings() if f.kind == "value_without_source"]


# --- built datasets ---------------------------------------------------------------------------

COMPASS = embedded_compass()
DOC = Citation("doc", "§ 1")
BOTH = {"innovation": "inzet", "trade_invest": "inzet"}


def region(code: str, members: tuple[str, ...] = (), reference: bool = False) -> Region:
    scheme: Scheme = "group" if code.startswith("G-") else "iso3166-1"
    return Region(code, scheme, code, code, members=members, reference=reference)


def clean_dataset() -> Dataset:
    """A reference region, three countries (AA, BB decided, CC not described) and a group."""
    return Dataset(
        sources={
            "doc": Source("doc", "document", "A document", "Someone"),
            "ds": Source("ds", "dataset", "A dataset", "Someone", sha256="0" * 64),
            "site": Source("site", "web", "A page", "Someone", url="https://example.org"),
        },
        regions={
            "RR": region("RR", reference=True),
            "AA": region("AA"),
            "BB": region("BB"),
            "CC": region("CC"),
            "G-AB": region("G-AB", members=("AA", "BB")),
        },
        themes=(
            RegionTheme("AA", "energie", DOC, "energy"),
            RegionTheme("G-AB", "water", DOC),
            RegionTheme("RR", "gezondheid", DOC, "health"),
        ),
        judgements=(Judgement("AA", "networks", "strong", "„…“", "test", DOC),),
        gates=(GateRecord("BB", "demand", "pass", "…", DOC),),
        statements=(
            Statement("AA", "innovation", "inzet", "…", DOC),
            Statement("G-AB", "trade_invest", "inzet", "…", DOC),
            Statement("RR", "innovation", "none", "…", DOC),
        ),
        relations=(Relation("BB", "goede samenwerking", "good cooperation", (), "…", DOC),),
        values=(
            IndicatorValue("AA", "wgi_rl", "2024", 2023, 1.0, "ds"),
            IndicatorValue("BB", "gii_score", "2024", 2024, 50.0, "site"),
        ),
    )


def clean_round() -> Round:
    return Round(
        "r",
        "r",
        "r",
        "c",
        DOC,
        decisions=(Decision("AA", "one", "AA", BOTH), Decision("BB", "one", "BB", BOTH)),
    )


def kinds_and_regions(dataset: Dataset, round_: Round | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.region) for f in check(dataset, round_ or clean_round(), COMPASS)]


def test_it_finds_nothing_in_a_consistent_dataset() -> None:
    assert check(clean_dataset(), clean_round(), COMPASS) == []


def test_it_finds_a_decision_that_differs_from_the_narrative() -> None:
    dataset = clean_dataset()
    dataset = replace(
        dataset, statements=(Statement("AA", "innovation", "reactieve_inzet", "we volgen", DOC),)
    )
    (finding,) = check(dataset, clean_round(), COMPASS)
    assert finding == Finding(
        "decision_vs_narrative",
        "AA",
        {
            "track": "innovation",
            "decided": "inzet",
            "stated": "reactieve_inzet",
            "quote": "we volgen",
            "round": "r",
        },
        DOC,
    )


def test_it_finds_a_decision_that_differs_from_a_statement_about_its_group() -> None:
    round_ = replace(
        clean_round(),
        decisions=(
            Decision("AA", "one", "AA", BOTH),
            Decision("BB", "one", "BB", {"innovation": "inzet", "trade_invest": "none"}),
        ),
    )
    assert kinds_and_regions(clean_dataset(), round_) == [("decision_vs_narrative", "BB")]


def test_it_finds_no_difference_for_a_track_the_decision_leaves_out() -> None:
    round_ = replace(
        clean_round(),
        decisions=(
            Decision("AA", "one", "AA", {"trade_invest": "inzet"}),
            Decision("BB", "one", "BB", BOTH),
        ),
    )
    assert check(clean_dataset(), round_, COMPASS) == []


def test_it_finds_statements_about_one_region_and_track_that_disagree() -> None:
    dataset = clean_dataset()
    dataset = replace(
        dataset,
        statements=(
            Statement("CC", "innovation", "reactieve_inzet", "…", DOC),
            Statement("CC", "trade_invest", "inzet", "…", DOC),
            Statement("CC", "innovation", "reactieve_inzet", "…", DOC),
            Statement("CC", "innovation", "inzet", "…", DOC),
        ),
    )
    conflicts = [
        f for f in check(dataset, clean_round(), COMPASS) if f.kind == "narrative_conflict"
    ]
    assert conflicts == [
        Finding(
            "narrative_conflict", "CC", {"track": "innovation", "levels": "reactieve_inzet, inzet"}
        )
    ]


def test_it_finds_a_region_described_by_a_theme_without_a_decision() -> None:
    dataset = replace(clean_dataset(), themes=(RegionTheme("CC", "water", DOC),))
    assert kinds_and_regions(dataset) == [("described_not_decided", "CC")]


def test_it_finds_a_region_described_by_a_judgement_without_a_decision() -> None:
    dataset = replace(
        clean_dataset(), judgements=(Judgement("CC", "funding", "weak", "„…“", "test", DOC),)
    )
    assert kinds_and_regions(dataset) == [("described_not_decided", "CC")]


def test_it_finds_a_region_described_by_a_statement_without_a_decision_once() -> None:
    dataset = replace(
        clean_dataset(),
        statements=(
            Statement("CC", "innovation", "inzet", "…", DOC),
            Statement("CC", "trade_invest", "inzet", "…", DOC),
        ),
        themes=(RegionTheme("CC", "water", DOC),),
    )
    assert kinds_and_regions(dataset) == [("described_not_decided", "CC")]


def test_it_finds_a_described_group_of_which_one_member_is_not_decided() -> None:
    round_ = replace(clean_round(), decisions=(Decision("AA", "one", "AA", BOTH),))
    dataset = replace(clean_dataset(), relations=(), judgements=(), statements=())
    assert kinds_and_regions(dataset, round_) == [("described_not_decided", "G-AB")]


def test_it_does_not_count_an_empty_group_as_decided() -> None:
    dataset = clean_dataset()
    regions = {**dataset.regions, "G-EMPTY": region("G-EMPTY")}
    dataset = replace(dataset, regions=regions, themes=(RegionTheme("G-EMPTY", "water", DOC),))
    assert kinds_and_regions(dataset) == [("described_not_decided", "G-EMPTY")]


def test_it_finds_a_relation_for_a_region_without_a_decision() -> None:
    relation = Relation("CC", "opstartfase", "start-up", ("ICT",), "…", DOC)
    dataset = replace(clean_dataset(), relations=(relation,))
    (finding,) = check(dataset, clean_round(), COMPASS)
    assert finding == Finding(
        "relation_without_decision", "CC", {"phase": "opstartfase", "round": "r"}, DOC
    )


def test_it_finds_a_value_citing_a_source_that_is_not_listed() -> None:
    value = IndicatorValue("AA", "wgi_rl", "2024", 2023, 1.0, "gone")
    dataset = replace(clean_dataset(), values=(value,))
    (finding,) = check(dataset, clean_round(), COMPASS)
    assert finding == Finding(
        "value_without_source", "AA", {"what": "wgi_rl 2024", "problem": "no source"}
    )


def test_it_finds_a_value_from_a_dataset_source_with_neither_hash_nor_address() -> None:
    dataset = clean_dataset()
    sources = {**dataset.sources, "ds": Source("ds", "dataset", "A dataset", "Someone")}
    (finding,) = check(replace(dataset, sources=sources), clean_round(), COMPASS)
    assert finding.kind == "value_without_source"
    assert finding.region == "AA"
    assert finding.detail == {
        "what": "wgi_rl 2024",
        "problem": "source ds has neither file hash nor address",
    }


def test_it_accepts_a_dataset_source_with_only_an_address() -> None:
    dataset = clean_dataset()
    source = Source("ds", "dataset", "A dataset", "Someone", url="https://example.org/data.csv")
    assert (
        check(replace(dataset, sources={**dataset.sources, "ds": source}), clean_round(), COMPASS)
        == []
    )


def test_it_finds_a_judgement_and_a_gate_citing_a_source_that_is_not_listed() -> None:
    gone = Citation("gone", "§ 2")
    dataset = clean_dataset()
    dataset = replace(
        dataset,
        judgements=(replace(dataset.judgements[0], cited=gone),),
        gates=(replace(dataset.gates[0], cited=gone),),
    )
    findings = check(dataset, clean_round(), COMPASS)
    assert [(f.kind, f.region, f.detail["what"]) for f in findings] == [
        ("value_without_source", "AA", "networks"),
        ("value_without_source", "BB", "demand"),
    ]


def test_every_kind_of_finding_is_found_in_one_inconsistent_dataset() -> None:
    dataset = clean_dataset()
    dataset = replace(
        dataset,
        statements=(
            Statement("AA", "innovation", "none", "…", DOC),
            Statement("AA", "innovation", "inzet", "…", DOC),
        ),
        themes=(RegionTheme("CC", "water", DOC),),
        relations=(Relation("CC", "opstartfase", "start-up", (), "…", DOC),),
        values=(IndicatorValue("AA", "wgi_rl", "2024", 2023, 1.0, "gone"),),
        judgements=(*dataset.judgements, Judgement("AA", "networks", "weak", "„…“", "B", DOC)),
    )
    assert [f.kind for f in check(dataset, clean_round(), COMPASS)] == list(KINDS)


def test_a_judgement_or_gate_with_an_author_and_a_rationale_needs_no_document() -> None:
    dataset = clean_dataset()
    nothing = Citation("", "")
    dataset = replace(
        dataset,
        judgements=(replace(dataset.judgements[0], cited=nothing, author="Analist A"),),
        gates=(replace(dataset.gates[0], cited=nothing, author="Analist A"),),
    )
    assert check(dataset, clean_round(), COMPASS) == []
    anonymous = replace(dataset, gates=(replace(dataset.gates[0], cited=nothing, author=""),))
    assert [f.kind for f in check(anonymous, clean_round(), COMPASS)] == ["value_without_source"]


def with_networks_judged(*categories: str) -> Dataset:
    """AA's networks judged by the analysts A, B, … in these categories (strength scale)."""
    judgements = tuple(
        Judgement("AA", "networks", category, "„…“", f"Analist {chr(65 + i)}", DOC)
        for i, category in enumerate(categories)
    )
    return replace(clean_dataset(), judgements=judgements)


def test_it_finds_analysts_whose_categories_lie_the_discussion_spread_apart() -> None:
    dataset = with_networks_judged("strong", "moderate", "very_weak")
    (finding,) = check(dataset, clean_round(), COMPASS)
    assert finding == Finding(
        "judgements_to_discuss",
        "AA",
        {
            "criterion": "networks",
            "spread": "3",
            "lowest": "very_weak",
            "highest": "strong",
            "analysts": "Analist A, Analist B, Analist C",
        },
    )


def test_it_does_not_flag_analysts_closer_than_the_discussion_spread() -> None:
    assert COMPASS.aggregation.discuss_spread == 2
    assert check(with_networks_judged("strong", "moderate"), clean_round(), COMPASS) == []
    flagged = check(with_networks_judged("strong", "weak"), clean_round(), COMPASS)
    assert [(f.kind, f.detail["spread"]) for f in flagged] == [("judgements_to_discuss", "2")]

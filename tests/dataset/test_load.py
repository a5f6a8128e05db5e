"""Loading a data folder: the embedded data loads, and bad data is refused whole.

Every bad folder is a copy of the embedded data folder with exactly one thing broken. The error
must name the file, the row (the record's 1-based position, or the CSV line) and the field.
"""

from __future__ import annotations

import csv
import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kompas.dataset import DataError, default_data_dir, load_dataset
from tests.factories import embedded_compass

ROUND_FILE = "rounds/2023-2027.toml"

# --- the embedded data, read directly to find the rows the cases break ----------------------


def records(file: str, key: str) -> list[dict[str, Any]]:
    text = (default_data_dir() / file).read_text(encoding="utf-8")
    items: list[dict[str, Any]] = tomllib.loads(text)[key]
    return items


def row_of(file: str, key: str, **match: str) -> int:
    """The 1-based position of the one record of `file` whose fields equal `match`."""
    rows = [
        i
        for i, item in enumerate(records(file, key), start=1)
        if all(item.get(k) == v for k, v in match.items())
    ]
    assert len(rows) == 1, (file, match, rows)
    return rows[0]


def count(file: str, key: str) -> int:
    return len(records(file, key))


def csv_line(region: str, indicator: str, edition: str) -> int:
    """The line number (header = 1) of one row of indicators.csv."""
    with (default_data_dir() / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.reader(handle), start=1):
            if row[:3] == [region, indicator, edition]:
                return line
    raise AssertionError((region, indicator, edition))


# --- breaking one thing in a copied folder ----------------------------------------------------

Breaker = Callable[[Path], None]


def split_records(text: str, key: str) -> list[str]:
    """The text before the first `[[key]]` header line, then the text after each one."""
    return re.split(rf"(?m)^\[\[{key}\]\]", text)


def join_records(parts: list[str], key: str) -> str:
    return f"[[{key}]]".join(parts)


def replace_in_record(file: str, key: str, row: int, old: str, new: str) -> Breaker:
    """Replace `old` by `new` inside the `row`-th `[[key]]` record of `file`."""

    def apply(folder: Path) -> None:
        path = folder / file
        parts = split_records(path.read_text(encoding="utf-8"), key)
        assert 1 <= row < len(parts), (file, key, row)
        end = parts[row].find("\n[")
        body, rest = (parts[row][:end], parts[row][end:]) if end >= 0 else (parts[row], "")
        assert body.count(old) == 1, (file, key, row, old)
        parts[row] = body.replace(old, new) + rest
        path.write_text(join_records(parts, key), encoding="utf-8")

    return apply


def drop_field(file: str, key: str, row: int, name: str) -> Breaker:
    """Remove the line `name = …` from the `row`-th `[[key]]` record of `file`."""

    def apply(folder: Path) -> None:
        path = folder / file
        parts = split_records(path.read_text(encoding="utf-8"), key)
        parts[row], n = re.subn(rf"(?m)^{name} = .*\n", "", parts[row], count=1)
        assert n == 1, (file, key, row, name)
        path.write_text(join_records(parts, key), encoding="utf-8")

    return apply


def drop_record(file: str, key: str, row: int) -> Breaker:
    def apply(folder: Path) -> None:
        path = folder / file
        parts = split_records(path.read_text(encoding="utf-8"), key)
        del parts[row]
        path.write_text(join_records(parts, key), encoding="utf-8")

    return apply


def append(file: str, text: str) -> Breaker:
    def apply(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return apply


def replace_in_file(file: str, old: str, new: str) -> Breaker:
    def apply(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    return apply


def reencode(file: str, encoding: str) -> Breaker:
    def apply(folder: Path) -> None:
        path = folder / file
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    return apply


def edit_csv_line(line: int, old: str, new: str) -> Breaker:
    """Replace `old` by `new` on one line (header = 1) of indicators.csv."""

    def apply(folder: Path) -> None:
        path = folder / "indicators.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        assert lines[line - 1].count(old) == 1, (line, old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old, new)
        path.write_text("".join(lines), encoding="utf-8")

    return apply


def duplicate_csv_line(line: int) -> Breaker:
    def apply(folder: Path) -> None:
        path = folder / "indicators.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join([*lines, lines[line - 1]]), encoding="utf-8")

    return apply


def copy_file(file: str, to: str) -> Breaker:
    def apply(folder: Path) -> None:
        shutil.copyfile(folder / file, folder / to)

    return apply


@dataclass(frozen=True)
class Bad:
    """One broken thing, and the error it must give."""

    id: str
    apply: Breaker
    file: str
    row: int | None
    field: str
    problem: str  # a part of the problem text


def copy_of_default_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    return folder


# Rows of the embedded data that the cases break.
J_DE_THEMES = row_of("judgements.toml", "judgement", region="DE", criterion="innovation_themes")
J_DE1_THEMES = row_of("judgements.toml", "judgement", region="DE1", criterion="innovation_themes")
J_DE1_CHALLENGES = row_of(
    "judgements.toml", "judgement", region="DE1", criterion="societal_challenges"
)
J_DE1_COMPLEMENTARITY = row_of(
    "judgements.toml", "judgement", region="DE1", criterion="complementarity"
)
J_DE1_FUNDING = row_of("judgements.toml", "judgement", region="DE1", criterion="funding")
G_KR_GOVERNMENT = row_of("gates.toml", "gate", region="KR", precondition="national_government")
G_JS_OWN_CHOICE = row_of("gates.toml", "gate", region="CN-JS", precondition="own_choice")
R_NL = row_of("regions.toml", "region", code="NL")
R_NL41 = row_of("regions.toml", "region", code="NL41")
R_DE7 = row_of("regions.toml", "region", code="DE7")
R_IL = row_of("regions.toml", "region", code="IL")
R_KR41 = row_of("regions.toml", "region", code="KR-41")
S_WGI = row_of("sources.toml", "source", id="wgi-2024")
S_GII = row_of("sources.toml", "source", id="gii-2024")
T_DE_MOBILITY = row_of("region_themes.toml", "theme", region="DE", theme="mobility")
T_JS_AVOID = row_of(
    "region_themes.toml", "theme", region="CN-JS", wording="gevoelige technologieën"
)
N_DE = row_of("narratives.toml", "statement", region="DE")
N_UA = row_of("narratives.toml", "statement", region="UA")
REL_DE7 = row_of("relations.toml", "relation", region="DE7")
I_GII = row_of("indicators.toml", "indicator", id="gii_score")
I_WGI_RL = row_of("indicators.toml", "indicator", id="wgi_rl")
D_DE1 = row_of(ROUND_FILE, "decision", region="DE1")
D_AT = row_of(ROUND_FILE, "decision", region="AT")
F_EUROPE = row_of(ROUND_FILE, "footnote", section="europe")
F_MY = row_of(ROUND_FILE, "footnote", region="MY")
CSV_AT_EIS = csv_line("AT", "eis_sii", "2023")
CSV_NL_RL = csv_line("NL", "wgi_rl", "2024")
CSV_JP_GII = csv_line("JP", "gii_score", "2024")
CSV_LINES = len((default_data_dir() / "indicators.csv").read_text(encoding="utf-8").splitlines())

BAD = [
    # --- judgements.toml
    Bad(
        "judgement-unknown-region",
        replace_in_record("judgements.toml", "judgement", J_DE1_FUNDING, '"DE1"', '"DE9"'),
        "judgements.toml",
        J_DE1_FUNDING,
        "region",
        "'DE9' is not a known region",
    ),
    Bad(
        "judgement-unknown-criterion",
        replace_in_record(
            "judgements.toml", "judgement", J_DE1_THEMES, '"innovation_themes"', '"themes"'
        ),
        "judgements.toml",
        J_DE1_THEMES,
        "criterion",
        "'themes' is not a judgement criterion of the compass",
    ),
    Bad(
        "judgement-on-an-indicator-criterion",
        replace_in_record(
            "judgements.toml", "judgement", J_DE1_THEMES, '"innovation_themes"', '"rule_of_law"'
        ),
        "judgements.toml",
        J_DE1_THEMES,
        "criterion",
        "'rule_of_law' is not a judgement criterion of the compass",
    ),
    Bad(
        "judgement-unknown-category",
        replace_in_record(
            "judgements.toml", "judgement", J_DE1_CHALLENGES, '"very_strong"', '"strongest"'
        ),
        "judgements.toml",
        J_DE1_CHALLENGES,
        "category",
        "'strongest' is not a category of scale 'strength'",
    ),
    Bad(
        "judgement-category-of-another-scale",
        replace_in_record(
            "judgements.toml", "judgement", J_DE1_CHALLENGES, '"very_strong"', '"low"'
        ),
        "judgements.toml",
        J_DE1_CHALLENGES,
        "category",
        "'low' is not a category of scale 'strength'",
    ),
    Bad(
        "judgement-missing-rationale",
        drop_field("judgements.toml", "judgement", J_DE1_COMPLEMENTARITY, "rationale"),
        "judgements.toml",
        J_DE1_COMPLEMENTARITY,
        "rationale",
        "missing",
    ),
    Bad(
        "judgement-empty-author",
        replace_in_record(
            "judgements.toml",
            "judgement",
            J_DE_THEMES,
            'author = "Kompas standaarddata (uit brondocument)"',
            'author = "  "',
        ),
        "judgements.toml",
        J_DE_THEMES,
        "author",
        "must be a non-empty string",
    ),
    Bad(
        "judgement-range-reversed",
        replace_in_record(
            "judgements.toml",
            "judgement",
            J_DE1_CHALLENGES,
            'category = "very_strong"',
            'category = "very_strong"\ncategory_high = "weak"',
        ),
        "judgements.toml",
        J_DE1_CHALLENGES,
        "category_high",
        "'weak' lies below category 'very_strong'",
    ),
    Bad(
        "judgement-range-unknown",
        replace_in_record(
            "judgements.toml",
            "judgement",
            J_DE1_CHALLENGES,
            'category = "very_strong"',
            'category = "very_strong"\ncategory_high = "superb"',
        ),
        "judgements.toml",
        J_DE1_CHALLENGES,
        "category_high",
        "'superb' is not a category of scale 'strength'",
    ),
    Bad(
        "judgement-duplicate",
        replace_in_record(
            "judgements.toml",
            "judgement",
            J_DE1_CHALLENGES,
            '"societal_challenges"',
            '"innovation_themes"',
        ),
        "judgements.toml",
        J_DE1_CHALLENGES,
        "author",
        "duplicate ('DE1', 'innovation_themes', 'Kompas standaarddata (uit brondocument)')",
    ),
    Bad(
        "judgement-unknown-source",
        replace_in_record(
            "judgements.toml", "judgement", J_DE1_FUNDING, '"aanpak-2024"', '"aanpak-2042"'
        ),
        "judgements.toml",
        J_DE1_FUNDING,
        "source",
        "'aanpak-2042' is not a known source id",
    ),
    Bad(
        "judgement-unknown-field",
        replace_in_record(
            "judgements.toml", "judgement", J_DE1_FUNDING, "rationale =", "rationael ="
        ),
        "judgements.toml",
        J_DE1_FUNDING,
        "rationael",
        "unknown field",
    ),
    # --- gates.toml
    Bad(
        "gate-status-unknown",
        replace_in_record("gates.toml", "gate", G_KR_GOVERNMENT, '"pass"', '"unknown"'),
        "gates.toml",
        G_KR_GOVERNMENT,
        "status",
        "'unknown' is not pass or fail",
    ),
    Bad(
        "gate-status-maybe",
        replace_in_record("gates.toml", "gate", G_KR_GOVERNMENT, '"pass"', '"maybe"'),
        "gates.toml",
        G_KR_GOVERNMENT,
        "status",
        "'maybe' is not pass or fail",
    ),
    Bad(
        "gate-unknown-precondition",
        replace_in_record("gates.toml", "gate", G_JS_OWN_CHOICE, '"own_choice"', '"own_choise"'),
        "gates.toml",
        G_JS_OWN_CHOICE,
        "precondition",
        "'own_choise' is not a precondition of the compass",
    ),
    Bad(
        "gate-duplicate",
        replace_in_record(
            "gates.toml", "gate", G_JS_OWN_CHOICE, '"own_choice"', '"national_government"'
        ),
        "gates.toml",
        G_JS_OWN_CHOICE,
        "precondition",
        "duplicate ('CN-JS', 'national_government')",
    ),
    Bad(
        "gates-unknown-top-level-table",
        append("gates.toml", "\n[meta]\nversion = 1\n"),
        "gates.toml",
        None,
        "meta",
        "unknown table; this file holds [[gate]] records",
    ),
    # --- regions.toml
    Bad(
        "region-bad-nuts-code",
        replace_in_record("regions.toml", "region", R_DE7, 'code = "DE7"', 'code = "D7"'),
        "regions.toml",
        R_DE7,
        "code",
        "'D7' is not a valid nuts code",
    ),
    Bad(
        "region-bad-iso3166-1-code",
        replace_in_record("regions.toml", "region", R_IL, 'code = "IL"', 'code = "ISR"'),
        "regions.toml",
        R_IL,
        "code",
        "'ISR' is not a valid iso3166-1 code",
    ),
    Bad(
        "region-bad-iso3166-2-code",
        replace_in_record("regions.toml", "region", R_KR41, 'code = "KR-41"', 'code = "KR41"'),
        "regions.toml",
        R_KR41,
        "code",
        "'KR41' is not a valid iso3166-2 code",
    ),
    Bad(
        "region-unknown-scheme",
        replace_in_record("regions.toml", "region", R_DE7, '"nuts"', '"nuts2"'),
        "regions.toml",
        R_DE7,
        "scheme",
        "'nuts2' is not nuts, iso3166-1, iso3166-2 or group",
    ),
    Bad(
        "region-unknown-parent",
        replace_in_record("regions.toml", "region", R_DE7, 'parent = "DE"', 'parent = "DX"'),
        "regions.toml",
        R_DE7,
        "parent",
        "'DX' is not a region in regions.toml",
    ),
    Bad(
        "region-member-of-a-non-group",
        replace_in_record(
            "regions.toml", "region", R_DE7, 'parent = "DE"', 'parent = "DE"\nmembers = ["DE1"]'
        ),
        "regions.toml",
        R_DE7,
        "members",
        "only groups have members",
    ),
    Bad(
        "region-unknown-member",
        append(
            "regions.toml",
            '\n[[region]]\ncode = "G-X"\nscheme = "group"\nname_nl = "X"\nname_en = "X"\n'
            'members = ["SE", "NO"]\n',
        ),
        "regions.toml",
        count("regions.toml", "region") + 1,
        "members",
        "'NO' is not a region in regions.toml",
    ),
    Bad(
        "region-same-code-twice",
        replace_in_record("regions.toml", "region", R_DE7, 'code = "DE7"', 'code = "DEG"'),
        "regions.toml",
        R_DE7,
        "code",
        "duplicate 'DEG'",
    ),
    Bad(
        "region-reference-missing",
        drop_record("regions.toml", "region", R_NL41),
        "regions.toml",
        None,
        "code",
        "the compass's reference region NL41 is missing",
    ),
    Bad(
        "region-reference-on-another-region",
        replace_in_record(
            "regions.toml",
            "region",
            R_NL,
            'scheme = "iso3166-1"',
            'scheme = "iso3166-1"\nreference = true',
        ),
        "regions.toml",
        R_NL,
        "reference",
        "the compass names NL41 as reference",
    ),
    Bad(
        "region-aliases-not-a-list",
        replace_in_record(
            "regions.toml",
            "region",
            R_NL41,
            'aliases = ["Brabant", "Nordbrabant"]',
            'aliases = "Brabant"',
        ),
        "regions.toml",
        R_NL41,
        "aliases",
        "must be a list of strings",
    ),
    Bad(
        "regions-invalid-toml",
        append("regions.toml", '\n[[region]]\ncode = "XX\n'),
        "regions.toml",
        None,
        "-",
        "not valid TOML",
    ),
    # --- sources.toml
    Bad(
        "source-sha256-not-hex",
        replace_in_record("sources.toml", "source", S_WGI, 'sha256 = "fc73', 'sha256 = "zz73'),
        "sources.toml",
        S_WGI,
        "sha256",
        "must be 64 lowercase hexadecimal characters",
    ),
    Bad(
        "source-sha256-uppercase",
        replace_in_record("sources.toml", "source", S_WGI, 'sha256 = "fc73', 'sha256 = "FC73'),
        "sources.toml",
        S_WGI,
        "sha256",
        "must be 64 lowercase hexadecimal characters",
    ),
    Bad(
        "source-unknown-kind",
        replace_in_record("sources.toml", "source", S_GII, 'kind = "web"', 'kind = "website"'),
        "sources.toml",
        S_GII,
        "kind",
        "'website' is not document, dataset or web",
    ),
    Bad(
        "source-duplicate-id",
        replace_in_record("sources.toml", "source", S_GII, 'id = "gii-2024"', 'id = "gii-2023"'),
        "sources.toml",
        S_GII,
        "id",
        "duplicate 'gii-2023'",
    ),
    # --- region_themes.toml
    Bad(
        "theme-unknown-theme-id",
        replace_in_record("region_themes.toml", "theme", T_DE_MOBILITY, '"mobility"', '"mobilty"'),
        "region_themes.toml",
        T_DE_MOBILITY,
        "theme",
        "'mobilty' is not a theme of the compass",
    ),
    Bad(
        "theme-avoid-not-a-flag",
        replace_in_record(
            "region_themes.toml", "theme", T_JS_AVOID, "avoid = true", 'avoid = "yes"'
        ),
        "region_themes.toml",
        T_JS_AVOID,
        "avoid",
        "must be true or false",
    ),
    Bad(
        "themes-not-utf8",
        reencode("region_themes.toml", "cp1252"),
        "region_themes.toml",
        None,
        "-",
        "not UTF-8 text",
    ),
    # --- narratives.toml and relations.toml
    Bad(
        "statement-unknown-level",
        replace_in_record("narratives.toml", "statement", N_DE, 'level = "inzet"', 'level = "ja"'),
        "narratives.toml",
        N_DE,
        "level",
        "'ja' is not a level of the compass",
    ),
    Bad(
        "statement-unknown-track",
        replace_in_record("narratives.toml", "statement", N_UA, '"innovation"', '"innovatie"'),
        "narratives.toml",
        N_UA,
        "track",
        "'innovatie' is not a track",
    ),
    Bad(
        "relation-sectors-not-a-list",
        replace_in_record(
            "relations.toml",
            "relation",
            REL_DE7,
            'sectors = ["ICT & Dataverkeer"]',
            'sectors = "ICT & Dataverkeer"',
        ),
        "relations.toml",
        REL_DE7,
        "sectors",
        "must be a list of strings",
    ),
    Bad(
        "relations-not-utf8",
        reencode("relations.toml", "cp1252"),
        "relations.toml",
        None,
        "-",
        "not UTF-8 text",
    ),
    # --- indicators.toml
    Bad(
        "indicator-scale-as-text",
        replace_in_record(
            "indicators.toml", "indicator", I_GII, "scale_max = 100", 'scale_max = "100"'
        ),
        "indicators.toml",
        I_GII,
        "scale_max",
        "must be a number, got '100'",
    ),
    Bad(
        "indicator-duplicate-id",
        replace_in_record(
            "indicators.toml", "indicator", I_WGI_RL, 'id = "wgi_rl"', 'id = "gii_score"'
        ),
        "indicators.toml",
        I_WGI_RL,
        "id",
        "duplicate 'gii_score'",
    ),
    # --- indicators.csv
    Bad(
        "csv-wrong-header",
        edit_csv_line(1, "std_error", "stderr"),
        "indicators.csv",
        1,
        "header",
        "must be region,indicator,edition,year,value,std_error,source",
    ),
    Bad(
        "csv-text-for-a-number",
        edit_csv_line(CSV_AT_EIS, "129.999", "n/a"),
        "indicators.csv",
        CSV_AT_EIS,
        "value",
        "'n/a' is not a number",
    ),
    Bad(
        "csv-decimal-comma",
        edit_csv_line(CSV_AT_EIS, "129.999", '"129,999"'),
        "indicators.csv",
        CSV_AT_EIS,
        "value",
        "'129,999' is not a number",
    ),
    Bad(
        "csv-non-finite-value",
        edit_csv_line(CSV_AT_EIS, "129.999", "nan"),
        "indicators.csv",
        CSV_AT_EIS,
        "value",
        "'nan' is not a number",
    ),
    Bad(
        "csv-non-finite-std-error",
        edit_csv_line(CSV_NL_RL, "0.16539648175239563", "inf"),
        "indicators.csv",
        CSV_NL_RL,
        "std_error",
        "'inf' is not a number",
    ),
    Bad(
        "csv-year-not-a-year",
        edit_csv_line(CSV_JP_GII, ",2024,2024,", ",2024,2024a,"),
        "indicators.csv",
        CSV_JP_GII,
        "year",
        "'2024a' is not a year",
    ),
    Bad(
        "csv-duplicate-row",
        duplicate_csv_line(CSV_JP_GII),
        "indicators.csv",
        CSV_LINES + 1,
        "region",
        "duplicate value for ('JP', 'gii_score', '2024')",
    ),
    Bad(
        "csv-extra-field",
        edit_csv_line(CSV_JP_GII, "gii-2024", "gii-2024,extra"),
        "indicators.csv",
        CSV_JP_GII,
        "-",
        "more fields than the header",
    ),
    Bad(
        "csv-unknown-indicator",
        edit_csv_line(CSV_JP_GII, "gii_score", "gii"),
        "indicators.csv",
        CSV_JP_GII,
        "indicator",
        "'gii' is not an indicator of indicators.toml",
    ),
    Bad(
        "csv-unknown-region",
        edit_csv_line(CSV_JP_GII, "JP,", "JPN,"),
        "indicators.csv",
        CSV_JP_GII,
        "region",
        "'JPN' is not a known region",
    ),
    Bad(
        "csv-unknown-source",
        edit_csv_line(CSV_JP_GII, "gii-2024", "gii-2025"),
        "indicators.csv",
        CSV_JP_GII,
        "source",
        "'gii-2025' is not a known source id",
    ),
    Bad(
        "csv-not-utf8",
        reencode("indicators.csv", "utf-16"),
        "indicators.csv",
        None,
        "-",
        "not UTF-8 text",
    ),
    # --- rounds/*.toml
    Bad(
        "round-unknown-level",
        replace_in_record(ROUND_FILE, "decision", D_AT, '"reactieve_inzet"', '"reactief"'),
        ROUND_FILE,
        D_AT,
        "innovation",
        "'reactief' is not a level of the compass",
    ),
    Bad(
        "round-unknown-track-in-a-footnote",
        replace_in_record(ROUND_FILE, "footnote", F_EUROPE, '"trade_invest"', '"trade"'),
        ROUND_FILE,
        F_EUROPE,
        "track",
        "'trade' is not a track",
    ),
    Bad(
        "round-footnote-on-an-undecided-region",
        replace_in_record(ROUND_FILE, "footnote", F_MY, 'region = "MY"', 'region = "UA"'),
        ROUND_FILE,
        F_MY,
        "region",
        "'UA' is not a region decided in this round",
    ),
    Bad(
        "round-footnote-on-an-unknown-table-section",
        replace_in_record(ROUND_FILE, "footnote", F_EUROPE, '"europe"', '"eruope"'),
        ROUND_FILE,
        F_EUROPE,
        "section",
        "'eruope' is not a table section of this round",
    ),
    Bad(
        "round-footnote-on-both-a-region-and-a-section",
        replace_in_record(
            ROUND_FILE, "footnote", F_MY, 'region = "MY"', 'region = "MY"\nsection = "world"'
        ),
        ROUND_FILE,
        F_MY,
        "region",
        "a footnote applies to either a region or a table section",
    ),
    Bad(
        "round-duplicate-decision-region",
        replace_in_record(ROUND_FILE, "decision", D_DE1, 'region = "DE1"', 'region = "DE"'),
        ROUND_FILE,
        D_DE1,
        "region",
        "duplicate 'DE'",
    ),
    Bad(
        "round-decision-unknown-region",
        replace_in_record(ROUND_FILE, "decision", D_DE1, 'region = "DE1"', 'region = "DE5"'),
        ROUND_FILE,
        D_DE1,
        "region",
        "'DE5' is not a known region",
    ),
    Bad(
        "round-missing-id",
        replace_in_file(ROUND_FILE, 'id = "2023-2027"\n', ""),
        ROUND_FILE,
        None,
        "id",
        "missing",
    ),
    Bad(
        "round-unknown-top-level-table",
        append(ROUND_FILE, '\n[[decisions]]\nregion = "NL"\n'),
        ROUND_FILE,
        None,
        "decisions",
        "unknown table",
    ),
    Bad(
        "round-invalid-toml",
        append(ROUND_FILE, "\n[[decision]\n"),
        ROUND_FILE,
        None,
        "-",
        "cannot be read",
    ),
    Bad(
        "round-id-twice",
        copy_file(ROUND_FILE, "rounds/2024-copy.toml"),
        "rounds/2024-copy.toml",
        None,
        "id",
        "duplicate round id '2023-2027'",
    ),
]


def test_it_loads_the_embedded_data_against_the_embedded_compass() -> None:
    compass = embedded_compass()
    dataset = load_dataset(compass)
    assert dataset.reference.code == compass.reference_region == "NL41"
    assert set(dataset.rounds) == {"2023-2027"}
    assert len(dataset.regions) == count("regions.toml", "region")
    assert len(dataset.judgements) == count("judgements.toml", "judgement")
    assert len(dataset.gates) == count("gates.toml", "gate")
    assert len(dataset.themes) == count("region_themes.toml", "theme")
    assert len(dataset.statements) == count("narratives.toml", "statement")
    assert len(dataset.relations) == count("relations.toml", "relation")
    assert len(dataset.indicators) == count("indicators.toml", "indicator")
    assert len(dataset.values) == CSV_LINES - 1
    assert len(dataset.sources) == count("sources.toml", "source")


def test_it_loads_an_unchanged_copy_of_the_embedded_folder_equal_to_the_embedded_data(
    tmp_path: Path,
) -> None:
    compass = embedded_compass()
    assert load_dataset(compass, copy_of_default_data(tmp_path)) == load_dataset(compass)


def test_the_corpus_of_bad_folders_breaks_every_data_file() -> None:
    broken = {bad.file for bad in BAD}
    shipped = {
        path.relative_to(default_data_dir()).as_posix()
        for path in default_data_dir().rglob("*")
        # the compass has its own corpus (tests/engine); the geometries are map data, not records
        if path.is_file() and path.name not in {"compass.toml", "geometries.geojson"}
    }
    assert shipped <= broken
    assert len(BAD) >= 25
    assert len({bad.id for bad in BAD}) == len(BAD)


@pytest.mark.parametrize("bad", BAD, ids=[bad.id for bad in BAD])
def test_it_refuses_a_folder_with_one_thing_broken_naming_file_row_and_field(
    tmp_path: Path, bad: Bad
) -> None:
    folder = copy_of_default_data(tmp_path)
    bad.apply(folder)
    with pytest.raises(DataError) as raised:
        load_dataset(embedded_compass(), folder)
    error = raised.value
    assert (error.file, error.row, error.field) == (bad.file, bad.row, bad.field)
    assert bad.problem in error.problem
    where = f"row {bad.row}: " if bad.row is not None else ""
    assert str(error) == f"{bad.file}: {where}{bad.field}: {error.problem}"


def test_it_names_the_file_line_of_a_bad_csv_row_also_after_a_blank_line(tmp_path: Path) -> None:
    folder = copy_of_default_data(tmp_path)
    path = folder / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "\n")  # a blank third line: the JP row moves one line down
    path.write_text("".join(lines), encoding="utf-8")
    edit_csv_line(CSV_JP_GII + 1, "gii_score", "gii")(folder)
    with pytest.raises(DataError) as raised:
        load_dataset(embedded_compass(), folder)
    assert (raised.value.row, raised.value.field) == (CSV_JP_GII + 1, "indicator")


def test_it_refuses_the_whole_folder_when_only_the_last_file_it_reads_is_bad(
    tmp_path: Path,
) -> None:
    folder = copy_of_default_data(tmp_path)
    round_file = folder / ROUND_FILE
    good = round_file.read_text(encoding="utf-8")
    replace_in_record(ROUND_FILE, "decision", D_AT, '"reactieve_inzet"', '"reactief"')(folder)
    with pytest.raises(DataError):
        load_dataset(embedded_compass(), folder)
    round_file.write_text(good, encoding="utf-8")
    assert load_dataset(embedded_compass(), folder) == load_dataset(embedded_compass())


def test_it_reads_a_folder_without_optional_files_as_empty_records(tmp_path: Path) -> None:
    folder = copy_of_default_data(tmp_path)
    for name in ("judgements.toml", "gates.toml", "narratives.toml", "indicators.csv"):
        (folder / name).unlink()
    dataset = load_dataset(embedded_compass(), folder)
    assert (dataset.judgements, dataset.gates, dataset.statements, dataset.values) == (
        (),
        (),
        (),
        (),
    )
    assert dataset.themes

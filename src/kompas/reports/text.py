"""Words and numbers of the command line's output, in Dutch (default) or English.

The command line has no Django; when the web application arrives these strings move to its
translation catalogue.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "region": ("Regio", "Region"),
    "code": ("Code", "Code"),
    "decided": ("besluit", "decided"),
    "advice": ("advies", "advice"),
    "score": ("score", "score"),
    "gates": ("Randvoorwaarden", "Preconditions"),
    "themes": ("Thema's", "Themes"),
    "europe": ("Europa", "Europe"),
    "world": ("Wereld overig", "Rest of the world"),
    "undecided": ("Niet besloten", "Not decided"),
    "passed": ("voldaan", "met"),
    "pending": ("open", "open"),
    "excluded": ("uitgesloten", "excluded"),
    "pass": ("voldaan", "met"),
    "fail": ("niet voldaan", "not met"),
    "unknown": ("onbekend", "unknown"),
    "avoid": ("niet", "avoid"),
    "legend": (
        "≠ besluit wijkt af van advies · ~ besluit valt binnen de bandbreedte van het advies"
        " · ? advies in afwachting van randvoorwaarden · [n] voetnoot",
        "≠ decision differs from advice · ~ decision lies within the advice's range"
        " · ? advice pending on preconditions · [n] footnote",
    ),
    "footnotes": ("Voetnoten", "Footnotes"),
    "compass_line": ("Kompas {name} {version} ({status})", "Compass {name} {version} ({status})"),
    "round_line": ("Ronde: {name}", "Round: {name}"),
    "title_explain": ("{name} ({code}) · {track}", "{name} ({code}) · {track}"),
    "advice_line": ("Advies: {advice} (score {score})", "Advice: {advice} (score {score})"),
    "between": ("tussen {worst} en {best}", "between {worst} and {best}"),
    "decision_line": (
        "Besluit {round}: {level} · {agreement}",
        "Decision {round}: {level} · {agreement}",
    ),
    "agrees": ("komt overeen met het advies", "agrees with the advice"),
    "differs": ("wijkt af van het advies", "differs from the advice"),
    "open": ("binnen de bandbreedte van het advies", "within the advice's range"),
    "no_decision": ("Geen besluit in {round}", "No decision in {round}"),
    "gates_title": ("Randvoorwaarden: {outcome}", "Preconditions: {outcome}"),
    "gate_rule": ("regel", "rule"),
    "excluded_note": (
        "Niveau '–' door niet-voldane randvoorwaarde, ongeacht de score.",
        "Level '–' because a precondition is not met, whatever the score.",
    ),
    "pending_note": (
        "Advies in afwachting: niet alle randvoorwaarden zijn vastgesteld.",
        "Advice pending: not all preconditions are established.",
    ),
    "aspects_title": ("Bijdrage per aspect", "Contribution per aspect"),
    "criteria_title": ("Bijdrage per criterium", "Contribution per criterion"),
    "value": ("waarde", "value"),
    "contribution": ("bijdrage", "contribution"),
    "weight": ("gewicht", "weight"),
    "unknown_range": ("onbekend ({low} – {high})", "unknown ({low} – {high})"),
    "proxy": ("nationale proxy: {region}", "national proxy: {region}"),
    "own_regional": ("eigen regionale waarde", "own regional value"),
    "own_national": ("eigen nationale waarde", "own national value"),
    "gates_unknown": ("{count} onbekend", "{count} unknown"),
    "gates_failed": ("{count} niet voldaan", "{count} not met"),
    "relative": (
        "{value} t.o.v. {reference} {ref_value}",
        "{value} relative to {reference} {ref_value}",
    ),
    "median": ("mediaan", "median"),
    "mean": ("gemiddelde", "mean"),
    "steps_one": ("{count} stap", "{count} step"),
    "steps_many": ("{count} stappen", "{count} steps"),
    "panel_line": (
        "{count} analisten · {method} {value}, dichtst bij {category} · {spread}",
        "{count} analysts · {method} {value}, nearest to {category} · {spread}",
    ),
    "panel_spread": (
        "spreiding {steps} ({lowest} tot {highest})",
        "spread {steps} ({lowest} to {highest})",
    ),
    "panel_agree": ("de analisten zijn het eens", "the analysts agree"),
    "to_discuss": ("⚑ te bespreken", "⚑ to discuss"),
    "analysts_title": ("Meerdere analisten", "Several analysts"),
    "analysts_combined": ("Gecombineerd ({method})", "Combined ({method})"),
    "analysts_discuss": (
        "⚑ Te bespreken (de analisten liggen {steps} of meer uiteen): {criteria}",
        "⚑ To discuss (the analysts lie {steps} or more apart): {criteria}",
    ),
    "analysts_note": (
        "Eigen advies: met de categorieën van de analist waar meerdere analisten oordeelden, al"
        " het andere gelijk; ≠ wijkt af van het gecombineerde advies.",
        "Own advice: with the analyst's categories where several analysts judged, everything"
        " else as it is; ≠ differs from the combined advice.",
    ),
    "strongest": ("Sterkste punten", "Strongest points"),
    "weakest": ("Zwakste punten", "Weakest points"),
    "missing_title": (
        "Ontbrekende oordelen en waarden (werk te doen)",
        "Missing judgements and values (to do)",
    ),
    "could_change": ("kunnen het niveau nog veranderen", "could still change the level"),
    "decisive": ("verschuiven alleen al het niveau", "alone would shift the level"),
    "none": ("geen", "none"),
    "changes_title": (
        "Kleinste verandering die het niveau verschuift",
        "Smallest change that moves the level",
    ),
    "up": ("omhoog", "up"),
    "down": ("omlaag", "down"),
    "change_judgement": (
        "oordeel '{target}' van {before} naar {after}",
        "judgement '{target}' from {before} to {after}",
    ),
    "change_weight": (
        "gewicht {what} '{target}' van {before} naar {after} (ruw gewicht {raw})",
        "weight of {what} '{target}' from {before} to {after} (raw weight {raw})",
    ),
    "aspect": ("aspect", "aspect"),
    "criterion": ("criterium", "criterion"),
    "gives": ("→ score {score}, niveau {level}", "→ score {score}, level {level}"),
    "no_change": (
        "{direction}: niet mogelijk met één oordeel of één gewicht",
        "{direction}: not possible with one judgement or one weight",
    ),
    "worst_case_note": (
        "'omhoog' geldt voor het slechtste geval van de bandbreedte, 'omlaag' voor het beste.",
        "'up' applies to the worst case of the range, 'down' to the best case.",
    ),
    "themes_line": ("Thema's: {themes}", "Themes: {themes}"),
    "via": ("via {group}", "via {group}"),
    "source": ("bron", "source"),
    "check_none": ("Geen inconsistenties gevonden.", "No inconsistencies found."),
    "check_count": ("{count} bevindingen", "{count} findings"),
    "decision_vs_narrative": (
        "{region}: besluit {track} is '{decided}', de tekst zegt '{stated}': „{quote}”",
        "{region}: decision {track} is '{decided}', the text says '{stated}': „{quote}”",
    ),
    "narrative_conflict": (
        "{region}: de tekst noemt verschillende niveaus voor {track}: {levels}",
        "{region}: the text states different levels for {track}: {levels}",
    ),
    "described_not_decided": (
        "{region}: beschreven in de documenten, maar zonder besluit in {round}",
        "{region}: described in the documents, but without a decision in {round}",
    ),
    "relation_without_decision": (
        "{region}: relatie ({phase}), maar zonder besluit in {round}",
        "{region}: relation ({phase}), but without a decision in {round}",
    ),
    "value_without_source": (
        "{region}: {what} zonder bron ({problem})",
        "{region}: {what} without a source ({problem})",
    ),
    "judgements_to_discuss": (
        "{region}: '{criterion}' te bespreken: de analisten ({analysts}) liggen {spread} uiteen"
        " ({lowest} tot {highest})",
        "{region}: '{criterion}' to discuss: the analysts ({analysts}) lie {spread} apart"
        " ({lowest} to {highest})",
    ),
    "valid_compass": (
        "Geldig kompas: {aspects} aspecten, {criteria} criteria, {preconditions} randvoorwaarden,"
        " {tracks} sporen.",
        "Valid compass: {aspects} aspects, {criteria} criteria, {preconditions} preconditions,"
        " {tracks} tracks.",
    ),
    "first_user": (
        "Eerste account aangemaakt: gebruiker '{name}' (beheerder), wachtwoord: {password}\n"
        "Bewaar het wachtwoord; het wordt niet opnieuw getoond.",
        "First account created: user '{name}' (administrator), password: {password}\n"
        "Keep the password; it is not shown again.",
    ),
    "serving": (
        "Kompas draait op {url} (Ctrl+C stopt)",
        "Kompas is running at {url} (Ctrl+C stops)",
    ),
    "user_added": (
        "Account '{name}' aangemaakt met rol {role}.",
        "Account '{name}' created with role {role}.",
    ),
    "import_file": (
        "Bestand: {file} (sha256 {sha}…, {size} bytes)",
        "File: {file} (sha256 {sha}…, {size} bytes)",
    ),
    "import_source": (
        "Bron: {publisher}, {title}, editie {edition}",
        "Source: {publisher}, {title}, edition {edition}",
    ),
    "import_counts": (
        "Nieuw: {added} · gewijzigd: {changed} · ongewijzigd: {unchanged}"
        " · regio's buiten Kompas: {outside} · overgeslagen rijen: {skipped}",
        "New: {added} · changed: {changed} · unchanged: {unchanged}"
        " · regions outside Kompas: {outside} · rows skipped: {skipped}",
    ),
    "import_shape_counts": (
        "Grenzen voor de kaart: nieuw: {added} · gewijzigd: {changed} · ongewijzigd: {unchanged}"
        " · overgeslagen: {skipped}",
        "Boundaries for the map: new: {added} · changed: {changed} · unchanged: {unchanged}"
        " · skipped: {skipped}",
    ),
    "import_shapes_done": (
        "Opgeslagen grenzen: {added} nieuw, {changed} gewijzigd.",
        "Stored boundaries: {added} new, {changed} changed.",
    ),
    "import_earlier": (
        "Dit bestand is al geïmporteerd op {at} door {who}.",
        "This file was imported before, on {at} by {who}.",
    ),
    "skipped_row": ("{sheet}rij {row}: {text}: {reason}", "{sheet}row {row}: {text}: {reason}"),
    "import_nothing": (
        "Er verandert niets; er is niets opgeslagen.",
        "Nothing changes; nothing was stored.",
    ),
    "import_done": (
        "Opgeslagen: {added} nieuw, {changed} gewijzigd.",
        "Stored: {added} new, {changed} changed.",
    ),
    "import_moved": ("Verschoven waarden: {count}", "Values that moved: {count}"),
    "import_advice": (
        "Regio's waarvan het advies veranderde: {count}",
        "Regions whose advice changed: {count}",
    ),
    "not_found": ("Onbekende regio: '{query}'.", "Unknown region: '{query}'."),
    "did_you_mean": ("Bedoelt u: {names}?", "Did you mean: {names}?"),
    "is_group": (
        "{code} is een groep; leg een van de leden uit: {names}.",
        "{code} is a group; explain one of its members: {names}.",
    ),
    "is_empty_group": (
        "{code} is een groep zonder leden; er is niets uit te leggen.",
        "{code} is a group without members; there is nothing to explain.",
    ),
    "rob_modal": ("meest waarschijnlijk", "most likely"),
    "rob_first": ("P(rang 1)", "P(rank 1)"),
    "rob_confidence": ("betrouwbaarheid", "confidence"),
    "rob_error_line": (
        "Monte-Carlofout: hoogstens {error} procentpunt (standaardfout) · gerangschikt: {ranked}"
        " regio's · uitgesloten door een randvoorwaarde: {excluded}",
        "Monte Carlo error: at most {error} percentage points (standard error) · ranked:"
        " {ranked} regions · excluded by a precondition: {excluded}",
    ),
    "rob_samples": (
        "Steekproeven: {samples} · seed: {seed} (dezelfde seed geeft precies dezelfde uitkomst)"
        " · gewichten: {model}",
        "Samples: {samples} · seed: {seed} (the same seed replays exactly) · weights: {model}",
    ),
    "rob_model_exact": (
        "de gewichten van het kompas, zonder onzekerheid",
        "the compass weights, without uncertainty",
    ),
    "rob_model_dirichlet": (
        "Dirichlet rond de gewichten van het kompas, concentratie κ = {k}",
        "Dirichlet around the compass weights, concentration κ = {k}",
    ),
    "rob_model_aspects": (
        "alleen de volgorde van de aspecten: {order}",
        "only the order of the aspects: {order}",
    ),
    "rob_model_criteria": (
        "alleen de volgorde van de criteria: {order}",
        "only the order of the criteria: {order}",
    ),
    "rob_model_intervals": ("grenzen per gewicht: {bounds}", "bounds per weight: {bounds}"),
    "rob_values": (
        "Onzekere waarden: een ontbrekend oordeel kan elke categorie van zijn schaal zijn, even"
        " waarschijnlijk; een ontbrekende indicator elke waarde van zijn bereik; een indicator met"
        " gepubliceerde standaardfout is normaal verdeeld rond de gepubliceerde waarde.",
        "Uncertain values: a missing judgement can be any category of its scale, equally likely;"
        " a missing indicator any value of its range; an indicator published with a standard"
        " error is normally distributed around the published value.",
    ),
    "rob_reading": (
        "P(niveau): aandeel van de steekproeven met dat niveau. P(rang 1): kans op de eerste plaats"
        " onder de gerangschikte regio's van de ronde. Betrouwbaarheid: kans op de eerste plaats"
        " met de eigen centrale gewichten (over {samples} waardensteekproeven); · = nooit eerste"
        " of niet gerangschikt.",
        "P(level): share of the samples with that level. P(rank 1): probability of the first"
        " place among the ranked regions of the round. Confidence: probability of the first place"
        " with the region's own central weights (over {samples} value samples); · = never first"
        " or not ranked.",
    ),
    "rob_json_only": (
        "Rangkansen, centrale gewichten en onderlinge winkansen: --format json.",
        "Rank acceptabilities, central weights and pairwise winning chances: --format json.",
    ),
    "rob_both_models": (
        "geef --concentration of --order, niet allebei",
        "give --concentration or --order, not both",
    ),
    "rob_order_format": (
        "verwacht aspects:ID,ID,... of criteria:ID,ID,..., kreeg {value!r}",
        "expected aspects:ID,ID,... or criteria:ID,ID,..., got {value!r}",
    ),
}


def t(key: str, lang: str = "nl", **values: object) -> str:
    nl, en = MESSAGES[key]
    return (en if lang == "en" else nl).format(**values)


def steps(count: int, lang: str = "nl") -> str:
    """A number of scale steps: 1 stap, 3 stappen."""
    return t("steps_one" if count == 1 else "steps_many", lang, count=count)


def number(value: float, lang: str = "nl", digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(share: float, lang: str = "nl") -> str:
    """A share as a percentage with up to two decimals (6,25 %, 12,5 %, 25 %)."""
    text = number(100 * share, lang, 2)
    decimal = "," if lang != "en" else "."
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return f"{text} %"


def interval(low: float, high: float, lang: str = "nl") -> str:
    if abs(high - low) < 5e-7:
        return number(low, lang)
    return f"{number(low, lang)}–{number(high, lang)}"

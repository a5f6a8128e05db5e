"""The main flows in a real browser: log in, the overview, a region, judging, rounds, compass,
users, and the language switch. Every main page is scanned with axe-core and photographed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, assert_accessible

pytestmark = pytest.mark.browser

LoggedIn = Callable[..., Page]


def test_the_log_in_page_is_accessible_and_works_by_keyboard_alone(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("viewer")  # a logged-in page gives us a browser context; start over logged out
    page.context.clear_cookies()
    page.goto(f"{server}/accounts/login/")
    assert_accessible(page, "login")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("viewer")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{server}/"
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_a_locked_out_user_name_gets_an_accessible_page_saying_why(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("viewer")
    page.context.clear_cookies()
    for _ in range(5):
        page.goto(f"{server}/accounts/login/")
        page.fill("#id_username", "niet-bestaand")
        page.fill("#id_password", "een-fout-wachtwoord")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_contain_text("Te veel mislukte aanmeldingen")
    assert_accessible(page, "locked-out")


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("viewer")
    page.keyboard.press("Tab")
    skip = page.locator(".utrecht-skip-link")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_the_overview_shows_figure_1_and_a_map_and_is_accessible(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("viewer")
    tables = page.locator("main table")
    expect(tables.first).to_contain_text("Baden-Württemberg")
    expect(page.locator("main")).to_contain_text(
        "Handel- en investeringsbevordering ligt in de uitvoering bij de BOM"
    )
    page.wait_for_selector(".leaflet-interactive", timeout=15000)
    assert page.locator(".leaflet-interactive").count() > 15
    assert_accessible(page, "overview")


def test_a_region_profile_shows_its_explanation_and_is_accessible(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("viewer")
    page.goto(f"{server}/regions/DE2/")
    expect(page.locator("h1")).to_contain_text("Beieren")
    page.wait_for_selector(".kompas-chart svg, .kompas-chart canvas", timeout=15000)
    expect(page.locator("main")).to_contain_text("nationale proxy", ignore_case=True)
    assert page.locator("main a:has-text('Wijzig')").count() == 0  # a viewer gets no edit controls
    assert_accessible(page, "profile-DE2")


def test_an_analyst_changes_a_judgement_and_sees_the_advice_change_at_once(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("analyst")
    page.goto(f"{server}/regions/DE1/")
    panel = page.locator("#advice-panel")
    before = panel.inner_text()
    page.locator("#criterion-trade_contacts a.utrecht-button-link").click()
    form = page.locator("#criterion-trade_contacts form")
    expect(form).to_be_visible()
    assert_accessible(page, "judging-form")
    form.locator("input[name=category][value=very_strong]").check()
    form.locator("textarea[name=rationale]").fill(
        "BOM-cijfers: veel Brabantse exporteurs actief in de regio."
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("#criterion-trade_contacts")).to_contain_text("BOM-cijfers")
    expect(panel).not_to_have_text(before)
    assert page.url == f"{server}/regions/DE1/"  # no page load: the advice was recomputed in place
    assert_accessible(page, "profile-DE1-after-judging")


def test_a_judgement_without_a_rationale_is_refused(page_as: LoggedIn, server: str) -> None:
    page = page_as("analyst")
    page.goto(f"{server}/regions/DE2/")
    page.locator("#criterion-funding a.utrecht-button-link").click()
    form = page.locator("#criterion-funding form")
    form.locator("input[name=category][value=strong]").check()
    form.locator("textarea[name=rationale]").fill("")
    form.locator("button[type=submit]").click()
    expect(page.locator("#criterion-funding [role=alert]").first).to_be_visible()
    assert_accessible(page, "judging-refused")


def test_a_coordinator_freezes_a_round_and_compares_it_with_a_new_one(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("coordinator")
    page.goto(f"{server}/rounds/")
    assert_accessible(page, "rounds")
    page.goto(f"{server}/rounds/2023-2027/")
    assert_accessible(page, "round-2023-2027")
    page.goto(f"{server}/rounds/2023-2027/freeze/")
    assert_accessible(page, "round-freeze")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"{server}/rounds/2023-2027/freeze/")
    expect(page.locator("main")).not_to_contain_text("Ja, leg deze ronde vast", ignore_case=True)
    page.goto(f"{server}/rounds/new/")
    assert_accessible(page, "round-create")
    page.fill("#id_key", "2028-2031")
    page.fill("#id_name_nl", "Focusregio's 2028-2031")
    page.fill("#id_name_en", "Focus regions 2028-2031")
    page.fill("#id_period_start", "2028")
    page.fill("#id_period_end", "2031")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"{server}/rounds/compare/?a=2023-2027&b=2028-2031")
    expect(page.locator("main")).to_contain_text("Baden-Württemberg")
    assert_accessible(page, "rounds-compare")


def test_the_compass_pages_are_accessible(page_as: LoggedIn, server: str) -> None:
    page = page_as("coordinator")
    page.goto(f"{server}/compass/")
    assert_accessible(page, "compass-versions")
    page.locator("main a[href^='/compass/']").first.click()
    page.wait_for_load_state()
    assert_accessible(page, "compass-version")
    page.goto(page.url.rstrip("/") + "/edit/")
    assert_accessible(page, "compass-edit")


def test_the_users_page_and_the_candidate_form_are_accessible(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("administrator")
    page.goto(f"{server}/accounts/users/")
    assert_accessible(page, "users")
    page.locator("main table a", has_text="viewer").click()
    page.wait_for_load_state()
    assert_accessible(page, "user-detail")
    page.goto(f"{server}/accounts/password/")
    assert_accessible(page, "password-change")
    page.goto(f"{server}/regions/new/")
    assert_accessible(page, "add-region")


def test_the_interface_switches_to_english_and_back(page_as: LoggedIn, server: str) -> None:
    page = page_as("viewer")
    page.select_option("#language-select", "en")
    with page.expect_navigation():
        page.locator(".kompas-language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Focus regions")
    assert_accessible(page, "overview-en")
    page.select_option("#language-select", "nl")
    with page.expect_navigation():
        page.locator(".kompas-language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text("Focusregio's")


def test_an_analyst_imports_a_file_through_a_preview(
    page_as: LoggedIn, server: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.imports.wgi_files import every_indicator, write_wgi

    folder = tmp_path_factory.mktemp("upload")
    path = write_wgi(folder / "wgi-2025.xlsx", every_indicator("CHN", "China", 2024, 1.9))
    page = page_as("analyst")
    page.goto(f"{server}/imports/")
    assert_accessible(page, "imports")
    page.select_option("#id_source", "wgi")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    accept = page.locator("form[action$='/accept/'] button")
    expect(accept).to_be_visible(timeout=30000)  # the page polls until the file is read
    expect(page.locator("#import-job")).to_contain_text("wgi-2025.xlsx")
    assert_accessible(page, "import-preview")
    with page.expect_navigation():
        accept.click()
    expect(page.locator("main")).to_contain_text("CN-JS")
    assert_accessible(page, "import-report")


def test_the_robustness_page_draws_its_charts_and_is_accessible(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("viewer")
    page.goto(f"{server}/rounds/2023-2027/")
    with page.expect_navigation():
        page.locator("main a[href$='/robustness/']").click()
    expect(page.locator("#run dd[data-seed]")).to_have_text("0")
    page.wait_for_selector("[data-chart-spec^='levels-'] svg", timeout=15000)
    page.wait_for_selector("[data-chart-spec^='ranks-'] svg", timeout=15000)
    expect(page.locator("table[data-intervals='innovation'] tbody tr")).to_have_count(17)
    assert_accessible(page, "round-robustness")


def test_whatif_moving_a_weight_changes_a_level_without_saving(
    page_as: LoggedIn, server: str
) -> None:
    page = page_as("coordinator")
    page.goto(f"{server}/compass/")
    versions = page.locator("main table tbody tr").count()
    with page.expect_navigation():
        page.locator("main a[href$='/whatif/']").click()
    expect(page.locator("#whatif-table tr[data-changed]")).to_have_count(0)
    summary = page.locator("#whatif-summary").inner_text()
    assert_accessible(page, "whatif")
    slider = page.locator("input[type=range][data-weight-for='id_aspect__link']")
    expect(slider).to_be_visible()
    slider.focus()
    page.keyboard.press("End")  # the keyboard moves the slider to its maximum
    expect(page.locator("#id_aspect__link")).to_have_value("5")
    expect(page.locator("#whatif-table tr[data-changed]").first).to_be_visible(timeout=10000)
    expect(page.locator("#whatif-summary")).not_to_have_text(summary)
    assert page.url == f"{server}/compass/whatif/"  # no page load: the table was replaced in place
    assert_accessible(page, "whatif-changed")
    page.goto(f"{server}/compass/")
    expect(page.locator("main table tbody tr")).to_have_count(versions)  # nothing was saved


def test_two_analysts_judge_one_criterion_one_unsure_and_see_their_disagreement_flagged(
    page_as: LoggedIn, server: str
) -> None:
    def judge(role: str, category: str, rationale: str, high: str = "") -> Page:
        page = page_as(role)
        page.goto(f"{server}/regions/DE2/")
        page.locator("#criterion-networks a.utrecht-button-link").click()
        form = page.locator("#criterion-networks form")
        expect(form).to_be_visible()
        form.locator(f"input[name=category][value={category}]").check()
        form.locator("select[name=category_high]").select_option(high)
        form.locator("textarea[name=rationale]").fill(rationale)
        form.locator("button[type=submit]").click()
        expect(page.locator("#criterion-networks")).to_contain_text(rationale)
        return page

    judge("analyst", "strong", "Netwerken via Brainport en Bayern Innovativ.", "very_strong")
    page = judge("coordinator", "weak", "Contacten zijn vooral persoonlijk, niet structureel.")
    card = page.locator("#criterion-networks")
    expect(card).to_contain_text("sterk … zeer sterk")  # the analyst was unsure: a range
    expect(card.locator("[data-discuss]")).to_be_visible()
    expect(card).to_contain_text("Netwerken via Brainport")  # the other analyst's, beside
    section = page.locator("#analysts")  # swapped into the advice panel without a page load
    expect(section).to_be_visible()
    expect(section.locator("tbody tr")).to_have_count(3)
    assert page.url == f"{server}/regions/DE2/"
    assert_accessible(page, "profile-DE2-several-analysts")


@pytest.mark.parametrize(
    "path",
    ["/", "/regions/DE2/", "/rounds/2023-2027/", "/rounds/2023-2027/robustness/", "/compass/"],
)
def test_the_main_pages_fit_a_phone_screen_and_are_accessible_there(
    page_as: LoggedIn, server: str, path: str
) -> None:
    page = page_as("coordinator", width=375)
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
    # Wide tables scroll in their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    name = path.strip("/").replace("/", "-") or "overview"
    assert_accessible(page, f"{name}-375px")

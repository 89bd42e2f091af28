"""End-to-end: accessibility of the real window — axe-core finds no critical or serious
violation on any main screen (tests/e2e/axe.py), the first Tab reaches a skip link to the
content, and every control of the main screens is reached with Tab and shows where the focus is.
"""

import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from axe import AxeScreens

# What the focused element looks like, and who it is (testid, or tag and text).
_FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const s = getComputedStyle(el);
const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
const shadow = s.boxShadow && s.boxShadow !== "none";
const r = el.getBoundingClientRect();
return {
  id: el.dataset.testid || el.id || (el.tagName.toLowerCase() + ":" + (el.textContent || "").trim().slice(0, 30)),
  tag: el.tagName.toLowerCase(),
  role: el.getAttribute("role"),
  visible: outline || shadow,
  onScreen: r.width > 0 && r.height > 0,
  path: (() => { const p = []; for (let e = el; e && e !== document.body; e = e.parentElement) p.push(e.tagName.toLowerCase() + (e.dataset.testid ? "[" + e.dataset.testid + "]" : "")); return p.reverse().join(" > "); })(),
};
"""


def press(app, *keys):
    ActionChains(app.driver).send_keys(*keys).perform()
    time.sleep(0.15)


def tab_through(app, limit=80):
    """Presses Tab until the focus comes back to where it started (or `limit` times); gives
    every element it stopped on, in order."""
    stops = []
    for _ in range(limit):
        press(app, Keys.TAB)
        focused = app.driver.execute_script(_FOCUSED)
        if focused is None:
            continue
        if stops and focused["path"] == stops[0]["path"] and focused["id"] == stops[0]["id"]:
            break
        stops.append(focused)
    return stops


def assert_focus_visible(stops, screen):
    hidden = [s for s in stops if not (s["visible"] and s["onScreen"])]
    assert not hidden, f"{screen}: the focus is not visible on {[s['path'] for s in hidden]}"


def test_axe_finds_no_serious_violation_on_the_main_screens(launch, db_path):
    app = launch(db_path, demo=True)
    axe = AxeScreens(app)
    app.find("home-followups")
    axe.check("home")

    app.cases()
    app.wait.until(lambda d: app.all("case-row"))
    axe.check("case list")

    app.click(app.all("case-row")[0])
    app.find("case-detail")
    axe.check("case page")

    app.click(app.find("quick-capture"))
    app.find("quick-capture-form")
    axe.check("quick capture")
    app.click(app.find("qc-cancel"))

    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    app.find("palette-input").send_keys("bakker")
    app.wait.until(lambda d: app.all("palette-item"))
    axe.check("palette")
    press(app, Keys.ESCAPE)

    app.click(app.find("nav-register"))
    app.wait.until(lambda d: app.all("financier-row"))
    axe.check("register")

    app.click(app.find("nav-import"))
    app.find("import-kind")
    axe.check("import")

    app.click(app.find("nav-report"))
    app.find("report-page")
    axe.check("report")

    app.click(app.find("nav-settings"))
    app.find("settings-form")
    axe.check("settings")

    app.click(app.find("nav-meetings"))
    app.wait.until(lambda d: app.all("meeting-row"))
    axe.check("meetings")

    # A meeting of the demo with cases on its agenda, presented.
    rows = [r for r in app.all("meeting-row") if int(r.find_element(By.CSS_SELECTOR, "td:nth-child(5)").get_attribute("textContent").strip() or 0) > 0]
    assert rows, "the demo has a meeting with an agenda"
    app.click(rows[0].find_element(By.CSS_SELECTOR, "a"))
    app.click(app.find("present-start"))
    app.find("slide")
    axe.check("presentation")
    axe.assert_none()


def test_the_keyboard_reaches_everything_with_a_visible_focus(launch, db_path):
    app = launch(db_path, demo=True)
    app.find("home-followups")

    # The first Tab reaches the skip link, which puts the focus on the page's content.
    press(app, Keys.TAB)
    first = app.driver.execute_script(_FOCUSED)
    assert first and first["id"] == "skip-link", f"the first Tab stops on {first}"
    assert first["visible"] and first["onScreen"], "the skip link shows when it has the focus"
    app.screenshot("skip-link")
    press(app, Keys.ENTER)
    assert app.driver.execute_script("return document.activeElement.id") == "inhoud"
    # From the content, Tab goes to the page's first control, not back into the navigation.
    press(app, Keys.TAB)
    assert app.driver.execute_script("return document.activeElement.closest('main') !== null")

    # Vandaag: every stop of a full round shows its focus, and the round reaches the
    # navigation, the top bar and the page's links.
    app.driver.execute_script("document.activeElement.blur()")
    stops = tab_through(app)
    ids = {s["id"] for s in stops}
    for expected in ("skip-link", "quick-capture", "palette-open", "lang-toggle", "nav-home", "nav-cases", "nav-meetings",
                     "nav-register", "nav-report", "nav-import", "nav-data", "nav-sharing", "home-new-meeting"):
        assert expected in ids, f"Tab never reaches {expected} on Vandaag: {[s['id'] for s in stops]}"
    assert any(s["path"].endswith("a") and "home-followups" in s["path"] for s in stops), "the follow-ups' links"
    assert_focus_visible(stops, "Vandaag")

    # Casussen: the search, the filters, the sort buttons and the list itself.
    app.cases()
    app.wait.until(lambda d: app.all("case-row"))
    app.driver.execute_script("document.activeElement.blur()")
    stops = tab_through(app)
    ids = {s["id"] for s in stops}
    for expected in ("case-search", "filter-status", "more-filters", "sort-case_number", "sort-intake_date", "new-case", "export-cases"):
        assert expected in ids, f"Tab never reaches {expected} on Casussen: {[s['id'] for s in stops]}"
    assert any(s["role"] == "listbox" for s in stops), "Tab reaches the list of cases"
    assert_focus_visible(stops, "Casussen")
    # In the list, arrows move the highlighted row and Enter opens the case.
    listbox = app.driver.find_element(By.CSS_SELECTOR, "[role=listbox]")
    listbox.send_keys(Keys.ARROW_DOWN)
    assert listbox.get_attribute("aria-activedescendant") == "case-row-1"
    listbox.send_keys(Keys.ENTER)
    app.find("case-detail")
    app.screenshot("keyboard-case-page")

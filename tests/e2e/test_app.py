"""End-to-end tests of the real app window."""

import os
import time

from selenium.webdriver.common.by import By


def page_processes():
    """The WebKit page processes of the newest running app (the binary under test)."""
    binary = os.path.realpath(os.environ["TAFEL_APP"])
    parents, apps = {}, []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read().rsplit(")", 1)[1].split()
            parents.setdefault(int(stat[1]), []).append(int(entry))
            if os.path.realpath(f"/proc/{entry}/exe") == binary:
                apps.append((int(stat[19]), int(entry)))
        except OSError:
            continue
    found, todo = [], [max(apps)[1]]
    while todo:
        pid = todo.pop()
        todo.extend(parents.get(pid, []))
        with open(f"/proc/{pid}/comm") as f:
            if f.read().strip() == "WebKitWebProces":
                found.append(pid)
    return found


def writable_executable_memory(pid):
    """The mappings of a process that are both writable and executable (a JIT's code)."""
    with open(f"/proc/{pid}/maps") as f:
        return [line.strip() for line in f if {"w", "x"} <= set(line.split()[1])]


def open_case_by_search(app, text):
    app.cases().search(text)
    rows = app.all("case-row")
    assert len(rows) >= 1, f"no case found for {text!r}"
    rows[0].click()
    app.wait_idle()
    return app.find("case-detail")


def test_demo_database_search_open_edit_and_survive_a_restart(launch, db_path):
    app = launch(db_path, demo=True)
    assert app.find("home").is_displayed(), "the app opens on Vandaag"
    # The window's text font comes from the app itself (ui/public/fonts, app.css): the first
    # screen's two faces are loaded, not left to a system font, and its text asks for it first.
    fonts = app.driver.execute_script(
        "return [[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', '') + ' ' + f.weight + ' ' + f.style),"
        " getComputedStyle(document.querySelector('[data-testid=home] h1')).fontFamily];"
    )
    assert "Tafel Sans 400 normal" in fonts[0] and "Tafel Sans 700 normal" in fonts[0], fonts
    assert fonts[1].startswith('"Tafel Sans"'), fonts[1]
    # The page's scripts run without JavaScriptCore's JIT (main.rs, scripts_without_jit): its
    # page process holds no writable and executable memory (with the JIT: a 1 GB region).
    pages = page_processes()
    assert pages, "the window has a WebKit page process"
    for pid in pages:
        assert writable_executable_memory(pid) == [], f"page process {pid} has JIT memory"
    app.cases()
    assert app.case_count() >= 55, "the demo cases are listed"
    assert len(app.all("case-row")) > 5
    app.screenshot("case-list")

    app.search("Zonnedauw")
    rows = app.all("case-row")
    assert len(rows) == 1
    # textContent: WebKitWebDriver leaves out text clipped by an ellipsis in .text.
    assert "Zonnedauw" in rows[0].get_attribute("textContent")
    assert app.case_count() == 1

    detail = open_case_by_search(app, "Zonnedauw")
    case_id = detail.get_attribute("data-case-id")
    assert "Bakkerij Zonnedauw" in app.find("case-company-name").text
    app.screenshot("case-detail")

    app.find("case-edit").click()
    note = f"Besproken op de tafel, e2e {int(time.time())}"
    app.type_into("notes", note)
    app.find("case-save").click()
    app.wait_idle()
    detail = app.find("case-detail")
    assert note in detail.text
    assert "notes" in app.find("case-timeline").text or "Notities" in app.find("case-timeline").text
    app.quit()

    # A fresh window on the same database shows the saved change.
    app = launch(db_path)
    detail = open_case_by_search(app, "Zonnedauw")
    assert detail.get_attribute("data-case-id") == case_id
    assert note in detail.text


def test_bad_kvk_shows_a_dutch_validation_error_and_saves_nothing(launch, db_path):
    app = launch(db_path, demo=True)
    open_case_by_search(app, "Zonnedauw")
    original = app.find("case-detail").text
    app.find("case-edit").click()
    app.type_into("company.kvk", "12345")
    app.find("case-save").click()
    app.wait_idle()
    error = app.wait.until(
        lambda d: next(
            (e for e in d.find_elements(By.CSS_SELECTOR, '[data-testid="field-error"]') if e.get_attribute("data-field") == "company.kvk"),
            None,
        )
    )
    assert "8 cijfers" in error.text
    assert app.find("error-banner").is_displayed()
    app.screenshot("validation-error")
    # The form keeps what was typed.
    assert app.field("company.kvk").get_attribute("value") == "12345"
    app.find("case-cancel").click()
    app.wait_idle()
    assert app.find("case-detail").text == original


def test_filters_and_register(launch, db_path):
    app = launch(db_path, demo=True).cases()
    total = app.case_count()
    app.choose("filter-status", "financed")
    app.wait_idle()
    financed = app.case_count()
    assert 0 < financed < total

    app.find("nav-register").click()
    app.wait_idle()
    rows = app.all("financier-row")
    assert len(rows) >= 25
    qredits = next(r for r in rows if "Qredits" in r.get_attribute("textContent"))
    app.click(qredits.find_element(By.CSS_SELECTOR, "td"))  # WebKitWebDriver clicks cells, not <tr>s
    detail = app.find("financier-detail")
    assert "Microkrediet" in detail.text
    assert "qredits.nl" in detail.text, "the source of the entry is shown"
    app.screenshot("financier-detail")

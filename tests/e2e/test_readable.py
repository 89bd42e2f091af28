"""Dutch and readable (issue #15): the typed dd-mm-jjjj date field with its Dutch calendar,
"vandaag geverifieerd" in the register, and the case timeline as sentences."""

import re
import time

from selenium.webdriver.common.by import By

from test_app import open_case_by_search

ISO_OR_ID = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b[a-z]+(?:_[a-z]+)+\b")


def text(element):
    return element.get_attribute("textContent")


def test_dates_are_typed_as_dd_mm_jjjj_or_picked_from_a_dutch_calendar(launch, db_path):
    app = launch(db_path, demo=True)
    open_case_by_search(app, "Zonnedauw")
    app.find("case-edit").click()
    app.wait_idle()
    intake = app.field("intake_date")
    assert intake.get_attribute("type") == "text", "no OS date picker"
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", intake.get_attribute("value")), intake.get_attribute("value")

    app.type_into("intake_date", "3-2-2025")
    # The calendar: Dutch month names, Monday first; pick a day for the next action.
    app.click(app.find("field-next_action_due-calendar"))
    popup = app.find("field-next_action_due-popup")
    headers = [text(th).strip() for th in popup.find_elements(By.CSS_SELECTOR, "th")]
    assert headers == ["ma", "di", "wo", "do", "vr", "za", "zo"]
    month = text(app.find("calendar-month"))
    assert month.split()[0] in ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
    app.click(app.find("calendar-next"))
    day = popup.find_elements(By.CSS_SELECTOR, '[data-testid="calendar-day"]')[14]
    picked = day.get_attribute("data-date")
    app.click(day)
    y, m, d = picked.split("-")
    assert app.field("next_action_due").get_attribute("value") == f"{d}-{m}-{y}"
    app.screenshot("date-field")

    app.click(app.find("case-save"))
    app.screenshot("date-saved")
    detail = app.find("case-detail")
    assert "03-02-2025" in text(detail)
    assert f"{d}-{m}-{y}" in text(detail)

    # A date that is no date: the field says so and the core refuses it in Dutch.
    app.find("case-edit").click()
    app.wait_idle()
    app.type_into("intake_date", "31-02-2025")
    assert app.field("intake_date").get_attribute("aria-invalid") == "true"
    app.find("case-save").click()
    app.wait_idle()
    errors = [e for e in app.all("field-error") if e.get_attribute("data-field") == "intake_date"]
    assert errors, "the core names the bad date"
    app.find("case-cancel").click()
    app.wait_idle()

    # The list filter takes a typed date too (from the case page: the navigation, not app.cases()).
    app.click(app.find("nav-cases"))
    app.search("")
    total = app.case_count()
    app.click(app.find("more-filters"))
    box = app.find("filter-intake-from")
    box.click()
    box.send_keys("1-1-2026")
    app.wait_idle()
    time.sleep(0.6)
    app.wait_idle()
    app.screenshot("date-filter")
    assert 0 < app.case_count() < total


def test_the_case_timeline_reads_as_sentences(launch, db_path):
    app = launch(db_path, demo=True)
    app.cases()
    app.choose("filter-status", "not_financed")
    app.all("case-row")[0].click()
    app.wait_idle()
    timeline = app.find("case-timeline")
    titles = [text(t).strip() for t in app.all("timeline-title")]
    assert titles, "the case has a history"
    assert "Wijziging" not in titles
    assert any(": afgewezen" in t for t in titles), titles
    whole = text(timeline)
    assert not ISO_OR_ID.search(whole), ISO_OR_ID.search(whole)
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", timeline)
    app.screenshot("case-timeline")


def test_vandaag_geverifieerd_and_register_filters(launch, db_path):
    app = launch(db_path, demo=True)
    app.find("nav-register").click()
    app.wait_idle()
    total = len(app.all("financier-row"))
    app.choose("register-filter-type", "rom")
    roms = app.all("financier-row")
    assert 0 < len(roms) < total
    app.choose("register-filter-type", "")
    app.choose("register-filter-region", "LI")
    limburg = [text(r) for r in app.all("financier-row")]
    assert any("LIOF" in r for r in limburg) and len(limburg) < total
    app.choose("register-filter-region", "")
    app.choose("register-filter-capital", "microcredit")
    assert any("Qredits" in text(r) for r in app.all("financier-row"))

    qredits = next(r for r in app.all("financier-row") if "Qredits" in text(r))
    app.click(qredits.find_element(By.CSS_SELECTOR, "td"))
    app.find("financier-detail")
    card = app.all("instrument")[0]
    app.click(card.find_element(By.CSS_SELECTOR, '[data-testid="instrument-verify"]'))
    source = app.find("instrument-verify-source")
    assert "qredits.nl" in source.get_attribute("value"), "the stored source is offered to check"
    app.click(app.find("instrument-verify-confirm"))
    time.sleep(0.5)
    app.wait_idle()
    app.screenshot("verified")
    card = app.all("instrument")[0]
    assert "niet geverifieerd" not in text(card)
    titles = [text(t) for t in app.all("timeline-title")]
    assert any("gegevens geverifieerd op" in t for t in titles), titles
    answers = app.find("financier-answers")
    assert len(app.all("financier-answer")) >= 1, "Qredits answered demo cases"
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", answers)
    app.screenshot("financier-answers")

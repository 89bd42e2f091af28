"""End-to-end: a table meeting from plan to minutes — agenda of ready cases, the presentation with
the keyboard, responses recorded in the coordinator panel, no company data on the big screen, the
meeting closed, and the responses on each case page."""

import datetime
import json
import pathlib
import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEMO_CASES = ROOT / "assets" / "demo" / "cases.json"


def press(app, *keys):
    """Presses keys on whatever has focus (the window, in presentation mode)."""
    ActionChains(app.driver).send_keys(*keys).perform()
    time.sleep(0.3)
    app.wait_idle()


def text_of(element):
    # textContent: WebKitWebDriver leaves out text clipped by an ellipsis in .text.
    return element.get_attribute("textContent")


def identifying(company_name):
    """What must never reach the big screen for a demo company: name, KvK, address, town, people."""
    company = next(c["company"] for c in json.loads(DEMO_CASES.read_text(encoding="utf-8")) if c["company"]["name"] == company_name)
    values = [company.get(k) for k in ("name", "kvk", "address", "municipality", "contact_name", "contact_email", "contact_phone")]
    return [v for v in values if v]


def type_field(app, testid, text):
    element = app.find(testid)
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    element.send_keys(text)


def quick_row(app, name):
    return app.wait.until(
        lambda d: next((r for r in app.all("quick-financier") if r.get_attribute("data-financier-name") == name), None)
    )


def test_meeting_agenda_presentation_responses_and_close(launch, db_path, tmp_path):
    app = launch(db_path, demo=True)
    # The app opens on "Vandaag" with what is due.
    for testid in ("home-followups", "home-actions", "home-consents"):
        assert app.find(testid).is_displayed()
    app.screenshot("home")

    # Plan a meeting a week from now.
    app.find("nav-meetings").click()
    app.wait_idle()
    app.click(app.find("meeting-new"))
    day = datetime.date.today() + datetime.timedelta(days=7)
    type_field(app, "meeting-field-title", "Financieringstafel november")
    type_field(app, "meeting-field-date", day.strftime("%d-%m-%Y"))
    type_field(app, "meeting-field-time", "09:30")
    type_field(app, "meeting-field-place", "Provinciehuis, zaal 3")
    type_field(app, "meeting-field-chair", "Marieke Jansen")
    app.click(app.find("meeting-save"))
    detail = app.find("meeting-detail")
    assert "Financieringstafel november" in app.find("meeting-title").text
    assert day.strftime("%d-%m-%Y") in detail.text and "09:30" in detail.text

    # Two cases that are ready for the table go on the agenda.
    select = app.find("agenda-add-select")
    ready = [
        (o.get_attribute("value"), text_of(o))
        for o in select.find_elements(By.CSS_SELECTOR, "optgroup:first-of-type option")
        if o.get_attribute("value")
    ]
    assert len(ready) >= 2, f"the demo has ready cases: {ready}"
    picked = ready[:2]
    for value, _ in picked:
        app.choose("agenda-add-select", value)
        app.click(app.find("agenda-add"))
    items = app.wait.until(lambda d: (lambda xs: xs if len(xs) == 2 else None)(app.all("agenda-item")))
    assert [i.get_attribute("data-case-id") for i in items] == [v for v, _ in picked]
    companies = [label.split(" · ")[1] for _, label in picked]
    numbers = [i.get_attribute("data-case-number") for i in items]

    # Someone from Qredits attends (typed in; the organisation is a financier of the register).
    app.click(app.find("attendee-new"))
    app.click(app.find("attendee-mode-name"))
    type_field(app, "attendee-name", "Sanne de Vries")
    type_field(app, "attendee-organisation", "Qredits")
    app.click(app.find("field-attendee-pledge_signed"))
    app.click(app.find("attendee-save"))
    attendee = app.wait.until(lambda d: app.all("attendee-row"))[0]
    assert "Sanne de Vries" in text_of(attendee) and attendee.get_attribute("data-pledge") == "true"

    # The invite, written where it was chosen in the save dialog that the save button opens.
    invite = tmp_path / "uitnodiging.ics"
    app.click(app.find("ics-export"))
    app.pick_file("ics-save", invite, field="ics-path")
    assert app.find("ics-result").get_attribute("data-path") == str(invite)
    ics = invite.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics and "Financieringstafel november" in ics
    for company in companies:
        assert company not in ics, "the invite's agenda is anonymised"
    app.screenshot("meeting-page")

    # Presentation: the first case, keyboard to the second.
    app.click(app.find("present-start"))
    slide = app.find("slide")
    assert app.find("slide-position").text.replace(" ", "") == "1/2"
    assert app.find("slide-case-number").text == numbers[0]
    panel = app.find("coordinator-panel")
    assert quick_row(app, "Qredits"), "an attending financier is listed"

    # ING is not at the table yet: picked from the register, then "Geïnteresseerd" in one click.
    add = app.find("quick-add-select")
    ing = app.driver.execute_script(
        "return [...arguments[0].options].find(o => o.textContent.trim() === 'ING').value", add
    )
    app.choose("quick-add-select", ing)
    app.click(app.find("quick-add"))
    row = quick_row(app, "ING")
    app.click(row.find_element(By.CSS_SELECTOR, '[data-testid="quick-interested"]'))
    app.wait.until(lambda d: quick_row(app, "ING").get_attribute("data-status") == "interested")
    on_slide = app.wait.until(lambda d: [r for r in app.all("slide-response") if r.get_attribute("data-financier-name") == "ING"])
    assert on_slide[0].get_attribute("data-status") == "interested", "the answer shows on the big screen at once"
    text = text_of(app.find("slide")) + text_of(panel)
    for value in identifying(companies[0]):
        assert value not in text, f"{value!r} of case 1 is on the screen"
    app.screenshot("presentation")

    press(app, Keys.ARROW_RIGHT)
    app.wait.until(lambda d: app.find("slide-position").text.replace(" ", "") == "2/2")
    assert app.find("slide-case-number").text == numbers[1]

    # Qredits declines: the reason is required before the decline can be recorded.
    row = quick_row(app, "Qredits")
    app.click(row.find_element(By.CSS_SELECTOR, '[data-testid="quick-declined"]'))
    confirm = app.find("quick-confirm")
    assert not confirm.is_enabled(), "no decline without a reason"
    app.choose("quick-reason", "solvency")
    app.click(app.find("quick-confirm"))
    app.wait.until(lambda d: quick_row(app, "Qredits").get_attribute("data-status") == "declined")
    assert "Solvabiliteit te laag" in text_of(quick_row(app, "Qredits"))
    app.wait.until(lambda d: any(r.get_attribute("data-financier-name") == "Qredits" for r in app.all("slide-response")))
    text = text_of(app.find("slide")) + text_of(app.find("coordinator-panel"))
    for value in identifying(companies[1]):
        assert value not in text, f"{value!r} of case 2 is on the screen"
    app.screenshot("presentation-decline")

    # Back with ←, the coordinator panel hidden with C: only the slide remains.
    press(app, Keys.ARROW_LEFT)
    app.wait.until(lambda d: app.find("slide-position").text.replace(" ", "") == "1/2")
    press(app, "c")
    assert not app.all("coordinator-panel")
    app.screenshot("presentation-big-screen")
    press(app, "c")
    app.find("coordinator-panel")

    # Esc leaves for the meeting page; both cases were presented; the meeting closes.
    press(app, Keys.ESCAPE)
    app.find("meeting-detail")
    app.wait.until(lambda d: all(i.get_attribute("data-presented") == "true" for i in app.all("agenda-item")))
    app.click(app.find("meeting-close"))
    app.click(app.find("meeting-close-confirm"))
    app.wait.until(lambda d: app.find("meeting-detail").get_attribute("data-status") == "closed")
    app.screenshot("meeting-closed")

    # Each case page shows the answer given at the table.
    expected = [("ING", "interested", "Geïnteresseerd", None), ("Qredits", "declined", "Afgewezen", "Solvabiliteit te laag")]
    for (case_id, _), (financier, status, label, reason) in zip(picked, expected):
        app.driver.execute_script("window.location.hash = arguments[0]", f"#/cases/{case_id}")
        app.wait_idle()
        section = app.find("outcome-section")
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
        row = app.wait.until(
            lambda d: next((r for r in app.all("response-row") if r.get_attribute("data-financier-name") == financier), None)
        )
        assert row.get_attribute("data-status") == status
        assert label in text_of(row.find_element(By.CSS_SELECTOR, '[data-testid="response-status"]'))
        if reason:
            assert reason in text_of(row.find_element(By.CSS_SELECTOR, '[data-testid="response-reason"]'))
        # Closing the meeting moved the presented case from "ready" to "presented".
        assert app.find("case-detail").find_element(By.CSS_SELECTOR, '[data-testid="case-status"]').get_attribute("value") == "presented"
        assert re.search(r"Financieringstafel november", text_of(section)), "the meeting is listed on the case"
    app.screenshot("case-outcome")

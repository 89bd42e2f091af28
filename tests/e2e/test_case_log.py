"""End-to-end tests of capturing, importing and viewing cases in the real app window."""

import pathlib
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE_SHEET = ROOT / "assets" / "examples" / "casussen-financieringstafel.xlsx"


def keys(app, *sequence):
    """Types into whatever has focus, as a keyboard would."""
    ActionChains(app.driver).send_keys(*sequence).perform()
    time.sleep(0.15)


def test_quick_capture_with_the_keyboard_only(launch, db_path):
    app = launch(db_path, demo=True).cases()
    before = app.case_count()
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("n").key_up(Keys.CONTROL).perform()
    form = app.find("quick-capture-form")
    name = app.find("qc-company.name")
    app.wait.until(lambda d: d.switch_to.active_element == name)
    keys(app, "Fietsenmakerij De Snelle Spaak")
    keys(app, Keys.TAB, "93456781")
    # Walk the form with Tab, typing into each field as it gets focus; selects take the
    # first letters of an option, chips toggle with Space.
    typed = {
        "company.province": "Gelderland",
        "amount_eur": "45k",
        "purpose": "Groei",
        "stage": "Groei",
        "sector": "Overig",
    }
    done = set()
    chip = app.find("qc-chip-microcredit")
    for _ in range(80):
        keys(app, Keys.TAB)
        active = app.driver.switch_to.active_element
        name = active.get_attribute("name") or ""
        if name in typed and name not in done:
            keys(app, typed[name])
            done.add(name)
        if active == chip and not chip.is_selected():
            keys(app, Keys.SPACE)
        if done == set(typed) and chip.is_selected():
            break
    assert done == set(typed), f"reached by Tab: {done}"
    assert chip.is_selected()
    assert app.find("qc-purpose").get_attribute("value") == "growth"
    assert app.find("qc-company.province").get_attribute("value") == "GE"
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    app.wait_idle()
    saved = app.find("qc-saved")
    assert re.search(r"\d{4}-\d{4}", saved.text), f"a case number is shown: {saved.text!r}"
    app.screenshot("quick-capture")
    keys(app, Keys.ESCAPE)
    app.find("nav-cases").click()
    app.wait_idle()
    assert app.case_count() == before + 1
    app.search("snelle spaak")
    rows = app.all("case-row")
    assert len(rows) == 1
    assert "Fietsenmakerij De Snelle Spaak" in rows[0].get_attribute("textContent")
    assert "45.000" in rows[0].get_attribute("textContent")


def test_import_the_example_sheet_with_its_error_report(launch, db_path):
    app = launch(db_path, demo=True).cases()
    before = app.case_count()
    app.find("nav-import").click()
    app.wait_idle()
    # "Bladeren…" and the real open dialog, then the preview.
    app.pick_file("import-path-browse", EXAMPLE_SHEET)
    app.click(app.find("import-preview"))
    stats = app.find("import-stats")
    assert stats.get_attribute("data-total") == "200"
    assert stats.get_attribute("data-errors") == "5"
    assert stats.get_attribute("data-duplicates") == "3"
    rows = sorted(int(e.get_attribute("data-row")) for e in app.all("import-error-row"))
    assert rows == [23, 58, 97, 134, 171]
    report_text = " ".join(e.get_attribute("textContent") for e in app.all("import-error-row"))
    assert "KvK-nummer moet uit precies 8 cijfers bestaan" in report_text
    app.screenshot("import-preview")
    app.click(app.find("import-mode-valid"))
    app.click(app.find("import-run"))
    report = app.find("import-report")
    assert report.get_attribute("data-imported") == "192"
    assert report.get_attribute("data-skipped-duplicates") == "3"
    app.find("nav-cases").click()
    app.wait_idle()
    assert app.case_count() == before + 192


def test_saved_views(launch, db_path):
    app = launch(db_path, demo=True).cases()
    total = app.case_count()
    views = {v.get_attribute("textContent").strip(): v for v in app.all("view-item")}
    waiting = next(v for name, v in views.items() if "Wacht op financier" in name)
    app.click(waiting)
    waiting_count = app.case_count()
    assert 0 < waiting_count < total
    statuses = {r.find_element(By.CSS_SELECTOR, ".status").get_attribute("textContent").strip() for r in app.all("case-row")}
    assert statuses <= {"Gepresenteerd", "Matching", "In beoordeling"}, statuses

    # A view of one's own: a search, saved under a name, applied again later.
    app.click(app.find("clear-filters"))
    assert app.case_count() == total
    app.search("bakkerij")
    bakeries = app.case_count()
    app.click(app.find("save-view"))
    app.find("view-name").send_keys("Bakkerijen")
    app.click(app.find("view-save-confirm"))
    app.click(app.find("clear-filters"))
    assert app.case_count() == total
    mine = next(v for v in app.all("view-item") if "Bakkerijen" in v.get_attribute("textContent"))
    app.click(mine)
    assert app.case_count() == bakeries
    app.screenshot("saved-view")


def test_import_a_dutch_register_sheet(launch, db_path, tmp_path):
    sheet = tmp_path / "financiers.csv"
    sheet.write_text(
        "\ufeffNaam;Fonds;Soort financier;Werkgebied;Kapitaalsoort(en);Minimaal bedrag;Maximaal bedrag;Laatst gecontroleerd\r\n"
        "Kredietunie Rivierenland;Kredietunielening;Kredietunie;Gelderland, Utrecht;Kredietunielening;;€ 250.000;1-10-2026\r\n"
        "Pandjesbaas BV;Voorschot;pandjeshuis;Gelderland;Bancaire lening;;;\r\n"
        "Qredits;Microkrediet en MKB-krediet;Microfinancier;Heel Nederland;Microkrediet;;€ 300.000;\r\n",
        encoding="utf-8",
    )
    app = launch(db_path, demo=True)
    app.find("nav-import").click()
    app.wait_idle()
    app.click(app.find("import-kind-register"))
    # With no file chosen yet the preview button opens the open dialog, then previews.
    assert app.pick_file("import-preview", sheet, field="import-path") == "Bestand openen — Tafel"
    stats = app.find("import-stats")
    assert stats.get_attribute("data-total") == "3"
    assert stats.get_attribute("data-new") == "1"
    assert stats.get_attribute("data-updated") == "1"
    assert [e.get_attribute("data-row") for e in app.all("import-error-row")] == ["3"]
    assert "pandjeshuis" in app.all("import-error-row")[0].get_attribute("textContent")
    fields = [s.get_attribute("value") for s in app.all("import-field")]
    assert fields[:3] == ["name", "instrument_name", "financier_type"]
    app.screenshot("register-import-preview")
    app.click(app.find("import-mode-valid"))
    app.click(app.find("import-run"))
    report = app.find("import-report")
    assert report.get_attribute("data-imported") == "2"
    assert report.get_attribute("data-skipped-errors") == "1"
    app.find("nav-register").click()
    app.wait_idle()
    names = [r.get_attribute("textContent") for r in app.all("financier-row")]
    assert any("Kredietunie Rivierenland" in n for n in names)
    assert not any("Pandjesbaas" in n for n in names)

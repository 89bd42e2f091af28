"""End-to-end: erasing a company's personal data (AVG) from the case page, behind its typed name,
and the retention period on the Gegevens page; the database is then read with the CLI."""

import json
import os
import pathlib
import subprocess

from test_matching import open_case

ROOT = pathlib.Path(__file__).resolve().parents[2]


def tafel(db_path, *args):
    """The `tafel` command on the app's database, as the coordinator would run it."""
    env = {**os.environ, "TAFEL_DB": str(db_path), "TAFEL_KEYCHAIN": "off"}
    binary = ROOT / "target" / "debug" / "tafel"
    out = subprocess.run([str(binary), *args], capture_output=True, text=True, env=env, check=True, timeout=60)
    return out.stdout


def test_erase_a_company_from_the_case_page(launch, db_path):
    app = launch(db_path, demo=True)
    company = "Energiecoöperatie Zeewolde-Oost U.A."
    detail = open_case(app, "Zeewolde")
    case_id = detail.get_attribute("data-case-id")
    app.click(app.find("case-erase"))
    panel = app.find("erase-panel")
    assert company in panel.text
    run = app.find("erase-run")
    assert not run.is_enabled(), "nothing can be erased before the name is typed"
    name = app.find("erase-confirm-name")
    name.send_keys("Energiecoöperatie Zeewolde")
    assert not run.is_enabled(), "part of the name is not enough"
    name.send_keys("-Oost U.A.")
    app.wait.until(lambda d: run.is_enabled())
    app.screenshot("erase-confirm")
    app.click(run)
    app.find("erase-notice")
    assert app.find("case-company-name").text == "Gewist bedrijf"
    app.find("erased-banner")
    assert not app.all("case-erase"), "an erased company cannot be erased again"
    timeline = app.find("case-timeline")
    assert "Bedrijfsgegevens gewist (AVG)" in timeline.text
    assert "Zeewolde" not in timeline.text, "the history holds no trace of the name"
    app.screenshot("erase-done")

    app.click(app.find("nav-cases"))
    app.cases().search("Zeewolde")
    app.wait.until(lambda d: app.case_count() == 0)
    app.quit()

    # The file, read by the command line: the case is there, anonymised; the name is gone.
    cases = json.loads(tafel(db_path, "case", "list", "--json"))
    assert not any("Zeewolde" in json.dumps(c, ensure_ascii=False) for c in cases)
    history = tafel(db_path, "case", "history", case_id, "--json")
    assert "Zeewolde" not in history and '"erasure"' in history


def test_retention_period_on_the_data_page(launch, db_path):
    app = launch(db_path, demo=True)
    app.find("nav-data").click()
    app.wait_idle()
    section = app.find("retention-section")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", section)
    months = app.find("retention-months")
    assert months.get_attribute("value") == "24"
    assert app.find("retention-preview").get_attribute("data-count") == "0", "the demo has nothing closed 24 months ago"
    months.send_keys("\ue009" + "a")
    months.send_keys("\ue003")
    months.send_keys("12")
    app.wait.until(lambda d: int(app.find("retention-preview").get_attribute("data-count")) > 0)
    due = int(app.find("retention-preview").get_attribute("data-count"))
    app.click(app.find("retention-save"))
    assert "opgeslagen" in app.find("retention-message").text
    app.click(app.find("retention-apply"))
    app.click(app.find("retention-apply-confirm"))
    app.wait.until(lambda d: "geanonimiseerd" in app.find("retention-message").text)
    assert app.find("retention-message").text.startswith(f"{due} casus(sen) geanonimiseerd")
    app.wait.until(lambda d: app.find("retention-preview").get_attribute("data-count") == "0")
    app.screenshot("retention")
    app.quit()
    assert "12 maanden" in tafel(db_path, "erase", "retention", "--dry-run")

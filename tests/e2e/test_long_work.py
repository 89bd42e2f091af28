"""Long work in the real window: a large import shows its progress and can be cancelled, and a
database whose key is gone opens with the recovery key typed on the error screen."""

import os
import pathlib
import subprocess

from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.common.by import By

ROOT = pathlib.Path(__file__).resolve().parents[2]
TAFEL = ROOT / "target" / "debug" / "tafel"


def large_sheet(path, rows):
    lines = ["Bedrijfsnaam;KvK-nummer;Provincie;Gevraagd bedrag;Kapitaalsoort;Fase;Sector;Doel;Datum intake"]
    for i in range(rows):
        lines.append(f"Bedrijf {i} BV;{10_000_000 + i:08d};Utrecht;{20_000 + i};Microkrediet;Start-up;Overig;Start;3-2-2026")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_import_shows_progress_and_a_cancel_imports_nothing(launch, db_path, tmp_path):
    sheet = large_sheet(tmp_path / "veel-casussen.csv", 40_000)
    app = launch(db_path, demo=True).cases()
    before = app.case_count()
    app.find("nav-import").click()
    app.wait_idle()
    app.pick_file("import-path-browse", sheet)
    app.click(app.find("import-preview"))
    assert app.find("import-stats").get_attribute("data-new") == "40000"

    # Import, and cancel while the bar moves (no wait for idle: the import is running).
    run = app.find("import-run")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", run)
    run.click()
    bar = app.find("progress")
    assert bar.get_attribute("data-phase") in ("", "reading", "checking", "saving")
    app.screenshot("import-progress")
    app.find("progress-cancel").click()
    cancelled = app.find("import-cancelled")
    assert "niets geïmporteerd" in cancelled.text
    app.wait_idle()
    assert not app.all("progress"), "the bar goes when the import has stopped"
    assert not app.all("import-report")

    app.find("nav-cases").click()
    app.wait_idle()
    assert app.case_count() == before, "a cancelled import stores nothing"


def test_a_database_whose_key_is_gone_opens_with_the_recovery_key(launch, db_path):
    # A database made with another key than the one the app is given (TAFEL_DB_KEY of run.sh):
    # as if the key file were lost and the laptop's key replaced.
    other_key = "0badc0de" * 8
    env = dict(os.environ, TAFEL_DB=str(db_path), TAFEL_DB_KEY=other_key, TAFEL_KEYCHAIN="off")
    subprocess.run([str(TAFEL), "demo"], env=env, check=True, capture_output=True, timeout=120)
    key_file = pathlib.Path(str(db_path) + ".key")
    if key_file.exists():
        key_file.unlink()

    app = launch(db_path)
    fatal = app.find("fatal-error")
    assert fatal.get_attribute("data-code") == "wrong_key"
    form = app.find("recovery-form")
    assert "herstelsleutel" in form.text.lower()

    app.find("recovery-input").send_keys("0000-" * 15 + "0000")
    app.find("recovery-open").click()
    refused = app.find("recovery-open-error")
    assert refused.get_attribute("data-code") == "wrong_key"

    recovery = "-".join(other_key[i : i + 4] for i in range(0, 64, 4))
    field = app.find("recovery-input")
    field.send_keys("\ue009" + "a")
    field.send_keys("\ue003")
    field.send_keys(recovery)
    app.screenshot("recovery-key")
    app.find("recovery-open").click()
    app.wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, '[data-testid="fatal-error"]')))
    app.wait_idle()
    app.cases()
    assert app.case_count() == 60, "the demo's cases, opened with the recovery key"
    assert key_file.exists(), "the key is back beside the database for the next start"

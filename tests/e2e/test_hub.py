"""End-to-end: two laptops sharing a table through the PostgreSQL hub instead of a folder.

The hub's administration is the command line's (`tafel hub init` on the coordinator's laptop, as
an IT department would run it): the member's card is added to the roster and the hub created with
a login per organisation. Then everything is the window's: the coordinator synchronises (through
the hub only, no folder set); the member types the address it was handed into Delen ("Aansluiten
bij de hub"), synchronises, confirms the coordinator's fingerprint, finds the table's cases,
declines one and synchronises; the coordinator synchronises and its case page shows the decline.

Needs the test server of tests/pg/with-postgres.sh (TAFEL_TEST_PG); without it the test fails.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from test_sharing import TABLE, goto, sharing, shot, synchronise, text_of

TAFEL = Path(os.environ["TAFEL_APP"]).parent / "tafel"


def tafel(db, *args):
    done = subprocess.run([str(TAFEL), "--db", str(db), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"tafel {' '.join(args)}: {done.stderr}{done.stdout}"
    return done.stdout


def test_a_coordinator_and_a_rom_member_share_a_table_through_the_postgresql_hub(launch, tmp_path):
    admin_url = os.environ.get("TAFEL_TEST_PG")
    if not admin_url:
        pytest.fail("TAFEL_TEST_PG is not set: run under tests/pg/with-postgres.sh (make e2e does)")
    coordinator_db = tmp_path / "coordinator.db"
    member_db = tmp_path / "rom.db"

    # The demo table on the coordinator's laptop; identities and the roster by the command line.
    app = launch(coordinator_db, demo=True)
    app.quit()
    tafel(coordinator_db, "identity", "--name", "Marieke Jansen", "--org", "coordinator", "--table", TABLE)
    coordinator_fp = json.loads(tafel(coordinator_db, "identity", "--json"))["fingerprint"]
    tafel(member_db, "init")
    tafel(member_db, "identity", "--name", "Ruud de Wit", "--org", "ROM Utrecht Region")
    card = tmp_path / "ruud.tafelkaart"
    tafel(member_db, "member", "card", "-o", str(card))
    tafel(coordinator_db, "member", "add", str(card))
    # The hub's administrator: schema, roles, row-level security, one login per organisation.
    report = json.loads(tafel(coordinator_db, "hub", "init", admin_url, "--json"))
    logins = {login["org_name"]: login["url"] for login in report["logins"]}
    assert set(logins) == {"Coördinator", "ROM Utrecht Region"} or "ROM Utrecht Region" in logins, logins
    rom_url = logins["ROM Utrecht Region"]

    # The coordinator synchronises through the hub (no folder set).
    app = launch(coordinator_db)
    sharing(app)
    shot(app, "hub-coordinator-sharing", top=app.find("sharing-sync"))
    assert "tafel_m_" in text_of(app.find("hub-joined"))
    assert rom_url.split(":")[2].split("@")[0] not in text_of(app.find("sharing-sync")), "no password on screen"
    summary = synchronise(app)
    assert summary and summary.startswith("✓ 0 wijzigingen ontvangen"), summary
    app.quit()

    # The member joins the hub with the address it was handed, then the table.
    app = launch(member_db)
    sharing(app)
    assert app.find("sync-run").get_attribute("disabled") is not None, "nothing to sync through yet"
    field = app.find("hub-url")
    app.click(field)
    field.send_keys(rom_url)
    app.click(app.find("hub-join"))
    joined = app.find("hub-joined")
    assert "localhost" in text_of(joined)
    shot(app, "hub-member-joined-hub", top=app.find("sharing-sync"))
    assert synchronise(app) is None, "a device on no table is asked to join first"
    assert app.find("join-expected").get_attribute("data-fingerprint") == coordinator_fp
    app.find("join-fingerprint").send_keys(coordinator_fp)
    app.click(app.find("join-confirm"))
    app.find("sync-result")
    summary = text_of(app.find("sync-summary"))
    assert re.search(r"\d+ wijzigingen ontvangen van de coördinator", summary), summary
    assert f"U neemt deel aan {TABLE}" in text_of(app.find("sync-result"))
    shot(app, "hub-member-synced", top=app.find("sharing-sync"))

    # A case of the table, declined with a reason, and synchronised.
    app.click(app.find("nav-inbox"))
    rows = app.wait.until(lambda d: app.all("inbox-row"))
    assert len(rows) > 10
    app.click(rows[0].find_element(By.CSS_SELECTOR, '[data-testid="inbox-open"]'))
    app.find("shared-case")
    app.choose("answer-status", "declined")
    app.choose("answer-decline-reason", "outside_mandate_sector")
    app.click(app.find("answer-save"))
    app.find("answer-saved")
    case_number = app.driver.execute_script("return window.location.hash")
    sharing(app)
    assert synchronise(app), "synchronised"
    app.quit()

    # The coordinator synchronises: the decline is on the case page, by the member.
    app = launch(coordinator_db)
    sharing(app)
    summary = synchronise(app)
    assert re.search(r"\d+ wijzigingen? ontvangen van 1 lid", summary), summary
    assert "1 antwoord op een casuspagina" in text_of(app.find("sync-result"))
    shot(app, "hub-coordinator-synced", top=app.find("sharing-sync"))
    assert case_number

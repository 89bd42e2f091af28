"""End-to-end: sharing a table between two laptops, each its own Tafel on its own database.

The coordinator (the demo database) and a member of ROM Utrecht Region (a fresh database) take
turns, as offline laptops do, and meet only in a shared folder: the member saves its card there,
the coordinator adds it after comparing the fingerprint, gives a named case consent for ROM Utrecht
Region and synchronises; the member synchronises, is asked for the coordinator's fingerprint, joins,
finds the case in its Tafelcasussen with the company's name, declines it with a reason and
synchronises; the coordinator synchronises and its case page shows the decline, by the member.
Every file and folder is chosen in the real GTK dialog. On the way the coordinator attaches a cash-flow
forecast to the case for the consented financiers: the member opens it from its Tafelcasussen, and
the coordinator's dossier shows that ROM Utrecht Region received it once the member's bundle is read.
"""

import re

from selenium.webdriver.common.by import By

from conftest import FOLDER_DIALOG, OPEN_DIALOG, SAVE_DIALOG, xdotool
from test_dossier import opened_root, simple_pdf

# A demo case that is at the table, named, with consent that lasts (assets/demo/cases.json).
NAMED_CASE = "Fruitteeltbedrijf Van Kooten VOF"
TABLE = "Financieringstafel Utrecht"


def text_of(element):
    return element.get_attribute("textContent") or ""


def shot(app, name, top=None):
    """A screenshot without the tooltip of whatever the pointer rests on; `top` is scrolled into view first."""
    xdotool("mousemove", "2", "2")
    if top is not None:
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", top)
    app.screenshot(name)


def goto(app, hash_):
    app.driver.execute_script("window.location.hash = arguments[0]", hash_)
    app.wait_idle()


def sharing(app):
    app.click(app.find("nav-sharing"))
    app.find("sharing-identity")
    return app


def set_identity(app, person, organisation=None, table=None):
    """Fills "Dit apparaat" and saves; `organisation` None: the coordinator."""
    field = app.find("identity-person")
    app.click(field)
    field.send_keys(person)
    if organisation is None:
        if table:
            name = app.find("identity-table-name")
            app.click(name)
            name.send_keys(table)
    else:
        app.click(app.find("field-identity-role-member"))
        org = app.find("identity-organisation")
        app.click(org)
        org.send_keys(organisation)
    app.click(app.find("identity-save"))
    app.find("identity-saved")
    return app.find("own-fingerprint").get_attribute("data-fingerprint")


def choose_folder(app, folder):
    title = app.pick_file("sync-folder-browse", folder)
    assert title == FOLDER_DIALOG
    app.find("sync-folder-saved")


def synchronise(app):
    """Clicks "Synchroniseren" and gives the result's sentence (or None when the join dialog opened)."""
    app.click(app.find("sync-run"))
    app.wait.until(lambda d: app.all("sync-result") or app.all("join-dialog") or app.all("sync-error"))
    errors = app.all("sync-error")
    assert not errors, text_of(errors[0])
    results = app.all("sync-result")
    return text_of(app.find("sync-summary")) if results else None


def test_a_coordinator_and_a_rom_member_share_a_case_through_a_folder(launch, tmp_path):
    coordinator_db = tmp_path / "coordinator.db"
    member_db = tmp_path / "rom.db"
    shared = tmp_path / "gedeeld"
    shared.mkdir()

    # The coordinator's laptop: identity, and the table gets its name.
    app = launch(coordinator_db, demo=True)
    sharing(app)
    coordinator_fp = set_identity(app, "Marieke Jansen", table=TABLE)
    assert re.fullmatch(r"(\d{5} ){7}\d{5}", coordinator_fp), coordinator_fp
    app.wait.until(lambda d: TABLE in text_of(app.find("identity-table")))
    shot(app, "sharing-coordinator-identity")
    app.quit()

    # The member's laptop: identity for ROM Utrecht Region, the card saved into the shared folder.
    app = launch(member_db)
    sharing(app)
    member_fp = set_identity(app, "Ruud de Wit", organisation="ROM Utrecht Region")
    assert member_fp != coordinator_fp
    assert "Nog bij geen tafel" in text_of(app.find("identity-table"))
    card = shared / "lidkaart-ruud-de-wit.tafelkaart"
    app.find("card-save").click()  # no file yet: the save dialog opens
    assert app.answer_dialog(card) == SAVE_DIALOG
    app.wait_idle()
    assert app.find("card-saved").get_attribute("data-path") == str(card)
    assert card.read_text(encoding="utf-8").startswith("TAFEL-LIDKAART-1:")
    # "Kopiëren" puts the card's text on the clipboard: pasted into the search palette, it is there.
    card_text = app.find("card-text").get_attribute("value")
    assert card_text.startswith("TAFEL-LIDKAART-1:")
    app.click(app.find("card-copy"))
    app.find("card-copied")
    app.driver.find_element(By.TAG_NAME, "body").send_keys("\ue009" + "k")  # Ctrl+K
    box = app.find("palette-input")
    box.send_keys("\ue009" + "v")  # Ctrl+V
    app.wait.until(lambda d: box.get_attribute("value").startswith("TAFEL-LIDKAART-1:"))
    assert box.get_attribute("value") == card_text.strip()
    box.send_keys("\ue00c")  # Escape
    app.wait.until(lambda d: not app.all("palette"))
    shot(app, "sharing-member-card")
    app.quit()

    # The coordinator adds the card after comparing the fingerprint, gives the named case consent
    # for ROM Utrecht Region and synchronises through the shared folder.
    app = launch(coordinator_db)
    sharing(app)
    assert app.pick_file("add-card-path-browse", card) == OPEN_DIALOG
    assert text_of(app.find("add-card-person")) == "Ruud de Wit"
    # The phone call: the member reads its fingerprint, the coordinator compares it.
    assert app.find("add-card-fingerprint").get_attribute("data-fingerprint") == member_fp
    financier = app.find("add-card-financier")
    assert text_of(financier.find_element(By.CSS_SELECTOR, "option:checked")).strip() == "ROM Utrecht Region"
    assert app.find("add-member").get_attribute("disabled") is not None, "not before the fingerprint is compared"
    app.click(app.find("add-card-compared"))
    shot(app, "sharing-add-member", top=app.find("sharing-add-member"))
    app.click(app.find("add-member"))
    assert app.find("add-member-done").get_attribute("data-version") == "2"
    rows = app.wait.until(lambda d: len(app.all("roster-row")) == 2 and app.all("roster-row"))
    assert [r.get_attribute("data-person") for r in rows] == ["Marieke Jansen", "Ruud de Wit"]
    assert text_of(rows[1].find_element(By.CSS_SELECTOR, '[data-testid="roster-organisation"]')) == "ROM Utrecht Region"

    app.cases()
    app.search("Van Kooten")
    app.click(app.wait.until(lambda d: next(iter(app.all("case-row")), None)))
    app.click(app.find("case-edit"))
    consent = app.find("field-consent_financier_ids").find_element(By.XPATH, ".//label[normalize-space(.)='ROM Utrecht Region']/input")
    if not consent.is_selected():
        app.click(consent)
    app.click(app.find("case-save"))
    app.find("case-detail")
    case_hash = app.driver.execute_script("return window.location.hash")
    assert re.fullmatch(r"#/cases/[^/]+", case_hash), case_hash

    # A cash-flow forecast for the financiers the entrepreneur consented to, picked in the dialog.
    forecast = tmp_path / "prognose-van-kooten.pdf"
    forecast.write_bytes(simple_pdf(["Kasstroomprognose 2027", "Fruitteeltbedrijf Van Kooten"]))
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.find("dossier-section"))
    before = len(app.all("dossier-row"))
    app.choose("dossier-new-type", "cash_flow_forecast")
    pick = app.find("dossier-pick")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pick)
    pick.click()
    assert app.answer_dialog(forecast) == OPEN_DIALOG
    app.wait.until(lambda d: len(app.all("dossier-row")) == before + 1)
    app.wait_idle()
    row = next(r for r in app.all("dossier-row") if "prognose-van-kooten" in text_of(r))
    document_id = row.get_attribute("data-document-id")
    select = row.find_element(By.CSS_SELECTOR, '[data-testid="dossier-level"]')
    app.driver.execute_script(
        "arguments[0].value = 'consented'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", select
    )
    dossier_row = f'[data-testid="dossier-row"][data-document-id="{document_id}"]'
    app.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, dossier_row).get_attribute("data-level") == "consented")
    # Shared with the ROM, not yet sent: the dossier says so.
    recipients = app.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{dossier_row} [data-testid="dossier-recipient"]'))
    assert [r.get_attribute("data-received") for r in recipients] == ["false"], [text_of(r) for r in recipients]
    assert "ROM Utrecht Region" in text_of(recipients[0]) and "nog niet ontvangen" in text_of(recipients[0])
    shot(app, "sharing-coordinator-document", top=app.find("dossier-section"))

    sharing(app)
    choose_folder(app, shared)
    summary = synchronise(app)
    assert summary and summary.startswith("✓ 0 wijzigingen ontvangen"), summary
    assert sorted(p.suffix for p in shared.iterdir()) == [".tafel", ".tafelkaart"]
    app.quit()

    # The member synchronises: asked for the coordinator's fingerprint, it joins.
    app = launch(member_db)
    sharing(app)
    choose_folder(app, shared)
    assert synchronise(app) is None, "a device on no table is asked to join first"
    dialog = app.find("join-dialog")
    assert f"Deelnemen aan {TABLE}" in text_of(dialog)
    assert "Marieke Jansen" in text_of(dialog)
    # The phone call again, the other way: the coordinator reads, the member types.
    assert app.find("join-expected").get_attribute("data-fingerprint") == coordinator_fp
    typed = app.find("join-fingerprint")
    typed.send_keys("12345 67890")
    app.click(app.find("join-confirm"))
    assert app.find("join-error").get_attribute("data-code") == "sync_fingerprint_mismatch"
    typed.send_keys("\ue009" + "a")
    typed.send_keys(coordinator_fp)
    shot(app, "sharing-join-dialog")
    app.click(app.find("join-confirm"))
    app.find("sync-result")
    assert not app.all("join-dialog")
    summary = text_of(app.find("sync-summary"))
    assert re.search(r"\d+ wijzigingen ontvangen van de coördinator", summary), summary
    assert f"U neemt deel aan {TABLE}" in text_of(app.find("sync-result"))
    app.wait.until(lambda d: TABLE in text_of(app.find("identity-table")))
    assert app.find("identity-role").get_attribute("data-role") == "member"
    shot(app, "sharing-member-joined")

    # Tafelcasussen: the table's cases, anonymised; the consented one with the company's name.
    app.click(app.find("nav-inbox"))
    rows = app.wait.until(lambda d: app.all("inbox-row"))
    assert len(rows) > 10
    assert all(r.get_attribute("data-marker") == "new" for r in rows)
    named = [r for r in rows if r.find_elements(By.CSS_SELECTOR, '[data-testid="inbox-company"]')]
    assert [text_of(r.find_element(By.CSS_SELECTOR, '[data-testid="inbox-company"]')) for r in named] == [NAMED_CASE], "only the case with consent is named"
    shot(app, "sharing-member-inbox")
    app.click(named[0].find_element(By.CSS_SELECTOR, '[data-testid="inbox-open"]'))
    app.find("shared-case")
    assert text_of(app.find("shared-company")) == NAMED_CASE
    assert "kan Tafel niet terughalen" in text_of(app.find("shared-revocation"))
    assert text_of(app.find("shared-one-pager").find_element(By.CSS_SELECTOR, '[data-field="province"]')) == "Gelderland"
    shot(app, "sharing-member-case-named", top=app.find("inbox-back"))

    # The consented forecast is on the member's case page: opened, it is the coordinator's file.
    shared_doc = app.wait.until(lambda d: next((r for r in app.all("shared-document") if r.get_attribute("data-title") == "prognose-van-kooten"), None))
    assert shared_doc.get_attribute("data-whole-table") == "false"
    assert "Marieke Jansen" in text_of(shared_doc)
    app.click(shared_doc.find_element(By.CSS_SELECTOR, '[data-testid="shared-document-open"]'))
    message = text_of(app.find("shared-documents-message"))
    copies = [c for c in opened_root().glob("doc-*/prognose-van-kooten.pdf") if str(c) in message]
    assert len(copies) == 1, (message, list(opened_root().glob("doc-*/*")))
    assert copies[0].read_bytes() == forecast.read_bytes()
    shot(app, "sharing-member-document", top=app.find("shared-documents"))

    # The member declines with a reason, keeps a private note, and synchronises.
    app.choose("answer-status", "declined")
    app.choose("answer-decline-reason", "outside_mandate_sector")
    note = app.find("answer-note")
    app.click(note)
    note.send_keys("Fruitteelt valt buiten ons fonds")
    app.click(app.find("answer-save"))
    app.find("answer-saved")
    assert app.find("shared-answer-current").get_attribute("data-status") == "declined"
    private = app.find("private-note")
    app.click(private)
    private.send_keys("Eventueel via het landbouwfonds")
    app.click(app.find("private-save"))
    app.find("private-saved")
    shot(app, "sharing-member-case")
    app.click(app.find("inbox-back"))
    first = app.wait.until(lambda d: next((r for r in app.all("inbox-row") if r.find_elements(By.CSS_SELECTOR, '[data-testid="inbox-company"]')), None))
    assert first.get_attribute("data-marker") == "", "opened: no longer new"
    sharing(app)
    summary = synchronise(app)
    assert summary, "synchronised"
    app.quit()

    # The coordinator synchronises: the decline is on the case page, with the member as its author.
    app = launch(coordinator_db)
    sharing(app)
    summary = synchronise(app)
    assert re.search(r"\d+ wijzigingen? ontvangen van 1 lid", summary), summary
    assert "1 antwoord op een casuspagina" in text_of(app.find("sync-result"))
    ruud = next(r for r in app.all("roster-row") if r.get_attribute("data-person") == "Ruud de Wit")
    assert "nog geen" not in text_of(ruud), "the member's last bundle is known"
    shot(app, "sharing-coordinator")
    goto(app, case_hash)
    section = app.find("outcome-section")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    row = app.wait.until(lambda d: next((r for r in app.all("response-row") if r.get_attribute("data-financier-name") == "ROM Utrecht Region"), None))
    assert row.get_attribute("data-status") == "declined"
    assert "Buiten mandaat: sector" in text_of(row.find_element(By.CSS_SELECTOR, '[data-testid="response-reason"]'))
    app.click(row.find_element(By.CSS_SELECTOR, '[data-testid="response-steps-toggle"]'))
    steps = text_of(app.find("response-steps"))
    assert "Ruud de Wit (ROM Utrecht Region)" in steps, steps
    assert "Fruitteelt valt buiten ons fonds" in steps, steps
    assert "landbouwfonds" not in text_of(app.driver.find_element(By.TAG_NAME, "body")), "a private note stays on the member's laptop"
    shot(app, "sharing-coordinator-case")

    # The member's bundle acknowledged the forecast: the dossier shows ROM Utrecht Region has it.
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.find("dossier-section"))
    received = app.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{dossier_row} [data-testid="dossier-recipient"]'))
    assert [r.get_attribute("data-received") for r in received] == ["true"], [text_of(r) for r in received]
    assert "ROM Utrecht Region" in text_of(received[0]) and "ontvangen" in text_of(received[0])
    shot(app, "sharing-coordinator-document-received", top=app.find("dossier-section"))

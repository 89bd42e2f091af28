"""End-to-end: the case dossier — attach a PDF chosen in the native dialog, see it listed, open it
(a private decrypted copy that goes when Tafel closes or starts again), change who may see it, and
link a bank's decline letter from the dossier to the decline recorded on the case page."""

import os
import pathlib
import stat
import tempfile
import time

from selenium.webdriver.common.by import By

from test_matching import open_case


def simple_pdf(lines):
    """A small valid one-page PDF showing `lines` in Helvetica (objects, xref and trailer)."""
    text = "BT /F1 12 Tf 72 770 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def opened_root():
    user = "".join(c for c in os.environ.get("USER", "gebruiker") if c.isalnum() or c in "-_")
    return pathlib.Path(tempfile.gettempdir()) / f"tafel-geopend-{user}"


def test_attach_open_and_share_a_pdf_from_the_case_page(launch, db_path, tmp_path):
    source = tmp_path / "jaarrekening-2025.pdf"
    source.write_bytes(simple_pdf(["Jaarrekening 2025", "Balans en winst-en-verliesrekening"]))

    app = launch(db_path, demo=True)
    open_case(app, "Zonnedauw")
    section = app.find("dossier-section")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    assert app.all("dossier-empty"), "the demo case starts without documents"
    app.choose("dossier-new-type", "annual_accounts")

    # Picked in the real native dialog, as a user does.
    pick = app.find("dossier-pick")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pick)
    pick.click()
    app.answer_dialog(source)
    app.wait.until(lambda d: len(app.all("dossier-row")) == 1 or app.all("dossier-error"))
    errors = app.all("dossier-error")
    if errors:
        app.screenshot("dossier-error")
    assert not errors, errors[0].get_attribute("textContent") if errors else ""
    app.wait_idle()
    row = app.all("dossier-row")[0]
    text = row.get_attribute("textContent")
    assert "jaarrekening-2025" in text and "Jaarrekening" in text, text
    assert "e2e" in text, "who added it"
    assert row.get_attribute("data-level") == "coordinator", "coordinator only by default"
    app.screenshot("dossier-attached")

    # Open: a decrypted copy only the user can read, in a folder only the user can enter.
    app.click(app.find("dossier-open"))
    message = app.find("dossier-message").get_attribute("textContent")
    copies = list(opened_root().glob("doc-*/jaarrekening-2025.pdf"))
    assert len(copies) == 1, (message, copies)
    copy = copies[0]
    assert str(copy) in message
    assert copy.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700

    # Who may see it: the whole table.
    app.choose("dossier-level", "table")
    app.wait.until(lambda d: app.all("dossier-row")[0].get_attribute("data-level") == "table")
    app.screenshot("dossier-level-table")

    # A bank's decline letter: attached, then chosen in the decline recorded for that bank.
    letter = tmp_path / "afwijzing-ing.pdf"
    letter.write_bytes(simple_pdf(["Geachte heer Bos,", "wij kunnen uw aanvraag niet honoreren."]))
    app.choose("dossier-new-type", "decline_letter")
    pick = app.find("dossier-pick")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pick)
    pick.click()
    app.answer_dialog(letter)
    app.wait.until(lambda d: len(app.all("dossier-row")) == 2)
    app.wait_idle()
    letter_id = next(r for r in app.all("dossier-row") if "afwijzing-ing" in r.get_attribute("textContent")).get_attribute("data-document-id")
    new_response = app.find("response-new")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", new_response)
    app.click(new_response)
    app.find("response-form")
    ing = app.driver.execute_script(
        "return [...arguments[0].options].find(o => o.textContent.trim() === 'ING').value", app.find("response-form-financier")
    )
    app.choose("response-form-financier", ing)
    app.choose("response-form-status", "declined")
    app.choose("response-form-decline_reason", "insufficient_collateral")
    app.choose("response-form-decline_letter", letter_id)
    app.screenshot("dossier-decline-letter-chosen")
    app.click(app.find("response-form-save"))
    row = app.wait.until(lambda d: next((r for r in app.all("response-row") if r.get_attribute("data-financier-name") == "ING"), None))
    assert row.get_attribute("data-status") == "declined"
    linked = f'[data-testid="dossier-row"][data-document-id="{letter_id}"] [data-testid="dossier-linked-decline"]'
    app.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, linked))
    assert app.driver.find_element(By.CSS_SELECTOR, linked).get_attribute("textContent") == "hoort bij een afwijzing"
    app.screenshot("dossier-decline-letter-linked")

    # The search finds the case by the document's name.
    app.click(app.find("nav-cases"))
    app.cases().search("jaarrekening-2025")
    assert len(app.all("case-row")) == 1

    # When Tafel closes the copy goes; if it was killed (as the driver may end it), the next start
    # sweeps it. The next start also shows the level was stored.
    app.quit()
    time.sleep(2)
    app = launch(db_path)
    assert not copy.exists(), "the decrypted copy outlived Tafel"
    open_case(app, "Zonnedauw")
    app.find("dossier-section")
    app.wait.until(lambda d: len(app.all("dossier-row")) == 2)
    assert next(r for r in app.all("dossier-row") if "jaarrekening-2025" in r.get_attribute("textContent")).get_attribute("data-level") == "table"

"""End-to-end: the filtered case list exported from the case list, as CSV after switching the format."""


def test_export_filtered_case_list_as_csv(launch, db_path, tmp_path):
    app = launch(db_path, demo=True)
    app.cases().search("Zeewolde")
    app.wait.until(lambda d: app.case_count() == 1)
    app.click(app.find("export-cases"))
    assert app.pick_file("export-path-browse", tmp_path / "casussen.xlsx") == "Opslaan als — Tafel"
    field = app.find("export-path")
    app.click(app.find("export-format-csv"))
    assert field.get_attribute("value").endswith("casussen.csv"), "the chosen path follows the format"
    app.click(app.find("export-save"))
    result = app.find("export-result")
    app.screenshot("export-panel")
    target = tmp_path / "casussen.csv"
    assert result.get_attribute("data-path") == str(target)
    lines = target.read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2, lines
    assert "Energiecoöperatie Zeewolde-Oost" in lines[1]


def test_encrypted_backup_from_the_data_page(launch, db_path, tmp_path):
    """Gegevens → Back-up is encrypted by default: a passphrase twice, a .tafelbackup file that
    holds no readable company name."""
    app = launch(db_path, demo=True)
    app.find("nav-data").click()
    app.wait_idle()
    assert app.find("backup-encrypt").is_selected(), "encrypted by default"
    target = tmp_path / "tafel.tafelbackup"
    app.find("backup-passphrase").send_keys("Zeven vette kippen in de wei")
    app.find("backup-passphrase-repeat").send_keys("Zeven vette kippen in de wei")
    # No file chosen yet: the button opens the save dialog, then writes the backup there.
    app.pick_file("backup-run", target, field="backup-path")
    report = app.find("backup-report")
    assert report.get_attribute("data-path") == str(target)
    app.screenshot("backup-encrypted")
    data = target.read_bytes()
    assert len(data) > 10_000
    assert b"Zeewolde" not in data and not data.startswith(b"SQLite format 3"), "the backup is encrypted"

"""End-to-end: the filtered case list exported from the case list, as CSV after switching the format."""


def test_export_filtered_case_list_as_csv(launch, db_path, tmp_path):
    app = launch(db_path, demo=True)
    app.cases().search("Zeewolde")
    app.wait.until(lambda d: app.case_count() == 1)
    app.click(app.find("export-cases"))
    field = app.find("export-path")
    field.send_keys(str(tmp_path / "casussen.xlsx"))
    app.click(app.find("export-format-csv"))
    assert field.get_attribute("value").endswith("casussen.csv"), "the typed path follows the format"
    app.click(app.find("export-save"))
    result = app.find("export-result")
    app.screenshot("export-panel")
    target = tmp_path / "casussen.csv"
    assert result.get_attribute("data-path") == str(target)
    lines = target.read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2, lines
    assert "Energiecoöperatie Zeewolde-Oost" in lines[1]

"""End-to-end: the report screen shows this year's figures with charts and exports them as XLSX and PDF."""

import subprocess
import zipfile


def export(app, target, button):
    field = app.find("report-export-path")
    field.clear()
    field.send_keys(str(target))
    app.click(app.find(button))
    app.wait.until(lambda d: app.all("report-export-result") and app.all("report-export-result")[0].get_attribute("data-path") == str(target))
    assert target.stat().st_size > 2_000


def test_report_figures_charts_and_exports(launch, db_path, tmp_path):
    app = launch(db_path, demo=True)
    app.click(app.find("nav-report"))
    app.find("report-page")
    app.wait.until(lambda d: len(app.all("report-kpi")) >= 6)
    kpis = " ".join(k.get_attribute("textContent") for k in app.all("report-kpi"))
    assert "€" in kpis and "%" in kpis, kpis
    assert len(app.all("report-chart")) >= 3, "cases per quarter, € per capital type, the funnel"
    app.screenshot("report")

    xlsx = tmp_path / "tafel-rapportage.xlsx"
    export(app, xlsx, "report-export-xlsx")
    with zipfile.ZipFile(xlsx) as book:
        sheets = book.read("xl/workbook.xml").decode()
    assert "Kerncijfers" in sheets

    pdf = tmp_path / "tafel-rapportage.pdf"
    export(app, pdf, "report-export-pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "€" in text and "Financieringstafel" in text

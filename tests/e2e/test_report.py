"""End-to-end: the report screen shows this year's figures with charts and exports them as XLSX and PDF."""

import subprocess
import zipfile


def written(app, target):
    """Waits until the export says it wrote `target`, and checks the file is there."""
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

    # No file chosen yet: the Excel button opens the save dialog first.
    xlsx = tmp_path / "tafel-rapportage.xlsx"
    app.pick_file("report-export-xlsx", xlsx, field="report-export-path")
    written(app, xlsx)
    with zipfile.ZipFile(xlsx) as book:
        sheets = book.read("xl/workbook.xml").decode()
    assert "Kerncijfers" in sheets

    # The PDF button writes beside it with its own extension, without asking again.
    pdf = tmp_path / "tafel-rapportage.pdf"
    app.click(app.find("report-export-pdf"))
    written(app, pdf)
    assert app.find("report-export-path").get_attribute("value") == str(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "€" in text and "Financieringstafel" in text

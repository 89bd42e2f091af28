"""End-to-end: export a named and an anonymised case summary from the case page, and read the files back."""

import subprocess

from test_matching import open_case


def pdf_text(path):
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def export(app, tmp_path, name, anonymised):
    if not app.all("pdf-panel"):
        app.click(app.find("case-pdf"))
    app.click(app.find("pdf-anonymised" if anonymised else "pdf-named"))
    target = tmp_path / name
    app.pick_file("pdf-path-browse", target)
    app.click(app.find("pdf-save"))
    result = app.find("pdf-result")
    assert result.get_attribute("data-path") == str(target)
    assert target.stat().st_size > 10_000
    return pdf_text(target)


def test_export_named_and_anonymised_case_summary(launch, db_path, tmp_path):
    app = launch(db_path, demo=True)
    detail = open_case(app, "Zeewolde")  # Energiecoöperatie Zeewolde-Oost U.A., partly financed
    company = "Energiecoöperatie Zeewolde-Oost"
    assert company in detail.get_attribute("textContent")

    named = export(app, tmp_path, "named.pdf", anonymised=False)
    assert company in named, "the named summary names the company (accents intact)"
    assert "€ 1.500.000" in named and "Collin Crowdfund" in named, "amount and package survive"

    anonymous = export(app, tmp_path, "anon.pdf", anonymised=True)
    app.screenshot("pdf-export")
    assert "Geanonimiseerd" in anonymous
    for value in (company, "93332826", "Zeewolde", "Hans Roelofs", "€ 45.000"):
        assert value not in anonymous, f"the anonymised PDF shows {value!r}"
    assert "Flevoland" in anonymous, "the province stays"

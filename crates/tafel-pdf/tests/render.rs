//! Renders the bundled templates with their sample data and checks the PDFs as a reader
//! would: page counts, extracted text (€, accents, key values), anonymisation, overrides and
//! errors. Text extraction uses poppler's `pdftotext` (Debian package `poppler-utils`, which
//! `make test` installs); page counts use `pdfinfo` when present.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use tafel_pdf::{PdfError, Renderer, Template};

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/templates")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn sample(template: Template) -> Value {
    read_json(&templates_dir().join(format!("{}.sample.json", template.name())))
}

fn fixture(name: &str) -> Value {
    read_json(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
}

fn write_temp(pdf: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    file
}

/// The number of pages: `pdfinfo` when installed, else the page objects in the file.
fn page_count(pdf: &[u8]) -> usize {
    let file = write_temp(pdf);
    if let Ok(out) = Command::new("pdfinfo").arg(file.path()).output()
        && out.status.success()
    {
        let info = String::from_utf8_lossy(&out.stdout);
        let pages = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok());
        if let Some(pages) = pages {
            return pages;
        }
    }
    // typst writes uncompressed page dictionaries: `/Type/Page` (not `/Pages`).
    let needle = b"/Type/Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && !w[needle.len()].is_ascii_alphabetic())
        .count()
}

/// The text of the PDF as `pdftotext` extracts it (poppler-utils must be installed).
fn pdf_text(pdf: &[u8]) -> String {
    let file = write_temp(pdf);
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext (Debian package poppler-utils) is needed for this test");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text with line breaks and runs of spaces folded to single spaces, so phrases that wrap
/// can be searched for.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(template: Template, data: &Value) -> Vec<u8> {
    let pdf = Renderer::new().unwrap().render(template, data).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    pdf
}

#[test]
fn case_summary_sample_is_two_or_three_pages_with_euro_accents_and_values() {
    let pdf = render(Template::CaseSummary, &sample(Template::CaseSummary));
    let pages = page_count(&pdf);
    assert!((2..=3).contains(&pages), "{pages} pages");

    let text = flat(&pdf_text(&pdf));
    for expected in [
        "Financieringstafel Brabant",
        "Van Dijk Precisietechniek B.V.",
        "2026-0042",
        "€ 1.250.000",
        "€ 6.200.000",
        "KvK-nummer",
        "12345678",
        "Geïnteresseerd",
        "één klant",
        "financiële positie",
        "Passende financiers",
        "Brabant Ventures",
        "BMKB-G (€ 300.000)",
        "Financieringsplan",
        "Reacties van financiers",
        "Onvoldoende zekerheden",
        "Doorverwijzingen",
        "Financieringspakket",
        "Tijdlijn",
        "Financieringsplan vastgesteld (100% dekking)",
        "Vertrouwelijk — uitsluitend voor deelnemers",
        &format!("Pagina 1 van {pages}"),
        &format!("Pagina {pages} van {pages}"),
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn case_summary_in_english_uses_english_labels() {
    let mut data = sample(Template::CaseSummary);
    data["lang"] = json!("en");
    data["title"] = Value::Null;
    let pdf = render(Template::CaseSummary, &data);
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "Case summary",
        "Matching financiers",
        "Financing plan",
        "Financier responses",
        "Page 1 of",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    for dutch in ["Passende financiers", "Pagina 1 van"] {
        assert!(
            !text.contains(dutch),
            "Dutch label {dutch:?} in an English document"
        );
    }
}

#[test]
fn anonymised_case_summary_leaves_out_removed_fields_and_their_labels() {
    let pdf = render(
        Template::CaseSummary,
        &fixture("case-summary-anonymised.json"),
    );
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "Geanonimiseerd casusoverzicht",
        "Casus 2026-0042",
        "€ 5 – 10 mln",
        "Noord-Brabant",
        "Eén bank",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for removed in [
        "Van Dijk",
        "12345678",
        "KvK-nummer",
        "Adres",
        "Contactpersoon",
        "Casushouder",
        "Naam",
        "Eindhoven",
        "Volgende actie",
    ] {
        assert!(
            !text.contains(removed),
            "{removed:?} printed in an anonymised summary:\n{text}"
        );
    }
}

#[test]
fn meeting_pack_has_an_agenda_page_and_one_page_per_case() {
    let data = sample(Template::MeetingPack);
    let items = data["agenda"].as_array().unwrap().len();
    let pdf = render(Template::MeetingPack, &data);
    assert_eq!(page_count(&pdf), 1 + items);

    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let first = flat(pages[0]);
    for expected in [
        "Agenda",
        "Deelnemers",
        "Renée Çelik",
        "Geheimhouding getekend",
        "Nee",
        "2026-0051",
        "Agri & food · Volwassen · € 180.000",
    ] {
        assert!(
            first.contains(expected),
            "agenda page lacks {expected:?}:\n{first}"
        );
    }
    for (i, page) in pages.iter().skip(1).take(items).enumerate() {
        let page = flat(page);
        assert!(
            page.contains(&format!("AGENDAPUNT {}", i + 1)),
            "page {}: {page}",
            i + 2
        );
        assert!(
            page.contains("Passende financiers"),
            "page {}: {page}",
            i + 2
        );
    }
    // Top 5 matches only on the one-pager: the sample's first case has 10.
    let case1 = flat(pages[1]);
    assert!(case1.contains("+ 5 meer"), "{case1}");
    assert!(!case1.contains("Brabantse Business Angels"), "{case1}");
}

#[test]
fn meeting_pack_case_page_stays_one_page_with_long_texts() {
    let mut data = sample(Template::MeetingPack);
    let items = data["agenda"].as_array().unwrap().len();
    let case = &mut data["agenda"][0]["case"];
    case["case"]["earlier_declines"] =
        json!("Twee banken wezen af wegens onvoldoende zekerheden. ".repeat(30));
    let note =
        "Bereid opnieuw te kijken zodra er achtergesteld vermogen onder de banklening ligt. ";
    let responses: Vec<Value> = (0..12)
        .map(|i| json!({"financier": format!("Bank {i}"), "status": "Afgewezen", "date": "1 november 2026",
                        "decline_reason": "Onvoldoende zekerheden", "note": note.repeat(2)}))
        .collect();
    case["responses"] = Value::Array(responses);
    let pdf = render(Template::MeetingPack, &data);
    assert_eq!(page_count(&pdf), 1 + items);
    let text = flat(&pdf_text(&pdf));
    assert!(
        text.contains("+ 6 meer"),
        "only six responses on a one-pager"
    );
}

#[test]
fn report_has_tiles_charts_and_tables() {
    let pdf = render(Template::Report, &sample(Template::Report));
    assert!((1..=2).contains(&page_count(&pdf)));
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "3e kwartaal 2026",
        "NIEUWE CASUSSEN",
        "€ 23,4 mln",
        "Opgehaald vermogen per kapitaalsoort",
        "€ 11,2 mln",
        "Van intake tot financiering",
        "Besproken aan tafel",
        "Casussen per status",
        "€ 15.900.000",
        "Gefinancierde casussen",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn missing_and_empty_fields_render_without_errors() {
    let renderer = Renderer::new().unwrap();
    for template in Template::ALL {
        // Nothing at all, and every value of the sample nulled or emptied.
        for data in [
            json!({}),
            json!({"lang": "en"}),
            nulled(sample(template)),
            emptied(sample(template)),
        ] {
            let pdf = renderer
                .render(template, &data)
                .unwrap_or_else(|e| panic!("{template} with {data}: {e}"));
            assert!(pdf.starts_with(b"%PDF"));
        }
    }
}

#[test]
fn nulled_entries_do_not_print_rows_of_dashes() {
    // Lists whose entries have every field null are treated as empty.
    let pdf = render(
        Template::CaseSummary,
        &nulled(sample(Template::CaseSummary)),
    );
    assert_eq!(page_count(&pdf), 1);
    let text = flat(&pdf_text(&pdf));
    assert!(!text.contains('—'), "{text}");
    assert!(
        text.contains("Geen passende financiers gevonden."),
        "{text}"
    );

    let pdf = render(
        Template::MeetingPack,
        &nulled(sample(Template::MeetingPack)),
    );
    assert_eq!(
        page_count(&pdf),
        1,
        "no case pages for agenda items without data"
    );
}

#[test]
fn empty_lists_show_a_short_line_instead_of_an_empty_table() {
    let mut data = sample(Template::CaseSummary);
    data["matches"] = json!([]);
    data["responses"] = json!([]);
    data["referrals"] = json!([]);
    let text = flat(&pdf_text(&render(Template::CaseSummary, &data)));
    assert!(text.contains("Geen passende financiers gevonden."));
    assert!(text.contains("Nog geen reacties."));
    assert!(!text.contains("Doorverwijzingen"));
}

/// Every leaf value replaced by null (objects and lists keep their shape).
fn nulled(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, nulled(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(nulled).collect()),
        _ => Value::Null,
    }
}

/// Every list emptied and every string blanked.
fn emptied(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, emptied(v))).collect())
        }
        Value::Array(_) => json!([]),
        Value::String(_) => json!(""),
        other => other,
    }
}

#[test]
fn broken_override_template_reports_typst_message_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("case-summary.typ"),
        "#import \"common.typ\": *\n#let data = json(sys.inputs.data)\n\n#no-such-function(data)\n",
    )
    .unwrap();
    let renderer = Renderer::with_template_dir(Some(dir.path().to_path_buf())).unwrap();
    let err = renderer
        .render(Template::CaseSummary, &sample(Template::CaseSummary))
        .unwrap_err();
    let PdfError::Template {
        template,
        diagnostics,
    } = &err
    else {
        panic!("expected a template error, got {err:?}");
    };
    assert_eq!(*template, Template::CaseSummary);
    let d = &diagnostics[0];
    assert!(
        d.message.contains("unknown variable: no-such-function"),
        "{d:?}"
    );
    assert_eq!(d.file.as_deref(), Some("case-summary.typ"));
    assert_eq!(d.line, Some(4));
    let shown = err.to_string();
    assert!(shown.contains("case-summary.typ:4:"), "{shown}");

    // A syntax error is reported the same way.
    std::fs::write(
        dir.path().join("case-summary.typ"),
        "= Kop\n#let x = (1, 2\n",
    )
    .unwrap();
    let err = renderer
        .render(Template::CaseSummary, &json!({}))
        .unwrap_err();
    let PdfError::Template { diagnostics, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(diagnostics[0].line, Some(2), "{err}");

    // The other templates are still the bundled ones.
    renderer
        .render(Template::Report, &sample(Template::Report))
        .unwrap();
}

#[test]
fn error_in_shared_file_names_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let common = std::fs::read_to_string(templates_dir().join("common.typ")).unwrap();
    std::fs::write(
        dir.path().join("common.typ"),
        format!("{common}\n#let broken = 1 + \"x\"\n"),
    )
    .unwrap();
    let renderer = Renderer::with_template_dir(Some(dir.path().to_path_buf())).unwrap();
    let err = renderer
        .render(Template::Report, &sample(Template::Report))
        .unwrap_err();
    let PdfError::Template { diagnostics, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.file.as_deref() == Some("common.typ")),
        "{err}"
    );
}

#[test]
fn override_dir_template_replaces_the_bundled_one_and_reads_the_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.typ"),
        "#let data = json(sys.inputs.data)\n#set page(width: 12cm, height: 6cm)\nEIGEN SJABLOON: #data.table_name\n",
    )
    .unwrap();
    let renderer = Renderer::with_template_dir(Some(dir.path().to_path_buf())).unwrap();
    let pdf = renderer
        .render(Template::Report, &json!({"table_name": "Tafel Zeeland"}))
        .unwrap();
    assert_eq!(page_count(&pdf), 1);
    let text = flat(&pdf_text(&pdf));
    assert!(text.contains("EIGEN SJABLOON: Tafel Zeeland"), "{text}");

    // Edits take effect on the next render, without a new renderer.
    std::fs::write(dir.path().join("report.typ"), "Tweede versie\n").unwrap();
    let text = flat(&pdf_text(
        &renderer.render(Template::Report, &json!({})).unwrap(),
    ));
    assert!(text.contains("Tweede versie"), "{text}");

    // Templates the folder does not have stay bundled.
    let text = flat(&pdf_text(
        &renderer
            .render(Template::CaseSummary, &sample(Template::CaseSummary))
            .unwrap(),
    ));
    assert!(text.contains("Passende financiers"));
}

#[test]
fn unreadable_override_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.typ"), [0xff, 0xfe, 0x00]).unwrap();
    let renderer = Renderer::with_template_dir(Some(dir.path().to_path_buf())).unwrap();
    let err = renderer.render(Template::Report, &json!({})).unwrap_err();
    let PdfError::TemplateOverride { path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, &dir.path().join("report.typ"));
}

#[test]
fn override_templates_cannot_read_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "geheim").unwrap();
    std::fs::write(dir.path().join("report.typ"), "#read(\"secret.txt\")\n").unwrap();
    let renderer = Renderer::with_template_dir(Some(dir.path().to_path_buf())).unwrap();
    let err = renderer.render(Template::Report, &json!({})).unwrap_err();
    assert!(matches!(err, PdfError::Template { .. }), "{err:?}");
}

#[test]
fn missing_override_dir_means_bundled_templates() {
    let renderer =
        Renderer::with_template_dir(Some(PathBuf::from("/nonexistent/tafel-templates"))).unwrap();
    let pdf = renderer
        .render(Template::Report, &sample(Template::Report))
        .unwrap();
    assert!(flat(&pdf_text(&pdf)).contains("Opgehaald vermogen per kapitaalsoort"));
}

#[test]
fn one_renderer_serves_several_threads() {
    let renderer = Renderer::new().unwrap();
    let data = sample(Template::CaseSummary);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|i| {
                let renderer = &renderer;
                let mut data = data.clone();
                data["case"]["number"] = json!(format!("2026-90{i}"));
                s.spawn(move || renderer.render(Template::CaseSummary, &data).unwrap())
            })
            .collect();
        for (i, h) in handles.into_iter().enumerate() {
            let text = pdf_text(&h.join().unwrap());
            assert!(text.contains(&format!("2026-90{i}")));
        }
    });
}

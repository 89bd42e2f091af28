//! Human-readable (Dutch) and JSON output of the CLI.

use tafel::domain::money::format_euros;
use tafel::domain::{Case, CaseSummary, Financier, FinancierSummary};
use tafel::error::RowError;
use tafel::error::{Error, Result};
use tafel::import::cases::CaseField;
use tafel::import::mapping::{ColumnMapping, SheetField};
use tafel::import::register::RegisterField;
use tafel::report::history::ReadableChange;
use tafel::service::register::{RegisterImportPreview, RegisterImportReport};
use tafel::service::transfer::{BackupReport, CaseImportPreview, CaseImportReport, DuplicateRow};
use tafel::store::KeySource;

/// Prints a value as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|source| Error::Json {
        context: "uitvoer".into(),
        source,
    })?;
    println!("{text}");
    Ok(())
}

/// Dutch date: 21-11-2026.
pub fn date(d: chrono::NaiveDate) -> String {
    tafel::domain::format::date_nl(d)
}

/// Describes where the key came from.
pub fn key_source(source: &KeySource) -> String {
    match source {
        KeySource::Explicit => "opgegeven (TAFEL_DB_KEY of --key)".into(),
        KeySource::Keychain => "sleutelhanger van het systeem".into(),
        KeySource::KeyFile(path) => format!("sleutelbestand {}", path.display()),
    }
}

/// The case list as a table.
pub fn print_cases(cases: &[CaseSummary]) {
    println!(
        "{:<10} {:<40} {:<3} {:>14}  {:<20} {:<10}",
        "Nummer", "Bedrijf", "Pr", "Bedrag", "Status", "Intake"
    );
    for c in cases {
        let name: String = c.company_name.chars().take(40).collect();
        println!(
            "{:<10} {:<40} {:<3} {:>14}  {:<20} {:<10}",
            c.case_number,
            name,
            c.province.id(),
            format_euros(c.amount_cents),
            c.status.label_nl(),
            date(c.intake_date)
        );
    }
    println!("{} casus(sen)", cases.len());
}

/// One case, readable.
pub fn print_case(case: &Case) {
    let co = &case.company;
    println!("Casus {}  [{}]", case.case_number, case.status.label_nl());
    println!("  id:              {}", case.id);
    println!(
        "  Bedrijf:         {}{}",
        co.name,
        co.kvk
            .as_ref()
            .map(|k| format!(" (KvK {k})"))
            .unwrap_or_default()
    );
    println!(
        "  Vestiging:       {}{}",
        co.municipality
            .as_deref()
            .map(|m| format!("{m}, "))
            .unwrap_or_default(),
        co.province.label_nl()
    );
    println!("  Gevraagd:        {}", format_euros(case.amount_cents));
    println!("  Doel:            {}", case.purpose.label_nl());
    println!(
        "  Fase / sector:   {} / {}",
        case.stage.label_nl(),
        case.sector.label_nl()
    );
    println!(
        "  Kapitaalsoorten: {}",
        case.capital_types
            .iter()
            .map(|c| c.label_nl())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  Bron:            {}{}",
        case.source.label_nl(),
        case.referrer
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    );
    println!("  Vertrouwelijk:   {}", case.disclosure.label_nl());
    if let Some(until) = case.consent_until {
        println!("  Toestemming tot: {}", date(until));
    }
    println!("  Intake:          {}", date(case.intake_date));
    if let Some(owner) = &case.owner {
        println!("  Eigenaar:        {owner}");
    }
    if let Some(action) = &case.next_action {
        println!(
            "  Volgende actie:  {action}{}",
            case.next_action_due
                .map(|d| format!(" (uiterlijk {})", date(d)))
                .unwrap_or_default()
        );
    }
    if let Some(notes) = &case.notes {
        println!("  Notities:        {notes}");
    }
}

/// The register as a table.
pub fn print_register(list: &[FinancierSummary]) {
    println!(
        "{:<48} {:<24} {:<12} {:<20}",
        "Financier", "Type", "Regio", "Geverifieerd"
    );
    for f in list {
        let name: String = f.name.chars().take(48).collect();
        let regions = f
            .regions
            .iter()
            .map(|r| r.id())
            .collect::<Vec<_>>()
            .join(",");
        let verified = match f.verified_on {
            Some(d) if !f.stale => date(d),
            Some(d) => format!("{} (verouderd)", date(d)),
            None => "nooit".into(),
        };
        let uncertain = if f.uncertain { " ?" } else { "" };
        println!(
            "{:<48} {:<24} {:<12} {}{}",
            name,
            f.financier_type.id(),
            regions,
            verified,
            uncertain
        );
    }
    println!("{} financier(s)", list.len());
}

/// One financier with its instruments.
pub fn print_financier(f: &Financier) {
    println!("{} ({})", f.name, f.financier_type.label_nl());
    println!(
        "  Regio's: {}",
        f.regions
            .iter()
            .map(|r| r.label_nl())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for i in &f.instruments {
        let ticket = match (i.ticket_min_cents, i.ticket_max_cents) {
            (None, None) => "ticket onbekend".to_string(),
            (min, max) => format!(
                "ticket {} – {}",
                min.map(format_euros).unwrap_or_else(|| "?".into()),
                max.map(format_euros).unwrap_or_else(|| "?".into())
            ),
        };
        println!(
            "  - {}: {}; {}",
            i.name,
            i.capital_types
                .iter()
                .map(|c| c.label_nl())
                .collect::<Vec<_>>()
                .join(", "),
            ticket
        );
        if let Some(rules) = &i.rules {
            println!("      regels: {rules}");
        }
        if let Some(u) = &i.uncertainty {
            println!("      onzeker: {u}");
        }
        if let Some(url) = &i.source_url {
            println!("      bron: {url}");
        }
    }
}

/// A history, oldest first, as sentences (`report::history`), times in local time.
pub fn print_history(entries: &[ReadableChange]) {
    for e in entries {
        let when = chrono::DateTime::parse_from_rfc3339(&e.at)
            .map(|at| {
                at.with_timezone(&chrono::Local)
                    .format(tafel::domain::format::DATE_TIME_NL)
                    .to_string()
            })
            .unwrap_or_else(|_| e.at.clone());
        println!("{}", tafel::report::history::as_text(e, &when, "nl"));
    }
}

/// The column a field came from, for messages about a row.
fn column_of<'m>(columns: &'m [ColumnMapping], field: &str) -> Option<&'m str> {
    columns
        .iter()
        .find(|c| c.field.as_deref() == Some(field))
        .map(|c| c.column.as_str())
}

fn print_row_errors(columns: &[ColumnMapping], errors: &[RowError]) {
    if errors.is_empty() {
        return;
    }
    println!("{} ongeldige rij(en), niet geïmporteerd:", errors.len());
    for row in errors {
        for field in &row.errors {
            match column_of(columns, &field.field) {
                Some(column) => println!(
                    "  regel {} (kolom \"{column}\"): {}",
                    row.line, field.message
                ),
                None => println!("  regel {} ({}): {}", row.line, field.field, field.message),
            }
        }
    }
}

/// The mapping as the preview shows it: each column and the field it fills.
fn print_mapping<F: SheetField>(guessed: bool, columns: &[ColumnMapping], missing: &[String]) {
    println!(
        "Kolommen ({}):",
        if guessed {
            "koppeling geraden uit de kopregel"
        } else {
            "opgegeven koppeling"
        }
    );
    let width = columns
        .iter()
        .map(|c| c.column.chars().count())
        .max()
        .unwrap_or(0);
    for column in columns {
        let target = match column.field.as_deref().and_then(F::from_path) {
            Some(field) => format!("{} ({})", field.label_nl(), field.path()),
            None => "niet geïmporteerd".to_string(),
        };
        println!("  {:<width$}  → {target}", column.column);
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|path| F::from_path(path).map_or(path.clone(), |f| f.label_nl().to_string()))
            .collect();
        println!("Geen kolom voor verplichte velden: {}.", names.join(", "));
    }
}

fn print_duplicates(duplicates: &[DuplicateRow]) {
    if duplicates.is_empty() {
        return;
    }
    println!("{} dubbele rij(en), overgeslagen:", duplicates.len());
    for d in duplicates {
        println!("  regel {}: {}", d.row, d.reason);
    }
}

/// What an import would do.
pub fn print_import_preview(file: &std::path::Path, preview: &CaseImportPreview) {
    match preview.encoding {
        Some(encoding) => println!(
            "Bestand: {} ({} rijen, {})",
            file.display(),
            preview.total_rows,
            encoding.read_as_nl()
        ),
        None => println!("Bestand: {} ({} rijen)", file.display(), preview.total_rows),
    }
    print_mapping::<CaseField>(
        preview.mapping_guessed,
        &preview.mapping.columns,
        &preview.missing_fields,
    );
    print_row_errors(&preview.mapping.columns, &preview.errors);
    print_duplicates(&preview.duplicates);
    println!(
        "{} geldige rij(en), waarvan {} dubbel; {} casus(sen) zouden worden geïmporteerd.",
        preview.valid_rows,
        preview.duplicates.len(),
        preview.new_rows
    );
    println!("Proefdraai: er is niets geschreven.");
}

/// What an import did.
pub fn print_import_report(report: &CaseImportReport) {
    print_row_errors(&report.mapping.columns, &report.errors);
    print_duplicates(&report.duplicates);
    println!(
        "{} rijen gelezen: {} casus(sen) geïmporteerd, {} dubbele rij(en) overgeslagen, {} ongeldige rij(en) overgeslagen.",
        report.total_rows,
        report.imported,
        report.skipped_duplicates,
        report.errors.len()
    );
    if let (Some(first), Some(last)) = (
        report.cases.iter().map(|c| &c.case_number).min(),
        report.cases.iter().map(|c| &c.case_number).max(),
    ) {
        println!("Nieuwe casusnummers: {first} t/m {last}.");
    }
}

/// What a register import would do.
pub fn print_register_import_preview(file: &std::path::Path, preview: &RegisterImportPreview) {
    println!("Bestand: {} ({} rijen)", file.display(), preview.total_rows);
    print_mapping::<RegisterField>(
        preview.mapping_guessed,
        &preview.mapping.columns,
        &preview.missing_fields,
    );
    print_row_errors(&preview.mapping.columns, &preview.errors);
    println!(
        "{} geldige rij(en): {} instrument(en) nieuw, {} gewijzigd, {} ongewijzigd; {} financier(s) nieuw, {} gewijzigd.",
        preview.valid_rows,
        preview.new_rows,
        preview.updated_rows,
        preview.unchanged_rows,
        preview.financiers_created,
        preview.financiers_updated
    );
    println!("Proefdraai: er is niets geschreven.");
}

/// What a register import did.
pub fn print_register_import_report(report: &RegisterImportReport) {
    print_row_errors(&report.mapping.columns, &report.errors);
    println!(
        "{} regels geïmporteerd: {} financiers nieuw, {} gewijzigd; {} instrumenten nieuw, {} gewijzigd, {} ongewijzigd; {} ongeldige regel(s) overgeslagen.",
        report.rows,
        report.financiers_created,
        report.financiers_updated,
        report.instruments_created,
        report.instruments_updated,
        report.unchanged,
        report.errors.len()
    );
}

/// What a backup or restore covered.
pub fn print_backup(what: &str, report: &BackupReport) {
    println!("{what} {} (schema {}):", report.path, report.schema_version);
    for table in &report.tables {
        println!("  {:<20} {:>7} rij(en)", table.table, table.rows);
    }
}

/// One match as `tafel match --json` prints it: reasons as Dutch sentences, with English
/// and stable codes beside them.
#[derive(serde::Serialize)]
pub struct MatchItemJson {
    financier_id: String,
    financier_name: String,
    instrument_id: String,
    instrument_name: String,
    capital_type: tafel::domain::CapitalType,
    score: u8,
    confidence: u8,
    reasons: Vec<String>,
    reasons_en: Vec<String>,
    reason_codes: Vec<String>,
    guarantees: Vec<tafel::matching::AttachedGuarantee>,
}

/// One excluded instrument as `tafel match --json` prints it.
#[derive(serde::Serialize)]
pub struct ExcludedItemJson {
    financier_id: String,
    financier_name: String,
    instrument_id: String,
    instrument_name: String,
    reasons: Vec<String>,
    reasons_en: Vec<String>,
    reason_codes: Vec<String>,
}

/// One of the nearest excluded instruments as `tafel match --json` prints it.
#[derive(serde::Serialize)]
pub struct NearestItemJson {
    financier_id: String,
    financier_name: String,
    instrument_id: String,
    instrument_name: String,
    conditions: Vec<String>,
    conditions_en: Vec<String>,
    condition_codes: Vec<String>,
    distance: f64,
}

/// `tafel match --json`: `{"matches": [...], "excluded": [...], "nearest": [...]}`, matches
/// best first; `nearest` (closest first) only when nothing matches.
#[derive(serde::Serialize)]
pub struct MatchJson {
    matches: Vec<MatchItemJson>,
    excluded: Vec<ExcludedItemJson>,
    nearest: Vec<NearestItemJson>,
}

impl From<&tafel::matching::NearestResult> for NearestItemJson {
    fn from(n: &tafel::matching::NearestResult) -> Self {
        let (conditions, conditions_en, condition_codes) = texts(&n.conditions);
        NearestItemJson {
            financier_id: n.names.financier_id.to_string(),
            financier_name: n.names.financier_name.to_string(),
            instrument_id: n.names.instrument_id.to_string(),
            instrument_name: n.names.instrument_name.to_string(),
            conditions,
            conditions_en,
            condition_codes,
            distance: n.distance,
        }
    }
}

fn texts(reasons: &[tafel::matching::Reason]) -> (Vec<String>, Vec<String>, Vec<String>) {
    (
        reasons.iter().map(|r| r.nl.to_string()).collect(),
        reasons.iter().map(|r| r.en.to_string()).collect(),
        reasons.iter().map(|r| r.code.to_string()).collect(),
    )
}

impl From<&tafel::matching::MatchReport> for MatchJson {
    fn from(report: &tafel::matching::MatchReport) -> Self {
        let matches = report
            .matches
            .iter()
            .map(|m| {
                let (reasons, reasons_en, reason_codes) = texts(&m.reasons);
                MatchItemJson {
                    financier_id: m.names.financier_id.to_string(),
                    financier_name: m.names.financier_name.to_string(),
                    instrument_id: m.names.instrument_id.to_string(),
                    instrument_name: m.names.instrument_name.to_string(),
                    capital_type: m.capital_type,
                    score: m.score,
                    confidence: m.confidence,
                    reasons,
                    reasons_en,
                    reason_codes,
                    guarantees: m.guarantees.clone(),
                }
            })
            .collect();
        let excluded = report
            .excluded
            .iter()
            .map(|e| {
                let (reasons, reasons_en, reason_codes) = texts(&e.reasons);
                ExcludedItemJson {
                    financier_id: e.names.financier_id.to_string(),
                    financier_name: e.names.financier_name.to_string(),
                    instrument_id: e.names.instrument_id.to_string(),
                    instrument_name: e.names.instrument_name.to_string(),
                    reasons,
                    reasons_en,
                    reason_codes,
                }
            })
            .collect();
        MatchJson {
            matches,
            excluded,
            nearest: report.nearest.iter().map(NearestItemJson::from).collect(),
        }
    }
}

fn mark(kind: tafel::matching::ReasonKind) -> &'static str {
    match kind {
        tafel::matching::ReasonKind::Matched => "+",
        tafel::matching::ReasonKind::Failed => "-",
        tafel::matching::ReasonKind::Uncertain => "?",
        tafel::matching::ReasonKind::Note => "·",
    }
}

/// The match report, readable.
pub fn print_match(case: &Case, report: &tafel::matching::MatchReport, include_excluded: bool) {
    println!(
        "Casus {}: {} voor {} ({}, {}, {})",
        case.case_number,
        format_euros(case.amount_cents),
        case.capital_types
            .iter()
            .map(|c| c.label_nl())
            .collect::<Vec<_>>()
            .join(", "),
        case.company.province.label_nl(),
        case.stage.label_nl(),
        case.sector.label_nl()
    );
    println!("{} match(es), beste eerst:", report.matches.len());
    for (i, m) in report.matches.iter().enumerate() {
        println!(
            "{:>3}. {} – {}  [{}]  score {}, zekerheid {}",
            i + 1,
            m.names.financier_name,
            m.names.instrument_name,
            m.capital_type.label_nl(),
            m.score,
            m.confidence
        );
        for r in &m.reasons {
            println!("       {} {}", mark(r.kind), r.nl);
        }
        for g in &m.guarantees {
            println!(
                "       + kan met {}: {} geborgd ({}% van de lening)",
                g.instrument_name,
                format_euros(g.guaranteed_cents),
                g.pct_of_loan
            );
        }
    }
    if !report.guarantees.is_empty() {
        println!("Borgstellingen (geen geld; horen bij een lening):");
        for g in &report.guarantees {
            let why: Vec<&str> = g.reasons.iter().skip(1).map(|r| &*r.nl).collect();
            println!(
                "  - {} – {}: {}",
                g.financier_name,
                g.instrument_name,
                why.join("; ")
            );
        }
    }
    if report.matches.is_empty() {
        println!(
            "Geen enkel instrument voldoet aan de harde eisen (regio, kapitaalsoort, ticket, fase, sector)."
        );
        print_nearest(&report.nearest);
    }
    if include_excluded {
        println!("{} uitgesloten:", report.excluded.len());
        for e in &report.excluded {
            let why: Vec<&str> = e.reasons.iter().map(|r| &*r.nl).collect();
            println!(
                "  - {} – {}: {}",
                e.names.financier_name,
                e.names.instrument_name,
                why.join("; ")
            );
        }
    } else {
        println!(
            "{} uitgesloten (toon ze met --include-excluded).",
            report.excluded_count
        );
    }
    if let Some(path) = &report.config_path {
        println!("Gewichten en regels: {path}");
    }
}

fn print_tranches(tranches: &[tafel::matching::Tranche], need: i64) {
    let width = tranches
        .iter()
        .map(|t| {
            t.names.financier_name.chars().count() + t.names.instrument_name.chars().count() + 3
        })
        .max()
        .unwrap_or(0)
        .min(70);
    for t in tranches {
        let name: String = format!("{} – {}", t.names.financier_name, t.names.instrument_name)
            .chars()
            .take(70)
            .collect();
        let pct = if need > 0 {
            t.amount_cents as f64 * 100.0 / need as f64
        } else {
            0.0
        };
        let pin = if t.pinned { " (vastgezet)" } else { "" };
        println!(
            "  {name:<width$}  {:<30} {:>14} {:>5.1}%{pin}",
            t.capital_type.label_nl(),
            format_euros(t.amount_cents),
            pct
        );
        if let Some(g) = &t.guarantee {
            println!(
                "  {:<width$}    met {}: {} geborgd ({}% van de lening; geen geld)",
                "",
                g.instrument_name,
                format_euros(g.guaranteed_cents),
                g.pct_of_loan
            );
        }
    }
}

/// Proposed stacks, readable.
/// The nearest excluded instruments, closest first: what each asks against what the case is.
fn print_nearest(nearest: &[tafel::matching::NearestResult]) {
    if nearest.is_empty() {
        return;
    }
    println!("Het dichtst bij (wat zou moeten veranderen):");
    for n in nearest {
        let conditions: Vec<&str> = n.conditions.iter().map(|r| &*r.nl).collect();
        println!(
            "  - {} – {}: {}",
            n.names.financier_name,
            n.names.instrument_name,
            conditions.join("; ")
        );
    }
}

/// The stacks of a proposal; without one that covers the need, the best partial stack with
/// its gap and the nearest excluded instruments.
pub fn print_stacks(proposal: &tafel::matching::StackProposal) {
    let print = |title: String, s: &tafel::matching::Stack| {
        println!(
            "{title}: {} financier(s), score {}, zekerheid {}, totaal {}",
            s.financier_count,
            s.score,
            s.confidence,
            format_euros(s.total_cents)
        );
        print_tranches(&s.tranches, s.need_cents);
        for r in s.reasons.iter().filter(|r| r.code != "tranche") {
            println!("    {} {}", mark(r.kind), r.nl);
        }
        println!();
    };
    if proposal.stacks.is_empty() {
        println!(
            "Geen stapel gevonden die de vraag dekt binnen de tickets en regels van het register."
        );
        if let Some(partial) = &proposal.partial {
            print(
                format!(
                    "Beste gedeeltelijke stapel (er ontbreekt {})",
                    format_euros(partial.gap_cents)
                ),
                partial,
            );
        }
        print_nearest(&proposal.nearest);
        return;
    }
    for (i, s) in proposal.stacks.iter().enumerate() {
        print(format!("Stapel {}", i + 1), s);
    }
}

/// A saved plan, readable.
pub fn print_plan(plan: &tafel::store::Plan) {
    println!(
        "Financieringsplan (bewaard {}, laatst gewijzigd {}): {} van {}",
        plan.created_at,
        plan.updated_at,
        format_euros(plan.total_cents),
        format_euros(plan.need_cents)
    );
    print_tranches(&plan.tranches, plan.need_cents);
    for r in plan.reasons.iter().filter(|r| r.code != "tranche") {
        println!("    {} {}", mark(r.kind), r.nl);
    }
}

//! Human-readable (Dutch) and JSON output of the CLI.

use tafel::domain::money::format_euros;
use tafel::domain::{Case, CaseSummary, ChangeEntry, Financier, FinancierSummary};
use tafel::error::{Error, Result};
use tafel::store::KeySource;

/// Prints a value as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|source| Error::Json { context: "uitvoer".into(), source })?;
    println!("{text}");
    Ok(())
}

/// Dutch date: 21-11-2026.
fn date(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
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
    println!("{:<10} {:<40} {:<3} {:>14}  {:<20} {:<10}", "Nummer", "Bedrijf", "Pr", "Bedrag", "Status", "Intake");
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
    println!("  Bedrijf:         {}{}", co.name, co.kvk.as_ref().map(|k| format!(" (KvK {k})")).unwrap_or_default());
    println!("  Vestiging:       {}{}", co.municipality.as_deref().map(|m| format!("{m}, ")).unwrap_or_default(), co.province.label_nl());
    println!("  Gevraagd:        {}", format_euros(case.amount_cents));
    println!("  Doel:            {}", case.purpose.label_nl());
    println!("  Fase / sector:   {} / {}", case.stage.label_nl(), case.sector.label_nl());
    println!("  Kapitaalsoorten: {}", case.capital_types.iter().map(|c| c.label_nl()).collect::<Vec<_>>().join(", "));
    println!("  Bron:            {}{}", case.source.label_nl(), case.referrer.as_deref().map(|r| format!(" ({r})")).unwrap_or_default());
    println!("  Vertrouwelijk:   {}", case.disclosure.label_nl());
    if let Some(until) = case.consent_until {
        println!("  Toestemming tot: {}", date(until));
    }
    println!("  Intake:          {}", date(case.intake_date));
    if let Some(owner) = &case.owner {
        println!("  Eigenaar:        {owner}");
    }
    if let Some(action) = &case.next_action {
        println!("  Volgende actie:  {action}{}", case.next_action_due.map(|d| format!(" (uiterlijk {})", date(d))).unwrap_or_default());
    }
    if let Some(notes) = &case.notes {
        println!("  Notities:        {notes}");
    }
}

/// The register as a table.
pub fn print_register(list: &[FinancierSummary]) {
    println!("{:<48} {:<24} {:<12} {:<20}", "Financier", "Type", "Regio", "Geverifieerd");
    for f in list {
        let name: String = f.name.chars().take(48).collect();
        let regions = f.regions.iter().map(|r| r.id()).collect::<Vec<_>>().join(",");
        let verified = match f.verified_on {
            Some(d) if !f.stale => date(d),
            Some(d) => format!("{} (verouderd)", date(d)),
            None => "nooit".into(),
        };
        let uncertain = if f.uncertain { " ?" } else { "" };
        println!("{:<48} {:<24} {:<12} {}{}", name, f.financier_type.id(), regions, verified, uncertain);
    }
    println!("{} financier(s)", list.len());
}

/// One financier with its instruments.
pub fn print_financier(f: &Financier) {
    println!("{} ({})", f.name, f.financier_type.label_nl());
    println!("  Regio's: {}", f.regions.iter().map(|r| r.label_nl()).collect::<Vec<_>>().join(", "));
    for i in &f.instruments {
        let ticket = match (i.ticket_min_cents, i.ticket_max_cents) {
            (None, None) => "ticket onbekend".to_string(),
            (min, max) => format!(
                "ticket {} – {}",
                min.map(format_euros).unwrap_or_else(|| "?".into()),
                max.map(format_euros).unwrap_or_else(|| "?".into())
            ),
        };
        println!("  - {}: {}; {}", i.name, i.capital_types.iter().map(|c| c.label_nl()).collect::<Vec<_>>().join(", "), ticket);
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

/// A history, oldest first.
pub fn print_history(entries: &[ChangeEntry]) {
    for e in entries {
        let fields = e.changes.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default();
        println!("{}  {:<8} {:<7} {:<8} door {} ({}): {}", e.at, e.entity, e.action, &e.entity_id[..8.min(e.entity_id.len())], e.author, e.source.id(), fields);
    }
}

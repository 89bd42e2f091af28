//! The register as a report: one row per instrument, with its financier.

use crate::domain::{Financier, Instrument, ListMode, StructuredRules};

use super::table::{Cell, Column, Table};

fn labels<T: Copy>(values: &[T], label: fn(T) -> &'static str) -> Cell {
    Cell::text(Some(
        values
            .iter()
            .map(|v| label(*v))
            .collect::<Vec<_>>()
            .join("; "),
    ))
}

/// The financiers and their instruments as a report; a financier without instruments gets one row.
pub fn register_table(financiers: &[Financier]) -> Table {
    const COLUMNS: [(&str, f64); 20] = [
        ("Financier", 34.0),
        ("Type financier", 26.0),
        ("Regio's", 22.0),
        ("Website", 26.0),
        ("Instrument", 34.0),
        ("Kapitaalsoorten", 34.0),
        ("Ticket minimum", 14.0),
        ("Ticket maximum", 14.0),
        ("Fasen (leeg = alle)", 28.0),
        ("Sectoren (leeg = alle)", 28.0),
        ("Sectoren gelden als", 20.0),
        ("Fasen gelden als", 20.0),
        ("Regio's instrument (leeg = die van de financier)", 22.0),
        ("Regels", 40.0),
        ("Regels (Engels)", 40.0),
        ("Bron", 40.0),
        ("Geverifieerd op", 14.0),
        ("Onzekerheid", 30.0),
        ("Onzekerheid (Engels)", 30.0),
        ("Gestructureerde regels", 40.0),
    ];
    let mut rows = Vec::new();
    for financier in financiers {
        let head = [
            Cell::Text(financier.name.clone()),
            Cell::Text(financier.financier_type.label_nl().into()),
            labels(&financier.regions, |r| r.label_nl()),
            Cell::text(financier.website.clone()),
        ];
        if financier.instruments.is_empty() {
            let mut row = head.to_vec();
            row.resize(COLUMNS.len(), Cell::Empty);
            rows.push(row);
        }
        for instrument in &financier.instruments {
            let mut row = head.to_vec();
            row.extend(instrument_cells(instrument));
            rows.push(row);
        }
    }
    Table {
        name: "Register",
        columns: COLUMNS
            .iter()
            .map(|(header, width)| Column {
                header,
                width: *width,
            })
            .collect(),
        rows,
    }
}

fn mode_cell(listed: bool, mode: ListMode, exclusive: &str) -> Cell {
    match (listed, mode) {
        (false, _) => Cell::Empty,
        (true, ListMode::Focus) => Cell::Text("focus".into()),
        (true, ListMode::Exclusive) => Cell::Text(exclusive.into()),
    }
}

fn instrument_cells(i: &Instrument) -> Vec<Cell> {
    vec![
        Cell::Text(i.name.clone()),
        labels(&i.capital_types, |c| c.label_nl()),
        Cell::euros(i.ticket_min_cents),
        Cell::euros(i.ticket_max_cents),
        labels(&i.stages, |s| s.label_nl()),
        labels(&i.sectors, |s| s.label_nl()),
        // Only where there is a list to apply; the labels are what the register import reads.
        mode_cell(!i.sectors.is_empty(), i.sector_mode, "alleen deze sectoren"),
        mode_cell(!i.stages.is_empty(), i.stage_mode, "alleen deze fasen"),
        labels(&i.regions, |r| r.label_nl()),
        Cell::text(i.rules.clone()),
        Cell::text(i.rules_en.clone()),
        Cell::text(i.source_url.clone()),
        Cell::date(i.verified_on),
        Cell::text(i.uncertainty.clone()),
        Cell::text(i.uncertainty_en.clone()),
        // The notation the register import reads back (`max_share_of_need=50%; …`).
        Cell::text(
            Some(StructuredRules(i.structured_rules.clone()).to_notation())
                .filter(|n| !n.is_empty()),
        ),
    ]
}

//! Turning the rows of a case sheet into [`CaseDraft`]s: which column is which field
//! ([`mapping`]), and what the typed values mean ([`values`]).

pub mod mapping;
mod text;
pub mod values;

pub use mapping::{
    CaseColumnMapping, CaseField, ColumnMapping, ImportField, ResolvedMapping, guess_mapping,
    import_fields,
};
pub use text::fold;

use crate::domain::{CaseDraft, CompanyDraft, FieldError};
use crate::import::sheet::{Sheet, SheetRow};

/// One sheet row as a draft, with what could not be read before validation (e.g. "misschien" as yes/no).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetDraft {
    /// Row number as the user sees it (the header is row 1).
    pub row_number: usize,
    /// The draft the row describes.
    pub draft: CaseDraft,
    /// Problems found while reading the cells.
    pub problems: Vec<FieldError>,
}

/// Reads every row of the sheet into a draft through the mapping.
pub fn sheet_to_drafts(sheet: &Sheet, mapping: &ResolvedMapping) -> Vec<SheetDraft> {
    sheet
        .rows
        .iter()
        .map(|row| row_to_draft(row, mapping))
        .collect()
}

/// Reads one row into a draft: empty cells stay unset, values are translated where they can be.
pub fn row_to_draft(row: &SheetRow, mapping: &ResolvedMapping) -> SheetDraft {
    let mut draft = CaseDraft::default();
    let mut company = CompanyDraft::default();
    let mut problems = Vec::new();
    for (column, field) in &mapping.fields {
        let raw = row.cell(*column).trim();
        if raw.is_empty() {
            continue;
        }
        let text = || Some(raw.to_string());
        let taxonomy = || Some(values::translate_one(field.kind(), raw));
        let amount = || Some(serde_json::Value::String(values::clean_amount(raw)));
        let number = || Some(serde_json::Value::String(raw.to_string()));
        let date = || Some(values::normalise_date(raw));
        match field {
            CaseField::CompanyName => company.name = text(),
            CaseField::CompanyKvk => company.kvk = text(),
            CaseField::CompanyLegalForm => company.legal_form = text(),
            CaseField::CompanyFoundingYear => company.founding_year = number(),
            CaseField::CompanyProvince => company.province = taxonomy(),
            CaseField::CompanyMunicipality => company.municipality = text(),
            CaseField::CompanyAddress => company.address = text(),
            CaseField::CompanyContactName => company.contact_name = text(),
            CaseField::CompanyContactEmail => company.contact_email = text(),
            CaseField::CompanyContactPhone => company.contact_phone = text(),
            CaseField::CompanyEmployees => company.employees = number(),
            CaseField::CompanyTurnover => company.turnover_eur = amount(),
            CaseField::CompanyEquity => company.equity_eur = amount(),
            CaseField::CompanyNaturalPerson => match values::parse_bool(raw) {
                Some(yes) => company.natural_person = Some(yes),
                None => problems.push(FieldError {
                    field: field.path().into(),
                    code: "boolean_format".into(),
                    message: format!("{} \"{raw}\" is geen ja of nee.", field.label_nl()),
                    message_en: format!("{} \"{raw}\" is not yes or no.", field.label_en()),
                }),
            },
            CaseField::AmountEur => draft.amount_eur = amount(),
            CaseField::Purpose => draft.purpose = taxonomy(),
            CaseField::Stage => draft.stage = taxonomy(),
            CaseField::Sector => draft.sector = taxonomy(),
            CaseField::SbiCode => draft.sbi_code = text(),
            CaseField::CapitalTypes => {
                draft.capital_types = Some(values::translate_capital_types(raw))
            }
            CaseField::Source => draft.source = taxonomy(),
            CaseField::Referrer => draft.referrer = text(),
            CaseField::EarlierDeclines => draft.earlier_declines = text(),
            CaseField::Disclosure => draft.disclosure = taxonomy(),
            CaseField::ConsentFrom => draft.consent_from = date(),
            CaseField::ConsentUntil => draft.consent_until = date(),
            CaseField::Status => draft.status = taxonomy(),
            CaseField::Owner => draft.owner = text(),
            CaseField::NextAction => draft.next_action = text(),
            CaseField::NextActionDue => draft.next_action_due = date(),
            CaseField::Notes => draft.notes = text(),
            CaseField::IntakeDate => draft.intake_date = date(),
        }
    }
    // Without a source column, "Aangebracht door: Rabobank" still says the case came from a bank.
    if mapping.column_of(CaseField::Source).is_none() {
        draft.source = draft
            .referrer
            .as_deref()
            .and_then(values::source_from_referrer)
            .map(str::to_string);
    }
    draft.company = Some(company);
    SheetDraft {
        row_number: row.row_number,
        draft,
        problems,
    }
}

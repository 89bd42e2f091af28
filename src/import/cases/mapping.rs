//! Which column of a sheet fills which field of a [`CaseDraft`](crate::domain::CaseDraft),
//! guessed from Dutch and English headers or given as JSON.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::fold;
use crate::domain::FieldError;
use crate::error::{Error, Result};

/// How a field's cell text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Free text.
    Text,
    /// An amount in euros, as typed.
    Amount,
    /// A whole number.
    Number,
    /// A date.
    Date,
    /// Yes or no.
    Bool,
    /// One or more capital types.
    CapitalTypes,
    /// A province.
    Province,
    /// A purpose.
    Purpose,
    /// A stage.
    Stage,
    /// A sector.
    Sector,
    /// A case source.
    Source,
    /// A disclosure level.
    Disclosure,
    /// A case status.
    Status,
}

/// Declares the importable fields: path, labels, kind, required, and header synonyms (folded).
macro_rules! case_fields {
    ($( $variant:ident = $path:literal, $nl:literal, $en:literal, $kind:ident, $required:literal, [$($syn:literal),* $(,)?]; )+) => {
        /// A field of a case draft that a column can fill.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CaseField {
            $( #[doc = $en] $variant, )+
        }

        impl CaseField {
            /// Every field, in the order of the case form.
            pub const ALL: &'static [CaseField] = &[ $( CaseField::$variant, )+ ];

            /// The draft path, e.g. `company.kvk`.
            pub fn path(self) -> &'static str {
                match self { $( CaseField::$variant => $path, )+ }
            }

            /// Dutch label.
            pub fn label_nl(self) -> &'static str {
                match self { $( CaseField::$variant => $nl, )+ }
            }

            /// English label.
            pub fn label_en(self) -> &'static str {
                match self { $( CaseField::$variant => $en, )+ }
            }

            /// True when a case cannot be stored without it.
            pub fn required(self) -> bool {
                match self { $( CaseField::$variant => $required, )+ }
            }

            pub(crate) fn kind(self) -> FieldKind {
                match self { $( CaseField::$variant => FieldKind::$kind, )+ }
            }

            /// Headers (folded) that mean this field.
            fn synonyms(self) -> &'static [&'static str] {
                match self { $( CaseField::$variant => &[$($syn),*], )+ }
            }

            /// The field with this draft path.
            pub fn from_path(path: &str) -> Option<CaseField> {
                match path { $( $path => Some(CaseField::$variant), )+ _ => None }
            }
        }
    };
}

case_fields! {
    CompanyName = "company.name", "Bedrijfsnaam", "Company name", Text, true,
        ["bedrijfsnaam", "naam onderneming", "naam bedrijf", "naam van het bedrijf", "onderneming", "bedrijf", "handelsnaam",
         "statutaire naam", "organisatie", "naam", "company", "company name", "name", "business name"];
    CompanyKvk = "company.kvk", "KvK-nummer", "KvK number", Text, false,
        ["kvk nummer", "kvk", "kvknummer", "kvk nr", "kvknr", "kvk no", "kamer van koophandel", "coc", "coc number",
         "chamber of commerce", "kvk number"];
    CompanyLegalForm = "company.legal_form", "Rechtsvorm", "Legal form", Text, false, ["rechtsvorm", "legal form"];
    CompanyFoundingYear = "company.founding_year", "Oprichtingsjaar", "Founding year", Number, false,
        ["oprichtingsjaar", "jaar van oprichting", "jaar oprichting", "opgericht", "opgericht in", "founding year", "year founded", "founded"];
    CompanyProvince = "company.province", "Provincie", "Province", Province, true, ["provincie", "province", "prov"];
    CompanyMunicipality = "company.municipality", "Vestigingsplaats", "Municipality", Text, false,
        ["vestigingsplaats", "plaats", "gemeente", "woonplaats", "stad", "plaatsnaam", "vestiging", "city", "town", "municipality", "place"];
    CompanyAddress = "company.address", "Adres", "Address", Text, false,
        ["adres", "vestigingsadres", "bezoekadres", "straat", "address", "street"];
    CompanyContactName = "company.contact_name", "Contactpersoon", "Contact person", Text, false,
        ["contactpersoon", "naam contactpersoon", "contact", "contact person", "contact name", "aanspreekpunt"];
    CompanyContactEmail = "company.contact_email", "E-mail", "E-mail", Text, false,
        ["e mail", "email", "e mailadres", "emailadres", "mail", "mailadres", "contact email", "e mail contactpersoon"];
    CompanyContactPhone = "company.contact_phone", "Telefoon", "Phone", Text, false,
        ["telefoon", "telefoonnummer", "tel", "tel nr", "mobiel", "mobiel nummer", "phone", "telephone", "phone number"];
    CompanyEmployees = "company.employees", "Medewerkers", "Employees", Number, false,
        ["medewerkers", "aantal medewerkers", "werknemers", "aantal werknemers", "personeel", "fte", "aantal fte", "employees",
         "number of employees", "staff", "headcount"];
    CompanyTurnover = "company.turnover_eur", "Omzet", "Turnover", Amount, false,
        ["omzet", "jaaromzet", "omzet per jaar", "turnover", "revenue", "annual turnover"];
    CompanyEquity = "company.equity_eur", "Eigen vermogen", "Equity", Amount, false,
        ["eigen vermogen", "eigen vermogen bedrijf", "company equity", "net equity", "equity position"];
    CompanyNaturalPerson = "company.natural_person", "Natuurlijk persoon", "Natural person", Bool, false,
        ["natuurlijk persoon", "eenmanszaak", "natural person", "sole proprietor", "sole trader"];
    AmountEur = "amount_eur", "Gevraagd bedrag", "Amount needed", Amount, true,
        ["gevraagd bedrag", "bedrag", "gevraagde financiering", "financieringsbehoefte", "financieringsvraag", "kapitaalbehoefte",
         "benodigd bedrag", "benodigde financiering", "totaal gevraagd", "aanvraagbedrag", "hoogte financiering", "amount",
         "amount needed", "amount requested", "requested amount", "funding need", "financing need"];
    Purpose = "purpose", "Doel", "Purpose", Purpose, true,
        ["doel", "financieringsdoel", "doel financiering", "doel van de financiering", "bestemming", "bestedingsdoel", "purpose",
         "use of funds", "use of proceeds"];
    Stage = "stage", "Fase", "Stage", Stage, true,
        ["fase", "bedrijfsfase", "fase bedrijf", "levensfase", "stadium", "ontwikkelfase", "stage", "company stage", "phase"];
    Sector = "sector", "Sector", "Sector", Sector, true, ["sector", "topsector", "branche", "bedrijfstak", "industry"];
    SbiCode = "sbi_code", "SBI-code", "SBI code", Text, false, ["sbi code", "sbi", "sbicode", "sbi nummer", "sbi nr"];
    CapitalTypes = "capital_types", "Kapitaalsoort(en)", "Capital types", CapitalTypes, true,
        ["kapitaalsoort en", "kapitaalsoort", "kapitaalsoorten", "type financiering", "soort financiering", "financieringsvorm",
         "financieringsvormen", "financieringssoort", "vorm van financiering", "gevraagde financieringsvorm", "instrument",
         "instrumenten", "capital type", "capital types", "financing type", "type of financing", "funding type"];
    Source = "source", "Bron", "Source", Source, false,
        ["bron", "herkomst", "kanaal", "type aanbrenger", "source", "channel"];
    Referrer = "referrer", "Aangebracht door", "Referrer", Text, false,
        ["aangebracht door", "aanbrenger", "verwijzer", "verwezen door", "doorverwezen door", "aangemeld door", "ingebracht door",
         "referrer", "referred by", "introduced by"];
    EarlierDeclines = "earlier_declines", "Eerdere afwijzingen", "Earlier declines", Text, false,
        ["eerdere afwijzingen", "afwijzingen", "afgewezen door", "eerder afgewezen", "earlier declines", "previous declines", "declined by"];
    Disclosure = "disclosure", "Vertrouwelijkheid", "Disclosure", Disclosure, false,
        ["vertrouwelijkheid", "openbaarheid", "zichtbaarheid", "delen", "disclosure", "confidentiality"];
    ConsentFrom = "consent_from", "Toestemming vanaf", "Consent from", Date, false,
        ["toestemming vanaf", "toestemming van", "toestemming per", "datum toestemming", "consent from", "consent date"];
    ConsentUntil = "consent_until", "Toestemming tot", "Consent until", Date, false,
        ["toestemming tot", "toestemming geldig tot", "toestemming t m", "consent until", "consent expires"];
    Status = "status", "Status", "Status", Status, false, ["status", "stand van zaken", "state", "case status"];
    Owner = "owner", "Eigenaar", "Owner", Text, false,
        ["eigenaar", "behandelaar", "casushouder", "dossierhouder", "coordinator", "verantwoordelijke", "accountmanager", "owner",
         "case owner", "handled by"];
    NextAction = "next_action", "Volgende actie", "Next action", Text, false,
        ["volgende actie", "actie", "vervolgactie", "vervolgstap", "volgende stap", "to do", "todo", "next action", "next step"];
    NextActionDue = "next_action_due", "Actie uiterlijk", "Next action due", Date, false,
        ["actie uiterlijk", "uiterlijk", "deadline", "datum actie", "actiedatum", "vervaldatum", "next action due", "due", "due date"];
    Notes = "notes", "Opmerkingen", "Notes", Text, false,
        ["opmerkingen", "opmerking", "notities", "notitie", "toelichting", "omschrijving", "beschrijving", "bijzonderheden", "memo",
         "notes", "comments", "remarks", "description"];
    IntakeDate = "intake_date", "Datum intake", "Intake date", Date, false,
        ["datum intake", "intakedatum", "intake", "datum", "datum binnenkomst", "binnengekomen", "binnenkomst", "datum aanmelding",
         "aanmelddatum", "ontvangen", "datum ontvangst", "intake date", "date", "date received"];
}

/// One column of a sheet and the field it fills (`None`: not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMapping {
    /// The column's header as it is in the sheet.
    pub column: String,
    /// Draft path of the field, e.g. `company.kvk` or `amount_eur`; `null` to skip the column.
    pub field: Option<String>,
}

/// Which column fills which case field; saved and loaded as JSON (`--mapping FILE`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseColumnMapping {
    /// The columns, in sheet order.
    pub columns: Vec<ColumnMapping>,
}

/// A field a column can fill, for the mapping picker in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportField {
    /// Draft path, e.g. `company.kvk`.
    pub path: String,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// A case cannot be stored without it.
    pub required: bool,
}

/// Every field a column can fill.
pub fn import_fields() -> Vec<ImportField> {
    CaseField::ALL
        .iter()
        .map(|f| ImportField { path: f.path().into(), label_nl: f.label_nl().into(), label_en: f.label_en().into(), required: f.required() })
        .collect()
}

/// Guesses the field of every header, ignoring case, accents and punctuation; each field
/// goes to at most one column: exact synonyms first, then headers containing one.
pub fn guess_mapping(headers: &[String]) -> CaseColumnMapping {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let mut chosen: Vec<Option<CaseField>> = vec![None; headers.len()];
    // Exact matches first, strongest synonym first: "Datum intake" gets intake_date before "Datum" could.
    let mut exact: Vec<(usize, usize, CaseField)> = Vec::new();
    for (index, header) in folded.iter().enumerate() {
        for field in CaseField::ALL {
            if let Some(rank) = field.synonyms().iter().position(|s| *s == header.as_str()) {
                exact.push((rank, index, *field));
            }
        }
    }
    exact.sort_by_key(|(rank, index, _)| (*rank, *index));
    assign(&mut chosen, exact.into_iter().map(|(_, index, field)| (index, field)));
    // Then headers that contain a synonym as whole words ("Gevraagd bedrag (excl. btw)"), longest first.
    let mut contained: Vec<(usize, usize, CaseField)> = Vec::new();
    for (index, header) in folded.iter().enumerate() {
        let words = format!(" {header} ");
        for field in CaseField::ALL {
            for synonym in field.synonyms().iter().filter(|s| s.len() >= 4 && words.contains(&format!(" {s} "))) {
                contained.push((synonym.len(), index, *field));
            }
        }
    }
    contained.sort_by_key(|(len, index, _)| (std::cmp::Reverse(*len), *index));
    assign(&mut chosen, contained.into_iter().map(|(_, index, field)| (index, field)));
    CaseColumnMapping {
        columns: headers
            .iter()
            .zip(chosen)
            .map(|(column, field)| ColumnMapping { column: column.clone(), field: field.map(|f| f.path().to_string()) })
            .collect(),
    }
}

/// Gives each candidate's column its field, unless the column or the field is already taken.
fn assign(chosen: &mut [Option<CaseField>], candidates: impl Iterator<Item = (usize, CaseField)>) {
    for (index, field) in candidates {
        if chosen[index].is_none() && !chosen.contains(&Some(field)) {
            chosen[index] = Some(field);
        }
    }
}

/// A mapping checked against a sheet's headers: `(column index, field)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMapping {
    /// Column index in the sheet and the field it fills.
    pub fields: Vec<(usize, CaseField)>,
}

impl ResolvedMapping {
    /// Required fields no column fills.
    pub fn missing_required(&self) -> Vec<CaseField> {
        CaseField::ALL.iter().copied().filter(|f| f.required() && !self.fields.iter().any(|(_, g)| g == f)).collect()
    }

    /// The column that fills `field`.
    pub fn column_of(&self, field: CaseField) -> Option<usize> {
        self.fields.iter().find(|(_, f)| *f == field).map(|(c, _)| *c)
    }
}

impl CaseColumnMapping {
    /// Checks the mapping against the sheet's headers: every field known and used once,
    /// every named column present (matched case-insensitively). Columns not named are skipped.
    pub fn resolve(&self, headers: &[String]) -> Result<ResolvedMapping> {
        let mut problems = Vec::new();
        let mut fields: Vec<(usize, CaseField)> = Vec::new();
        for entry in &self.columns {
            let Some(path) = entry.field.as_deref().map(str::trim).filter(|p| !p.is_empty()) else { continue };
            let Some(field) = CaseField::from_path(path) else {
                problems.push(mapping_error(
                    "mapping_unknown_field",
                    format!("Kolom \"{}\": veld \"{path}\" bestaat niet.", entry.column),
                    format!("Column \"{}\": there is no field \"{path}\".", entry.column),
                ));
                continue;
            };
            let Some(index) = headers.iter().position(|h| h.trim().eq_ignore_ascii_case(entry.column.trim())) else {
                problems.push(mapping_error(
                    "mapping_unknown_column",
                    format!("Kolom \"{}\" uit de koppeling staat niet in het bestand.", entry.column),
                    format!("Column \"{}\" of the mapping is not in the file.", entry.column),
                ));
                continue;
            };
            if let Some((other, _)) = fields.iter().find(|(_, f)| *f == field) {
                problems.push(mapping_error(
                    "mapping_field_twice",
                    format!("Veld {} ({path}) is aan twee kolommen gekoppeld: \"{}\" en \"{}\".", field.label_nl(), headers[*other], entry.column),
                    format!("Field {} ({path}) is mapped to two columns: \"{}\" and \"{}\".", field.label_en(), headers[*other], entry.column),
                ));
                continue;
            }
            fields.push((index, field));
        }
        if problems.is_empty() { Ok(ResolvedMapping { fields }) } else { Err(Error::Invalid(problems)) }
    }

    /// The mapping for every header of the sheet, in sheet order (`None` where not named).
    pub fn for_headers(&self, headers: &[String]) -> CaseColumnMapping {
        CaseColumnMapping {
            columns: headers
                .iter()
                .map(|h| ColumnMapping {
                    column: h.clone(),
                    field: self.columns.iter().find(|c| c.column.trim().eq_ignore_ascii_case(h.trim())).and_then(|c| c.field.clone()),
                })
                .collect(),
        }
    }

    /// Reads a mapping saved as JSON: `{"columns": [...]}` or just the array.
    pub fn load(path: &Path) -> Result<CaseColumnMapping> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Saved {
            Object(CaseColumnMapping),
            List(Vec<ColumnMapping>),
        }
        let saved: Saved =
            serde_json::from_str(&text).map_err(|source| Error::Json { context: format!("koppeling {}", path.display()), source })?;
        Ok(match saved {
            Saved::Object(mapping) => mapping,
            Saved::List(columns) => CaseColumnMapping { columns },
        })
    }

    /// Saves the mapping as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|source| Error::Json { context: "koppeling".into(), source })?;
        std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))
    }
}

fn mapping_error(code: &str, nl: String, en: String) -> FieldError {
    FieldError { field: "mapping".into(), code: code.into(), message: nl, message_en: en }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headers: &[&str]) -> Vec<Option<String>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        guess_mapping(&headers).columns.into_iter().map(|c| c.field).collect()
    }

    #[test]
    fn every_synonym_is_folded_and_unique_per_field() {
        let mut seen = std::collections::HashMap::new();
        for field in CaseField::ALL {
            assert_eq!(CaseField::from_path(field.path()), Some(*field));
            for synonym in field.synonyms() {
                assert_eq!(fold(synonym), *synonym, "{synonym} is folded");
                if let Some(other) = seen.insert(*synonym, *field) {
                    panic!("{synonym} means both {other:?} and {field:?}");
                }
            }
        }
    }

    #[test]
    fn exact_headers_win_over_contained_words() {
        assert_eq!(
            fields(&["Datum", "Datum intake", "Naam contactpersoon", "Gevraagd bedrag (excl. btw)", "Nr."]),
            vec![None, Some("intake_date".into()), Some("company.contact_name".into()), Some("amount_eur".into()), None]
        );
    }
}

//! Which column of a register sheet fills which field of a [`RegisterRow`](crate::domain::RegisterRow),
//! guessed from Dutch and English headers or given as JSON.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::mapping::{self as shared, ColumnMapping, ImportField, sheet_fields};

sheet_fields! {
    /// A field of a register row that a column can fill; the paths are the
    /// [`RegisterRow`](crate::domain::RegisterRow) fields and the columns of `register.csv`.
    RegisterField {
        Name = "name", "Naam financier", "Financier name", Text, true,
            ["name", "naam", "financier", "naam financier", "financier naam", "naam van de financier", "financiers", "financierder",
             "aanbieder", "verstrekker", "financieringsverstrekker", "kredietverstrekker", "organisatie", "instelling", "partij",
             "financier name", "provider", "organisation", "organization", "lender", "investor"];
        InstrumentName = "instrument_name", "Naam instrument", "Instrument name", Text, false,
            ["instrument name", "instrument", "naam instrument", "instrumentnaam", "fonds", "fondsnaam", "naam fonds", "product",
             "productnaam", "naam product", "regeling", "faciliteit", "instrumenten", "fund", "fund name", "product name", "scheme"];
        FinancierType = "financier_type", "Type financier", "Financier type", FinancierType, true,
            ["financier type", "type financier", "soort financier", "type", "soort", "financiertype", "soort partij", "type partij",
             "type organisatie", "soort organisatie", "categorie", "kind", "category", "type of financier", "financier kind"];
        Regions = "regions", "Regio's", "Regions", Region, true,
            ["regions", "regio s", "regio", "regios", "werkgebied", "werkgebieden", "gebied", "regio financier", "provincie",
             "provincies", "region", "area", "territory", "coverage"];
        CapitalTypes = "capital_types", "Kapitaalsoorten", "Capital types", CapitalTypes, true,
            ["capital types", "kapitaalsoort en", "kapitaalsoorten", "kapitaalsoort", "type financiering", "soort financiering",
             "financieringsvorm", "financieringsvormen", "financieringssoort", "vorm van financiering", "soort kapitaal",
             "capital type", "financing type", "type of financing", "funding type"];
        TicketMin = "ticket_min_eur", "Ticket minimum", "Minimum ticket", Amount, false,
            ["ticket min eur", "ticket min", "ticket minimum", "minimum ticket", "min ticket", "minimaal bedrag", "minimum bedrag",
             "minimumbedrag", "min bedrag", "bedrag vanaf", "ticket vanaf", "minimale financiering", "minimale investering",
             "minimale lening", "minimum", "min", "minimum amount", "min amount", "minimum investment", "ticket size min"];
        TicketMax = "ticket_max_eur", "Ticket maximum", "Maximum ticket", Amount, false,
            ["ticket max eur", "ticket max", "ticket maximum", "maximum ticket", "max ticket", "maximaal bedrag", "maximum bedrag",
             "maximumbedrag", "max bedrag", "bedrag tot", "ticket tot", "tot maximaal", "maximale financiering", "maximale investering",
             "maximale lening", "maximum", "max", "maximum amount", "max amount", "maximum investment", "ticket size max"];
        Stages = "stages", "Fasen", "Stages", Stage, false,
            ["stages", "fase n", "fasen", "fase", "fases", "bedrijfsfase", "bedrijfsfasen", "fase bedrijf", "levensfase", "stadium",
             "stage", "phase", "phases", "company stage"];
        Sectors = "sectors", "Sectoren", "Sectors", Sector, false,
            ["sectors", "sector en", "sectoren", "sector", "topsector", "topsectoren", "branche", "branches", "bedrijfstak",
             "industry", "industries"];
        SectorMode = "sector_mode", "Sectoren gelden als", "Sector mode", ListMode, false,
            ["sector mode", "sectoren gelden als", "sectormodus", "sectorfocus of mandaat", "sector focus of mandaat", "sectorkeuze",
             "sectoren focus of alleen", "type sectoren", "soort sectoren", "sectors apply as"];
        StageMode = "stage_mode", "Fasen gelden als", "Stage mode", ListMode, false,
            ["stage mode", "fasen gelden als", "fasemodus", "fasefocus of mandaat", "fasekeuze", "fasen focus of alleen",
             "stages apply as"];
        Rules = "rules", "Voorwaarden", "Rules", Text, false,
            ["rules", "voorwaarden", "regels", "mandaat", "mandaatregels", "criteria", "eisen", "toelichting", "opmerkingen",
             "opmerking", "bijzonderheden", "omschrijving", "beschrijving", "conditions", "mandate", "notes", "remarks",
             "description"];
        SourceUrl = "source_url", "Bron", "Source", Text, false,
            ["source url", "bron", "url", "bron url", "link", "bronvermelding", "webpagina", "bronlink", "source", "reference"];
        VerifiedOn = "verified_on", "Geverifieerd op", "Verified on", Date, false,
            ["verified on", "geverifieerd op", "geverifieerd", "laatst gecontroleerd", "laatst geverifieerd", "gecontroleerd op",
             "gecontroleerd", "controledatum", "datum controle", "verificatiedatum", "peildatum", "verified", "last checked",
             "checked on", "last verified"];
        Uncertain = "uncertain", "Onzeker", "Uncertain", Text, false,
            ["uncertain", "onzeker", "onzekerheid", "onzekerheden", "twijfel", "onduidelijk", "nog controleren", "nog te controleren",
             "uncertainty", "doubts", "to check"];
        RulesEn = "rules_en", "Voorwaarden (Engels)", "Rules (English)", Text, false,
            ["rules en", "rules english", "english rules", "regels engels", "regels en", "voorwaarden engels", "voorwaarden en", "voorwaarden in het engels",
             "conditions english"];
        UncertainEn = "uncertain_en", "Onzeker (Engels)", "Uncertain (English)", Text, false,
            ["uncertain en", "uncertain english", "uncertainty en", "uncertainty english", "onzeker engels", "onzeker en",
             "onzekerheid engels"];
        StructuredRules = "structured_rules", "Gestructureerde regels", "Structured rules", Text, false,
            ["structured rules", "gestructureerde regels", "regels gestructureerd", "matchingregels", "matching regels"];
    }
}

/// Which column fills which register field; saved and loaded as JSON (`--mapping FILE`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegisterColumnMapping {
    /// The columns, in sheet order.
    pub columns: Vec<ColumnMapping>,
}

/// A register mapping checked against a sheet's headers: `(column index, field)` pairs.
pub type ResolvedRegisterMapping = shared::Resolved<RegisterField>;

/// Every register field a column can fill.
pub fn register_import_fields() -> Vec<ImportField> {
    shared::fields_of::<RegisterField>()
}

/// Guesses the register field of every header ("Naam", "Soort financier", "Werkgebied",
/// "Minimaal bedrag", "Laatst gecontroleerd", …); the columns of `register.csv` map to themselves.
pub fn guess_register_mapping(headers: &[String]) -> RegisterColumnMapping {
    RegisterColumnMapping {
        columns: shared::guess_columns::<RegisterField>(headers),
    }
}

shared::mapping_methods!(RegisterColumnMapping, RegisterField);

impl RegisterColumnMapping {
    /// The fixed columns of `register.csv`: a header maps to the field of the same name
    /// (case-insensitive), every other column is skipped.
    pub fn exact(headers: &[String]) -> RegisterColumnMapping {
        RegisterColumnMapping {
            columns: headers
                .iter()
                .map(|h| ColumnMapping {
                    column: h.clone(),
                    field: RegisterField::from_path(&h.trim().to_lowercase())
                        .map(|f| f.path().to_string()),
                })
                .collect(),
        }
    }

    /// The column a field comes from, for messages about a row.
    pub fn column_of(&self, path: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.field.as_deref() == Some(path))
            .map(|c| c.column.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RegisterRow;
    use crate::import::cases::fold;

    fn guessed(headers: &[&str]) -> Vec<Option<String>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        guess_register_mapping(&headers)
            .columns
            .into_iter()
            .map(|c| c.field)
            .collect()
    }

    #[test]
    fn every_synonym_is_folded_and_unique_per_field() {
        shared::check_synonyms::<RegisterField>();
        for field in RegisterField::ALL {
            assert!(
                field.synonyms().contains(&fold(field.path()).as_str()),
                "{} is a synonym of itself",
                field.path()
            );
        }
    }

    #[test]
    fn every_register_row_field_can_be_mapped() {
        let row = serde_json::to_value(RegisterRow::default()).expect("row as JSON");
        let keys = row
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>();
        for key in keys {
            assert!(
                RegisterField::from_path(&key).is_some(),
                "RegisterRow field {key} has a register field"
            );
        }
    }

    #[test]
    fn the_columns_of_register_csv_map_to_themselves() {
        let headers = "name,instrument_name,financier_type,regions,capital_types,ticket_min_eur,ticket_max_eur,stages,sectors,sector_mode,stage_mode,rules,source_url,verified_on,uncertain,structured_rules";
        let headers: Vec<&str> = headers.split(',').collect();
        let fields = guessed(&headers);
        assert_eq!(
            fields,
            headers
                .iter()
                .map(|h| Some(h.to_string()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn dutch_headers() {
        assert_eq!(
            guessed(&[
                "Naam",
                "Fonds",
                "Soort financier",
                "Werkgebied",
                "Kapitaalsoort(en)",
                "Minimaal bedrag (€)",
                "Maximaal bedrag (€)",
                "Fase(n)",
                "Sector(en)",
                "Voorwaarden",
                "URL",
                "Laatst gecontroleerd",
                "Onzeker",
                "Contactpersoon",
            ]),
            vec![
                Some("name".into()),
                Some("instrument_name".into()),
                Some("financier_type".into()),
                Some("regions".into()),
                Some("capital_types".into()),
                Some("ticket_min_eur".into()),
                Some("ticket_max_eur".into()),
                Some("stages".into()),
                Some("sectors".into()),
                Some("rules".into()),
                Some("source_url".into()),
                Some("verified_on".into()),
                Some("uncertain".into()),
                None,
            ]
        );
        assert_eq!(
            guessed(&[
                "Financier",
                "Instrument",
                "Type",
                "Regio",
                "Ticket min",
                "Ticket max",
                "Regels",
                "Bron",
                "Geverifieerd op"
            ]),
            vec![
                Some("name".into()),
                Some("instrument_name".into()),
                Some("financier_type".into()),
                Some("regions".into()),
                Some("ticket_min_eur".into()),
                Some("ticket_max_eur".into()),
                Some("rules".into()),
                Some("source_url".into()),
                Some("verified_on".into()),
            ]
        );
    }

    #[test]
    fn exact_mapping_takes_only_the_fixed_columns() {
        let headers: Vec<String> = ["NAME", "Naam", "regions", "website"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let fields: Vec<Option<String>> = RegisterColumnMapping::exact(&headers)
            .columns
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(
            fields,
            vec![Some("name".into()), None, Some("regions".into()), None]
        );
    }
}

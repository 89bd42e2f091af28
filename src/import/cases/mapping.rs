//! Which column of a sheet fills which field of a [`CaseDraft`](crate::domain::CaseDraft),
//! guessed from Dutch and English headers or given as JSON.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::mapping::{self as shared, sheet_fields};
pub use crate::import::mapping::{ColumnMapping, ImportField};

sheet_fields! {
    /// A field of a case draft that a column can fill.
    CaseField {
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
}

/// Which column fills which case field; saved and loaded as JSON (`--mapping FILE`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseColumnMapping {
    /// The columns, in sheet order.
    pub columns: Vec<ColumnMapping>,
}

/// Every field a column can fill.
pub fn import_fields() -> Vec<ImportField> {
    shared::fields_of::<CaseField>()
}

/// Guesses the field of every header, ignoring case, accents and punctuation; each field
/// goes to at most one column: exact synonyms first, then headers containing one.
pub fn guess_mapping(headers: &[String]) -> CaseColumnMapping {
    CaseColumnMapping {
        columns: shared::guess_columns::<CaseField>(headers),
    }
}

/// A case mapping checked against a sheet's headers: `(column index, field)` pairs.
pub type ResolvedMapping = shared::Resolved<CaseField>;

shared::mapping_methods!(CaseColumnMapping, CaseField);

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headers: &[&str]) -> Vec<Option<String>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        guess_mapping(&headers)
            .columns
            .into_iter()
            .map(|c| c.field)
            .collect()
    }

    #[test]
    fn every_synonym_is_folded_and_unique_per_field() {
        shared::check_synonyms::<CaseField>();
    }

    #[test]
    fn exact_headers_win_over_contained_words() {
        assert_eq!(
            fields(&[
                "Datum",
                "Datum intake",
                "Naam contactpersoon",
                "Gevraagd bedrag (excl. btw)",
                "Nr."
            ]),
            vec![
                None,
                Some("intake_date".into()),
                Some("company.contact_name".into()),
                Some("amount_eur".into()),
                None
            ]
        );
    }
}

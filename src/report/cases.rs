//! The case list as a report, one row per case, with Dutch headers and labels.
//!
//! The headers are the Dutch field labels of the case import, so an exported sheet
//! imports again with the guessed mapping.

use crate::domain::Case;
use crate::import::cases::CaseField;

use super::table::{Cell, Column, Table};

type Extract = fn(&Case) -> Cell;

/// Columns: header (a field label, or `Casusnummer`), width, and how to read the case.
fn columns() -> Vec<(&'static str, f64, Extract)> {
    let h = CaseField::label_nl;
    vec![
        ("Casusnummer", 12.0, |c| Cell::Text(c.case_number.clone())),
        (h(CaseField::IntakeDate), 12.0, |c| {
            Cell::Date(c.intake_date)
        }),
        (h(CaseField::CompanyName), 34.0, |c| {
            Cell::Text(c.company.name.clone())
        }),
        (h(CaseField::CompanyKvk), 12.0, |c| {
            Cell::text(c.company.kvk.clone())
        }),
        (h(CaseField::CompanyLegalForm), 11.0, |c| {
            Cell::text(c.company.legal_form.clone())
        }),
        (h(CaseField::CompanyFoundingYear), 10.0, |c| {
            Cell::number(c.company.founding_year)
        }),
        (h(CaseField::CompanyProvince), 14.0, |c| {
            Cell::Text(c.company.province.label_nl().into())
        }),
        (h(CaseField::CompanyMunicipality), 18.0, |c| {
            Cell::text(c.company.municipality.clone())
        }),
        (h(CaseField::CompanyAddress), 30.0, |c| {
            Cell::text(c.company.address.clone())
        }),
        (h(CaseField::CompanyContactName), 20.0, |c| {
            Cell::text(c.company.contact_name.clone())
        }),
        (h(CaseField::CompanyContactEmail), 26.0, |c| {
            Cell::text(c.company.contact_email.clone())
        }),
        (h(CaseField::CompanyContactPhone), 14.0, |c| {
            Cell::text(c.company.contact_phone.clone())
        }),
        (h(CaseField::CompanyEmployees), 8.0, |c| {
            Cell::number(c.company.employees)
        }),
        (h(CaseField::CompanyTurnover), 14.0, |c| {
            Cell::euros(c.company.turnover_cents)
        }),
        (h(CaseField::CompanyEquity), 14.0, |c| {
            Cell::euros(c.company.equity_cents)
        }),
        (h(CaseField::CompanyNaturalPerson), 9.0, |c| {
            Cell::Text(
                if c.company.natural_person {
                    "ja"
                } else {
                    "nee"
                }
                .into(),
            )
        }),
        (h(CaseField::AmountEur), 14.0, |c| {
            Cell::Euros(c.amount_cents)
        }),
        (h(CaseField::Purpose), 16.0, |c| {
            Cell::Text(c.purpose.label_nl().into())
        }),
        (h(CaseField::Stage), 20.0, |c| {
            Cell::Text(c.stage.label_nl().into())
        }),
        (h(CaseField::Sector), 22.0, |c| {
            Cell::Text(c.sector.label_nl().into())
        }),
        (h(CaseField::SbiCode), 9.0, |c| {
            Cell::text(c.sbi_code.clone())
        }),
        (h(CaseField::CapitalTypes), 34.0, |c| {
            Cell::Text(
                c.capital_types
                    .iter()
                    .map(|t| t.label_nl())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }),
        (h(CaseField::Source), 16.0, |c| {
            Cell::Text(c.source.label_nl().into())
        }),
        (h(CaseField::Referrer), 22.0, |c| {
            Cell::text(c.referrer.clone())
        }),
        (h(CaseField::EarlierDeclines), 30.0, |c| {
            Cell::text(c.earlier_declines.clone())
        }),
        (h(CaseField::Disclosure), 24.0, |c| {
            Cell::Text(c.disclosure.label_nl().into())
        }),
        (h(CaseField::ConsentFrom), 12.0, |c| {
            Cell::date(c.consent_from)
        }),
        (h(CaseField::ConsentUntil), 12.0, |c| {
            Cell::date(c.consent_until)
        }),
        (h(CaseField::Status), 16.0, |c| {
            Cell::Text(c.status.label_nl().into())
        }),
        (h(CaseField::Owner), 16.0, |c| Cell::text(c.owner.clone())),
        (h(CaseField::NextAction), 30.0, |c| {
            Cell::text(c.next_action.clone())
        }),
        (h(CaseField::NextActionDue), 12.0, |c| {
            Cell::date(c.next_action_due)
        }),
        (h(CaseField::Notes), 50.0, |c| Cell::text(c.notes.clone())),
    ]
}

/// The cases as a report (in the order given).
pub fn case_table(cases: &[Case]) -> Table {
    let columns = columns();
    Table {
        name: "Casussen",
        columns: columns
            .iter()
            .map(|(header, width, _)| Column {
                header,
                width: *width,
            })
            .collect(),
        rows: cases
            .iter()
            .map(|case| {
                columns
                    .iter()
                    .map(|(_, _, extract)| extract(case))
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cases::guess_mapping;

    #[test]
    fn every_exported_column_but_the_case_number_is_guessed_back() {
        let headers: Vec<String> = columns().iter().map(|(h, _, _)| h.to_string()).collect();
        let mapping = guess_mapping(&headers);
        assert_eq!(
            mapping.columns[0].field, None,
            "Casusnummer is not imported"
        );
        for column in mapping.columns.iter().skip(1) {
            let field = column.field.as_deref().and_then(CaseField::from_path);
            assert_eq!(
                field.map(CaseField::label_nl),
                Some(column.column.as_str()),
                "{} is guessed as itself",
                column.column
            );
        }
        assert_eq!(
            mapping.columns.iter().filter(|c| c.field.is_some()).count(),
            CaseField::ALL.len()
        );
    }
}

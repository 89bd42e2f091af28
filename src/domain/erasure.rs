//! Erasure of personal data (AVG/GDPR article 17) and the retention rule: which values of a
//! row and of a change-log entry are erased, and which stay for the table's figures. No I/O:
//! the store applies these policies to its rows and to the log's old and new values.
//!
//! Built by whitelisting, like the anonymised one-pager: a policy names what is *kept* (ids,
//! taxonomy values, amounts, statuses, dates, financier ids) and everything else of a row or
//! an entry is erased, so a text column or log field added later is erased by default instead
//! of surviving an erasure unnoticed.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::anonymise::known_legal_form;
use super::validation::FieldError;

/// What an erased value becomes in a text column and in the change log: structure kept,
/// content gone, and a reader sees that something was there.
pub const ERASED: &str = "[gewist]";

/// The neutral label an erased company is shown by (its name is required, never empty).
pub const ERASED_COMPANY_NAME: &str = "Gewist bedrijf";

/// Months after which a closed case is anonymised when nothing else is set.
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;

/// The longest retention period that can be set (100 years): beyond it the rule is off in effect.
pub const MAX_RETENTION_MONTHS: u32 = 1200;

/// Which kind of erasure a change-log entry of entity `erasure` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErasureKind {
    /// A company, its contact person and the free texts of all its cases.
    Company,
    /// Only the contact person of a company (name, e-mail, phone).
    CompanyContact,
    /// A contact person of a financier in the register.
    Contact,
    /// Closed cases past the retention period (and companies left without other cases).
    Retention,
    /// What a referral received from another table names of its company.
    ReceivedReferral,
}

impl ErasureKind {
    /// The stable identifier, used as the log entry's action.
    pub fn id(self) -> &'static str {
        match self {
            ErasureKind::Company => "company",
            ErasureKind::CompanyContact => "company_contact",
            ErasureKind::Contact => "contact",
            ErasureKind::Retention => "retention",
            ErasureKind::ReceivedReferral => "received_referral",
        }
    }
}

/// Reduces a value to a category that identifies no one (a Dutch legal form), or `None`.
pub type Reducer = fn(&str) -> Option<&'static str>;

/// Which fields (log) or text columns (rows) a policy leaves alone.
#[derive(Debug, Clone, Copy)]
pub enum Fields {
    /// Only these stay; every other one is erased. Dotted names (`export.document`) keep one
    /// key of a nested object and erase the rest of it.
    Only(&'static [&'static str]),
    /// Only these are erased; every other one stays (a contact person within a company's row).
    These(&'static [&'static str]),
}

impl Fields {
    /// The field stays as it is.
    pub fn keeps(self, field: &str) -> bool {
        match self {
            Fields::Only(kept) => kept.contains(&field),
            Fields::These(erased) => !erased.contains(&field),
        }
    }

    /// The kept keys of a nested object under `field` (`export` → `document`, …).
    fn nested(self, field: &str) -> Vec<&'static str> {
        match self {
            Fields::Only(kept) => kept
                .iter()
                .filter_map(|k| {
                    k.strip_prefix(field)
                        .and_then(|rest| rest.strip_prefix('.'))
                })
                .collect(),
            Fields::These(_) => Vec::new(),
        }
    }
}

/// What an erasure does to the values of the change-log entries of one entity.
#[derive(Debug, Clone, Copy)]
pub struct LogPolicy {
    /// The entity (`company`, `case`, …) this applies to.
    pub entity: &'static str,
    /// The fields that stay.
    pub fields: Fields,
    /// Fields reduced to a category instead of erased.
    pub reduce: &'static [(&'static str, Reducer)],
}

/// What an erasure does to the columns of the rows of one table.
#[derive(Debug, Clone, Copy)]
pub struct RowPolicy {
    /// The table.
    pub table: &'static str,
    /// The text columns that stay; erased ones become [`ERASED`] where they held a value.
    pub text: Fields,
    /// Columns set to NULL instead: structured values a marker would make invalid (a KvK
    /// number, an e-mail address) and numbers that say who it is (founding year, turnover).
    pub clear: &'static [&'static str],
    /// Columns given a fixed neutral value (a required name).
    pub replace: &'static [(&'static str, &'static str)],
    /// Columns reduced to a category instead of erased.
    pub reduce: &'static [(&'static str, Reducer)],
}

impl RowPolicy {
    /// What becomes of `column` (declared `declared_type`, NOT NULL when `required`).
    pub fn action(&self, column: &str, declared_type: &str) -> ColumnAction {
        if let Some((_, value)) = self.replace.iter().find(|(c, _)| *c == column) {
            return ColumnAction::Replace(value);
        }
        if let Some((_, reduce)) = self.reduce.iter().find(|(c, _)| *c == column) {
            return ColumnAction::Reduce(*reduce);
        }
        if self.clear.contains(&column) {
            return ColumnAction::Clear;
        }
        if declared_type.eq_ignore_ascii_case("TEXT") && !self.text.keeps(column) {
            return ColumnAction::Mark;
        }
        ColumnAction::Keep
    }
}

/// What an erasure does to one column.
#[derive(Debug, Clone, Copy)]
pub enum ColumnAction {
    /// Left as it is.
    Keep,
    /// [`ERASED`] where it held a value.
    Mark,
    /// NULL.
    Clear,
    /// This value.
    Replace(&'static str),
    /// The category of its value, or NULL.
    Reduce(Reducer),
}

fn legal_form(text: &str) -> Option<&'static str> {
    known_legal_form(text)
}

/// The columns of a company that stay when it is erased: the province and whether it is a
/// natural person (the figures and the care a case needs), besides ids and times.
pub const COMPANY_ROW: RowPolicy = RowPolicy {
    table: "companies",
    text: Fields::Only(&["id", "province", "created_at", "updated_at", "erased_at"]),
    clear: &[
        "kvk",
        "municipality",
        "address",
        "contact_name",
        "contact_email",
        "contact_phone",
        "founding_year",
        "employees",
        "turnover_cents",
        "equity_cents",
    ],
    replace: &[("name", ERASED_COMPANY_NAME)],
    reduce: &[("legal_form", legal_form)],
};

/// A company's log entries: the same fields as its row keeps.
pub const COMPANY_LOG: LogPolicy = LogPolicy {
    entity: "company",
    fields: Fields::Only(&["id", "province", "natural_person"]),
    reduce: &[("legal_form", legal_form)],
};

/// Only the contact person of a company.
pub const COMPANY_CONTACT_ROW: RowPolicy = RowPolicy {
    table: "companies",
    text: Fields::These(&[]),
    clear: &["contact_name", "contact_email", "contact_phone"],
    replace: &[],
    reduce: &[],
};

/// Only the contact person of a company, in the company's log entries.
pub const COMPANY_CONTACT_LOG: LogPolicy = LogPolicy {
    entity: "company",
    fields: Fields::These(&["contact_name", "contact_email", "contact_phone"]),
    reduce: &[],
};

/// The rows of a case and of what hangs from it, and what each keeps: everything the yearly
/// figures count (`src/report/figures.rs`: statuses, dates, amounts, capital types, financier
/// ids and types, decline reasons, jobs), nothing typed in as text. Its plan is not here: a
/// plan holds what matching generated about financiers and instruments, no text about the
/// company.
pub const CASE_ROWS: &[RowPolicy] = &[
    RowPolicy {
        table: "cases",
        text: Fields::Only(&[
            "id",
            "case_number",
            "company_id",
            "purpose",
            "stage",
            "sector",
            "sbi_code",
            "source",
            "disclosure",
            "consent_from",
            "consent_until",
            "status",
            "owner",
            "next_action_due",
            "intake_date",
            "deleted_at",
            "created_at",
            "updated_at",
            "outcome_on",
            "anonymised_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "case_responses",
        text: Fields::Only(&[
            "id",
            "case_id",
            "financier_id",
            "instrument_id",
            "status",
            "decline_reason",
            "status_date",
            "created_at",
            "updated_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "response_steps",
        text: Fields::Only(&[
            "id",
            "response_id",
            "status",
            "on_date",
            "decline_reason",
            "meeting_id",
            "author",
            "recorded_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "referrals",
        text: Fields::Only(&[
            "id",
            "case_id",
            "from_financier_id",
            "to_financier_id",
            "basis",
            "referred_on",
            "created_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "package_tranches",
        text: Fields::Only(&[
            "id",
            "case_id",
            "financier_id",
            "instrument_id",
            "capital_type",
            "guarantee_instrument_id",
            "closing_date",
            "created_at",
            "updated_at",
            "deleted_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "follow_ups",
        text: Fields::Only(&[
            "id",
            "case_id",
            "due_on",
            "done_on",
            "created_at",
            "updated_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "meeting_agenda",
        text: Fields::Only(&["meeting_id", "case_id"]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
    RowPolicy {
        table: "action_items",
        text: Fields::Only(&[
            "id",
            "meeting_id",
            "case_id",
            "due_on",
            "done_on",
            "created_at",
            "updated_at",
        ]),
        clear: &[],
        replace: &[],
        reduce: &[],
    },
];

/// The log entries of a case and of what hangs from it (the entities whose ids the store
/// collects for the case), and the meeting entries that name the case.
pub const CASE_LOGS: &[LogPolicy] = &[
    LogPolicy {
        entity: "case",
        fields: Fields::Only(&[
            "case_number",
            "company_id",
            "amount_cents",
            "purpose",
            "stage",
            "sector",
            "sbi_code",
            "capital_types",
            "source",
            "disclosure",
            "consent_financier_ids",
            "consent_from",
            "consent_until",
            "status",
            "owner",
            "next_action_due",
            "intake_date",
            "deleted_at",
            "outcome_on",
            "export.document",
            "export.version",
            "export.lang",
        ]),
        reduce: &[],
    },
    LogPolicy {
        entity: "response",
        fields: Fields::Only(&[
            "case_id",
            "financier_id",
            "financier",
            "instrument_id",
            "status",
            "decline_reason",
            "amount_cents",
            "status_date",
            "meeting_id",
        ]),
        reduce: &[],
    },
    LogPolicy {
        entity: "referral",
        fields: Fields::Only(&[
            "case_id",
            "from_financier_id",
            "to_financier_id",
            "basis",
            "referred_on",
        ]),
        reduce: &[],
    },
    LogPolicy {
        entity: "package_tranche",
        fields: Fields::Only(&[
            "case_id",
            "financier_id",
            "financier",
            "instrument_id",
            "capital_type",
            "amount_cents",
            "guarantee_instrument_id",
            "guaranteed_cents",
            "closing_date",
        ]),
        reduce: &[],
    },
    LogPolicy {
        entity: "follow_up",
        fields: Fields::Only(&[
            "case_id",
            "months",
            "due_on",
            "done_on",
            "jobs_kept",
            "jobs_created",
            "financing_closed",
        ]),
        reduce: &[],
    },
    LogPolicy {
        entity: "action_item",
        fields: Fields::Only(&["meeting_id", "case_id", "due_on", "done_on"]),
        reduce: &[],
    },
    LogPolicy {
        entity: "document",
        fields: Fields::Only(&[
            "case_id",
            "doc_type",
            "level",
            "version",
            "kind",
            "size_bytes",
            "removed_at",
        ]),
        reduce: &[],
    },
    LogPolicy {
        entity: "plan",
        fields: Fields::These(&[]),
        reduce: &[],
    },
    LogPolicy {
        entity: "meeting",
        fields: Fields::Only(&[
            "case_id",
            "case_number",
            "position",
            "presented",
            "order",
            "status",
        ]),
        reduce: &[],
    },
];

/// The log policy for an entity of a case, if it is one.
pub fn case_log_policy(entity: &str) -> Option<&'static LogPolicy> {
    CASE_LOGS.iter().find(|p| p.entity == entity)
}

/// A financier's contact person: the row stays (meetings point at it, the pledge counts)
/// without name, role, e-mail or phone.
pub const CONTACT_ROW: RowPolicy = RowPolicy {
    table: "financier_contacts",
    text: Fields::Only(&[
        "id",
        "financier_id",
        "created_at",
        "updated_at",
        "erased_at",
    ]),
    clear: &["role", "email", "phone"],
    replace: &[],
    reduce: &[],
};

/// A contact person's log entries.
pub const CONTACT_LOG: LogPolicy = LogPolicy {
    entity: "contact",
    fields: Fields::Only(&["financier_id", "signed_pledge"]),
    reduce: &[],
};

/// The contact person as a meeting's attendee: the name goes, the organisation stays.
pub const ATTENDEE_ROW: RowPolicy = RowPolicy {
    table: "meeting_attendees",
    text: Fields::Only(&[
        "id",
        "meeting_id",
        "contact_id",
        "financier_id",
        "organisation",
    ]),
    clear: &[],
    replace: &[],
    reduce: &[],
};

/// The meeting entries that name the contact person as attendee.
pub const ATTENDEE_LOG: LogPolicy = LogPolicy {
    entity: "meeting",
    fields: Fields::These(&["attendee"]),
    reduce: &[],
};

fn erased(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        _ => Value::String(ERASED.to_string()),
    }
}

fn redact_item(item: &Value, nested: &[&str], reduce: Option<Reducer>) -> Value {
    match (item, reduce) {
        (Value::Null, _) => Value::Null,
        (Value::String(text), Some(reduce)) => {
            reduce(text).map_or(Value::Null, |category| Value::String(category.to_string()))
        }
        (Value::Object(object), _) if !nested.is_empty() => Value::Object(
            object
                .iter()
                .map(|(key, value)| {
                    (
                        key.clone(),
                        if nested.contains(&key.as_str()) {
                            value.clone()
                        } else {
                            erased(value)
                        },
                    )
                })
                .collect(),
        ),
        (other, _) => erased(other),
    }
}

/// The values of one log entry (`{"field": [old, new]}`) with what `policy` does not keep
/// erased: each old and new value that held something becomes [`ERASED`], a `null` stays
/// `null`, so the entry still says which fields changed and when.
pub fn redact_changes(changes: &Value, policy: &LogPolicy) -> Value {
    let Some(map) = changes.as_object() else {
        return changes.clone();
    };
    let out = map
        .iter()
        .map(|(field, pair)| {
            if policy.fields.keeps(field) {
                return (field.clone(), pair.clone());
            }
            let reduce = policy
                .reduce
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, r)| *r);
            let nested = policy.fields.nested(field);
            let value = match pair {
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .map(|item| redact_item(item, &nested, reduce))
                        .collect(),
                ),
                other => redact_item(other, &nested, reduce),
            };
            (field.clone(), value)
        })
        .collect();
    Value::Object(out)
}

/// The day a closed case closed, from what the store knows of it: the day it was deleted;
/// else the day of its last status change in the change log; else — a case stored already at
/// its outcome (an import, the demo) — the day of its outcome; else the day it was stored.
/// The day an import typed it in says nothing about when the case closed.
pub fn closed_on(
    deleted_on: Option<NaiveDate>,
    status_changed_on: Option<NaiveDate>,
    outcome_on: Option<NaiveDate>,
    created_on: Option<NaiveDate>,
) -> Option<NaiveDate> {
    deleted_on
        .or(status_changed_on)
        .or(outcome_on)
        .or(created_on)
}

/// The day before which a case must have closed to be anonymised on `today`: `months`
/// calendar months back (the end of a shorter month where the day does not exist).
pub fn retention_cutoff(today: NaiveDate, months: u32) -> Option<NaiveDate> {
    today.checked_sub_months(Months::new(months))
}

/// A retention period as typed: 0 turns the rule off (`None`); more than
/// [`MAX_RETENTION_MONTHS`] is refused.
pub fn check_retention_months(months: u32) -> Result<Option<u32>, FieldError> {
    if months > MAX_RETENTION_MONTHS {
        return Err(FieldError {
            field: "months".into(),
            code: "retention_months".into(),
            message: format!(
                "De bewaartermijn is hoogstens {MAX_RETENTION_MONTHS} maanden (0 zet de regel uit); {months} kan niet."
            ),
            message_en: format!(
                "The retention period is at most {MAX_RETENTION_MONTHS} months (0 turns the rule off); {months} is not possible."
            ),
        });
    }
    Ok(if months == 0 { None } else { Some(months) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_company_entry_keeps_only_the_province_and_a_known_legal_form() {
        let changes = json!({
            "name": [null, "Bakkerij Zonnedauw BV"], "kvk": ["71234567", null], "province": [null, "UT"],
            "legal_form": ["B.V.", "vof van Jan"], "employees": [3, 4], "natural_person": [false, true]
        });
        let redacted = redact_changes(&changes, &COMPANY_LOG);
        assert_eq!(
            redacted,
            json!({
                "name": [null, ERASED], "kvk": [ERASED, null], "province": [null, "UT"],
                "legal_form": ["BV", null], "employees": [ERASED, ERASED], "natural_person": [false, true]
            })
        );
    }

    #[test]
    fn a_case_entry_keeps_the_figures_and_the_kind_of_export_but_not_its_file() {
        let changes = json!({
            "status": ["screening", "ready"], "amount_cents": [null, 4_000_000], "notes": ["belde met Jan", null],
            "capital_types": [null, ["microcredit"]],
            "export": [null, {"document": "case_summary", "version": "named", "lang": "nl", "file": "/home/m/Zonnedauw.pdf"}]
        });
        let redacted = redact_changes(&changes, case_log_policy("case").expect("case policy"));
        assert_eq!(redacted["status"], json!(["screening", "ready"]));
        assert_eq!(redacted["amount_cents"], json!([null, 4_000_000]));
        assert_eq!(redacted["capital_types"], json!([null, ["microcredit"]]));
        assert_eq!(redacted["notes"], json!([ERASED, null]));
        assert_eq!(
            redacted["export"],
            json!([null, {"document": "case_summary", "version": "named", "lang": "nl", "file": ERASED}])
        );
    }

    #[test]
    fn a_field_added_later_is_erased_unless_a_policy_keeps_it() {
        let changes = json!({"case_id": ["c1", "c1"], "something_new": [null, "Jan de Vries"]});
        let redacted = redact_changes(
            &changes,
            case_log_policy("referral").expect("referral policy"),
        );
        assert_eq!(
            redacted,
            json!({"case_id": ["c1", "c1"], "something_new": [null, ERASED]})
        );
    }

    #[test]
    fn only_the_named_fields_go_for_a_contact_person() {
        let changes = json!({"name": [null, "Zonnedauw"], "contact_email": [null, "jan@zonnedauw.nl"], "contact_phone": ["06", null]});
        let redacted = redact_changes(&changes, &COMPANY_CONTACT_LOG);
        assert_eq!(
            redacted,
            json!({"name": [null, "Zonnedauw"], "contact_email": [null, ERASED], "contact_phone": [ERASED, null]})
        );
    }

    #[test]
    fn row_policies_say_what_becomes_of_each_column() {
        assert!(matches!(
            COMPANY_ROW.action("name", "TEXT"),
            ColumnAction::Replace(ERASED_COMPANY_NAME)
        ));
        let kind = |action: ColumnAction| match action {
            ColumnAction::Keep => "keep",
            ColumnAction::Mark => "mark",
            ColumnAction::Clear => "clear",
            ColumnAction::Replace(_) => "replace",
            ColumnAction::Reduce(_) => "reduce",
        };
        for (policy, column, sql_type, expected, why) in [
            (&COMPANY_ROW, "kvk", "TEXT", "clear", ""),
            (&COMPANY_ROW, "turnover_cents", "INTEGER", "clear", ""),
            (&COMPANY_ROW, "province", "TEXT", "keep", ""),
            (&COMPANY_ROW, "natural_person", "INTEGER", "keep", ""),
            (
                &COMPANY_ROW,
                "website",
                "TEXT",
                "mark",
                "a text column added later is erased",
            ),
            (&COMPANY_ROW, "legal_form", "TEXT", "reduce", ""),
            (&COMPANY_CONTACT_ROW, "name", "TEXT", "keep", ""),
            (&COMPANY_CONTACT_ROW, "contact_email", "TEXT", "clear", ""),
        ] {
            assert_eq!(
                kind(policy.action(column, sql_type)),
                expected,
                "{}.{column} {why}",
                policy.table
            );
        }
    }

    #[test]
    fn the_cutoff_is_whole_calendar_months_back() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(
            retention_cutoff(day(2026, 11, 21), 24),
            Some(day(2024, 11, 21))
        );
        assert_eq!(
            retention_cutoff(day(2026, 3, 31), 1),
            Some(day(2026, 2, 28))
        );
        assert_eq!(check_retention_months(0).expect("off"), None);
        assert_eq!(check_retention_months(24).expect("24"), Some(24));
        assert!(check_retention_months(MAX_RETENTION_MONTHS + 1).is_err());
    }

    #[test]
    fn a_case_closes_on_its_deletion_its_last_status_change_or_its_recorded_outcome() {
        let day = |y, m, d| Some(NaiveDate::from_ymd_opt(y, m, d).expect("date"));
        assert_eq!(
            closed_on(
                day(2026, 5, 1),
                day(2025, 1, 1),
                day(2024, 1, 1),
                day(2023, 1, 1)
            ),
            day(2026, 5, 1)
        );
        assert_eq!(
            closed_on(None, day(2025, 1, 1), day(2024, 1, 1), day(2023, 1, 1)),
            day(2025, 1, 1)
        );
        assert_eq!(
            closed_on(None, None, day(2024, 1, 1), day(2026, 1, 1)),
            day(2024, 1, 1),
            "imported at its outcome"
        );
        assert_eq!(
            closed_on(None, None, None, day(2026, 1, 1)),
            day(2026, 1, 1)
        );
    }
}

//! Field-level validation errors, with Dutch and English messages.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One rejected field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// Path of the field, e.g. `company.kvk` or `amount_eur`.
    pub field: String,
    /// Stable code, e.g. `kvk_format`.
    pub code: String,
    /// Dutch message for the user.
    pub message: String,
    /// English message for the user.
    pub message_en: String,
}

/// Collects field errors while a whole input is checked, so the user sees all at once.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    errors: Vec<FieldError>,
}

impl Problems {
    /// Records a rejected field.
    pub fn add(&mut self, field: &str, code: &str, nl: impl Into<String>, en: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: nl.into(),
            message_en: en.into(),
        });
    }

    /// Records a missing required field.
    pub fn required(&mut self, field: &str, label_nl: &str, label_en: &str) {
        self.add(
            field,
            "required",
            format!("{label_nl} is verplicht."),
            format!("{label_en} is required."),
        );
    }

    /// Records a value that is not in the taxonomy (`label`: the field's Dutch and English name).
    pub fn unknown_value(&mut self, field: &str, (label_nl, label_en): (&str, &str), value: &str) {
        self.add(
            field,
            "unknown_value",
            format!("{label_nl} \"{value}\" is geen bekende waarde; kies er een uit de lijst."),
            format!("{label_en} \"{value}\" is not a known value; choose one from the list."),
        );
    }

    /// True when nothing was rejected.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The collected errors.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// `Ok(value)` when nothing was rejected, otherwise the errors.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

/// Normalises a KvK number ("7123 4567", "71.23.45.67") to its 8 digits, or explains why not.
pub fn normalise_kvk(raw: &str) -> Result<String, (&'static str, String, String)> {
    let digits: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect();
    if digits.chars().all(|c| c.is_ascii_digit()) && digits.len() == 8 {
        Ok(digits)
    } else {
        Err((
            "kvk_format",
            format!(
                "KvK-nummer moet uit precies 8 cijfers bestaan (ingevuld: \"{}\").",
                raw.trim()
            ),
            format!(
                "KvK number must be exactly 8 digits (given: \"{}\").",
                raw.trim()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kvk_accepts_grouped_digits_and_refuses_others() {
        assert_eq!(
            normalise_kvk("7123 4567").ok(),
            Some("71234567".to_string())
        );
        assert_eq!(
            normalise_kvk("71.23.45.67").ok(),
            Some("71234567".to_string())
        );
        assert!(normalise_kvk("1234567").is_err());
        assert!(normalise_kvk("123456789").is_err());
        assert!(normalise_kvk("1234567a").is_err());
    }
}

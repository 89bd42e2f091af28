//! Which column of a sheet fills which field: what the case import and the register import
//! share. Each import declares its fields with [`sheet_fields!`] (path, Dutch and English
//! label, how the cell is read, required, header synonyms); guessing a mapping from the
//! headers and checking a given one work the same for both.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::FieldError;
use crate::error::{Error, Result};
use crate::import::cases::fold;

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
    /// A kind of financier.
    FinancierType,
    /// A region: a province or the whole country.
    Region,
    /// Whether a list of sectors or stages is a focus or a mandate.
    ListMode,
}

impl FieldKind {
    /// The taxonomy list (as the UI's `Taxonomy` names it) a field's values come from.
    pub(crate) fn taxonomy(self) -> Option<&'static str> {
        Some(match self {
            FieldKind::CapitalTypes => "capital_types",
            FieldKind::Province => "provinces",
            FieldKind::Purpose => "purposes",
            FieldKind::Stage => "stages",
            FieldKind::Sector => "sectors",
            FieldKind::Source => "sources",
            FieldKind::Disclosure => "disclosures",
            FieldKind::Status => "case_statuses",
            FieldKind::FinancierType => "financier_types",
            FieldKind::Region => "regions",
            FieldKind::ListMode => "list_modes",
            FieldKind::Text
            | FieldKind::Amount
            | FieldKind::Number
            | FieldKind::Date
            | FieldKind::Bool => return None,
        })
    }
}

/// A field a sheet column can fill, as declared by [`sheet_fields!`].
pub trait SheetField: Copy + Eq + std::fmt::Debug + 'static {
    /// Every field, in form order.
    fn all() -> &'static [Self];
    /// The field's path, e.g. `company.kvk` or `ticket_min_eur`.
    fn path(self) -> &'static str;
    /// Dutch label.
    fn label_nl(self) -> &'static str;
    /// English label.
    fn label_en(self) -> &'static str;
    /// True when a row cannot be stored without it.
    fn required(self) -> bool;
    /// The taxonomy list its values come from (`provinces`, `capital_types`, …), if any.
    fn taxonomy(self) -> Option<&'static str>;
    /// Headers (folded, see [`fold`]) that mean this field, strongest first.
    fn synonyms(self) -> &'static [&'static str];
    /// The field with this path.
    fn from_path(path: &str) -> Option<Self>;
}

/// What every import's field declarations must hold, for its tests: each path names its field,
/// and each synonym is folded and means one field only.
#[cfg(test)]
pub(crate) fn check_synonyms<F: SheetField>() {
    let mut seen = std::collections::HashMap::new();
    for field in F::all() {
        assert_eq!(F::from_path(field.path()), Some(*field));
        for synonym in field.synonyms() {
            assert_eq!(fold(synonym), *synonym, "{synonym} is folded");
            if let Some(other) = seen.insert(*synonym, *field) {
                panic!("{synonym} means both {other:?} and {field:?}");
            }
        }
    }
}

/// Declares the importable fields of one import: an enum with path, labels, kind, required
/// and header synonyms (folded) per field, and its [`SheetField`] implementation.
macro_rules! sheet_fields {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $variant:ident = $path:literal, $nl:literal, $en:literal, $kind:ident, $required:literal, [$($syn:literal),* $(,)?]; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( #[doc = $en] $variant, )+
        }

        impl $name {
            /// Every field, in form order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The field's path.
            pub fn path(self) -> &'static str {
                match self { $( $name::$variant => $path, )+ }
            }

            /// Dutch label.
            pub fn label_nl(self) -> &'static str {
                match self { $( $name::$variant => $nl, )+ }
            }

            /// English label.
            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en, )+ }
            }

            /// True when a row cannot be stored without it.
            pub fn required(self) -> bool {
                match self { $( $name::$variant => $required, )+ }
            }

            pub(crate) fn kind(self) -> $crate::import::mapping::FieldKind {
                match self { $( $name::$variant => $crate::import::mapping::FieldKind::$kind, )+ }
            }

            /// Headers (folded) that mean this field.
            fn synonyms(self) -> &'static [&'static str] {
                match self { $( $name::$variant => &[$($syn),*], )+ }
            }

            /// The field with this path.
            pub fn from_path(path: &str) -> Option<$name> {
                match path { $( $path => Some($name::$variant), )+ _ => None }
            }
        }

        impl $crate::import::mapping::SheetField for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn path(self) -> &'static str {
                $name::path(self)
            }
            fn label_nl(self) -> &'static str {
                $name::label_nl(self)
            }
            fn label_en(self) -> &'static str {
                $name::label_en(self)
            }
            fn required(self) -> bool {
                $name::required(self)
            }
            fn taxonomy(self) -> Option<&'static str> {
                $name::kind(self).taxonomy()
            }
            fn synonyms(self) -> &'static [&'static str] {
                $name::synonyms(self)
            }
            fn from_path(path: &str) -> Option<Self> {
                $name::from_path(path)
            }
        }
    };
}

pub(crate) use sheet_fields;

/// Gives a sheet's mapping type (a struct with `columns: Vec<ColumnMapping>`) the methods every
/// import's mapping has, for its field type: checking against headers, following the sheet's
/// order, loading and saving.
macro_rules! mapping_methods {
    ($mapping:ident, $field:ty) => {
        impl $mapping {
            /// Checks the mapping against the sheet's headers: every field known and used once,
            /// every named column present (matched case-insensitively). Columns not named are skipped.
            pub fn resolve(
                &self,
                headers: &[String],
            ) -> $crate::error::Result<$crate::import::mapping::Resolved<$field>> {
                $crate::import::mapping::resolve_columns(&self.columns, headers)
            }

            /// The mapping for every header of the sheet, in sheet order (`None` where not named).
            pub fn for_headers(&self, headers: &[String]) -> $mapping {
                $mapping {
                    columns: $crate::import::mapping::columns_for_headers(&self.columns, headers),
                }
            }

            /// Reads a mapping saved as JSON: `{"columns": [...]}` or just the array.
            pub fn load(path: &std::path::Path) -> $crate::error::Result<$mapping> {
                Ok($mapping {
                    columns: $crate::import::mapping::load_columns(path)?,
                })
            }

            /// Saves the mapping as pretty JSON.
            pub fn save(&self, path: &std::path::Path) -> $crate::error::Result<()> {
                $crate::import::mapping::save_mapping(self, path)
            }
        }
    };
}

pub(crate) use mapping_methods;

/// One column of a sheet and the field it fills (`None`: not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMapping {
    /// The column's header as it is in the sheet.
    pub column: String,
    /// Path of the field, e.g. `company.kvk` or `amount_eur`; `null` to skip the column.
    pub field: Option<String>,
}

/// A field a column can fill, for the mapping picker in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportField {
    /// Path, e.g. `company.kvk`.
    pub path: String,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// A row cannot be stored without it.
    pub required: bool,
    /// The taxonomy list its values come from (`provinces`, `capital_types`, …), so an
    /// example value reads by its label, not its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub taxonomy: Option<String>,
}

/// Every field of `F` a column can fill.
pub fn fields_of<F: SheetField>() -> Vec<ImportField> {
    F::all()
        .iter()
        .map(|f| ImportField {
            path: f.path().into(),
            label_nl: f.label_nl().into(),
            label_en: f.label_en().into(),
            required: f.required(),
            taxonomy: f.taxonomy().map(str::to_string),
        })
        .collect()
}

/// Guesses the field of every header, ignoring case, accents and punctuation; each field
/// goes to at most one column: exact synonyms first, then headers containing one.
pub fn guess_columns<F: SheetField>(headers: &[String]) -> Vec<ColumnMapping> {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let mut chosen: Vec<Option<F>> = vec![None; headers.len()];
    // Exact matches first, strongest synonym first: "Datum intake" gets intake_date before "Datum" could.
    let mut exact: Vec<(usize, usize, F)> = Vec::new();
    for (index, header) in folded.iter().enumerate() {
        for field in F::all() {
            if let Some(rank) = field.synonyms().iter().position(|s| *s == header.as_str()) {
                exact.push((rank, index, *field));
            }
        }
    }
    exact.sort_by_key(|(rank, index, _)| (*rank, *index));
    assign(
        &mut chosen,
        exact.into_iter().map(|(_, index, field)| (index, field)),
    );
    // Then headers that contain a synonym as whole words ("Gevraagd bedrag (excl. btw)"), longest first.
    let mut contained: Vec<(usize, usize, F)> = Vec::new();
    for (index, header) in folded.iter().enumerate() {
        for field in F::all() {
            for synonym in field
                .synonyms()
                .iter()
                .filter(|s| s.len() >= 4 && contains_words(header, s))
            {
                contained.push((synonym.len(), index, *field));
            }
        }
    }
    contained.sort_by_key(|(len, index, _)| (std::cmp::Reverse(*len), *index));
    assign(
        &mut chosen,
        contained
            .into_iter()
            .map(|(_, index, field)| (index, field)),
    );
    headers
        .iter()
        .zip(chosen)
        .map(|(column, field)| ColumnMapping {
            column: column.clone(),
            field: field.map(|f| f.path().to_string()),
        })
        .collect()
}

/// True when the folded `header` holds `phrase` as whole words: `" {header} "` contains
/// `" {phrase} "`, without building either string (this runs for every header, field and synonym).
fn contains_words(header: &str, phrase: &str) -> bool {
    let bytes = header.as_bytes();
    // Every word start, tried in turn: matches may overlap ("ab ab" in "abab ab ab").
    let mut starts = std::iter::once(0).chain(
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b' ')
            .map(|(i, _)| i + 1),
    );
    starts.any(|at| {
        let end = at + phrase.len();
        header
            .get(at..)
            .is_some_and(|rest| rest.starts_with(phrase))
            && (end == bytes.len() || bytes.get(end) == Some(&b' '))
    })
}

/// Gives each candidate's column its field, unless the column or the field is already taken.
fn assign<F: SheetField>(chosen: &mut [Option<F>], candidates: impl Iterator<Item = (usize, F)>) {
    for (index, field) in candidates {
        if chosen[index].is_none() && !chosen.contains(&Some(field)) {
            chosen[index] = Some(field);
        }
    }
}

/// A mapping checked against a sheet's headers: `(column index, field)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<F> {
    /// Column index in the sheet and the field it fills.
    pub fields: Vec<(usize, F)>,
}

impl<F: SheetField> Resolved<F> {
    /// The paths of the required fields no column fills (what a preview warns of).
    pub fn missing_required(&self) -> Vec<String> {
        F::all()
            .iter()
            .filter(|f| f.required() && !self.fields.iter().any(|(_, g)| g == *f))
            .map(|f| f.path().to_string())
            .collect()
    }

    /// The column that fills `field`.
    pub fn column_of(&self, field: F) -> Option<usize> {
        self.fields
            .iter()
            .find(|(_, f)| *f == field)
            .map(|(c, _)| *c)
    }
}

/// Checks mapped columns against the sheet's headers: every field known and used once,
/// every named column present (matched case-insensitively). Columns not named are skipped.
pub fn resolve_columns<F: SheetField>(
    columns: &[ColumnMapping],
    headers: &[String],
) -> Result<Resolved<F>> {
    let mut problems = Vec::new();
    let mut fields: Vec<(usize, F)> = Vec::new();
    for entry in columns {
        let Some(path) = entry
            .field
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        else {
            continue;
        };
        let Some(field) = F::from_path(path) else {
            problems.push(mapping_error(
                "mapping_unknown_field",
                format!("Kolom \"{}\": veld \"{path}\" bestaat niet.", entry.column),
                format!("Column \"{}\": there is no field \"{path}\".", entry.column),
            ));
            continue;
        };
        let Some(index) = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(entry.column.trim()))
        else {
            problems.push(mapping_error(
                "mapping_unknown_column",
                format!(
                    "Kolom \"{}\" uit de koppeling staat niet in het bestand.",
                    entry.column
                ),
                format!(
                    "Column \"{}\" of the mapping is not in the file.",
                    entry.column
                ),
            ));
            continue;
        };
        if let Some((other, _)) = fields.iter().find(|(_, f)| *f == field) {
            problems.push(mapping_error(
                "mapping_field_twice",
                format!(
                    "Veld {} ({path}) is aan twee kolommen gekoppeld: \"{}\" en \"{}\".",
                    field.label_nl(),
                    headers[*other],
                    entry.column
                ),
                format!(
                    "Field {} ({path}) is mapped to two columns: \"{}\" and \"{}\".",
                    field.label_en(),
                    headers[*other],
                    entry.column
                ),
            ));
            continue;
        }
        fields.push((index, field));
    }
    if problems.is_empty() {
        Ok(Resolved { fields })
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The mapped columns for every header of the sheet, in sheet order (`None` where not named).
pub fn columns_for_headers(columns: &[ColumnMapping], headers: &[String]) -> Vec<ColumnMapping> {
    headers
        .iter()
        .map(|h| ColumnMapping {
            column: h.clone(),
            field: columns
                .iter()
                .find(|c| c.column.trim().eq_ignore_ascii_case(h.trim()))
                .and_then(|c| c.field.clone()),
        })
        .collect()
}

/// Reads mapped columns saved as JSON: `{"columns": [...]}` or just the array.
pub fn load_columns(path: &Path) -> Result<Vec<ColumnMapping>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    #[derive(Deserialize)]
    struct Object {
        columns: Vec<ColumnMapping>,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Object(Object),
        List(Vec<ColumnMapping>),
    }
    let saved: Saved = serde_json::from_str(&text).map_err(|source| Error::Json {
        context: format!("koppeling {}", path.display()),
        source,
    })?;
    Ok(match saved {
        Saved::Object(mapping) => mapping.columns,
        Saved::List(columns) => columns,
    })
}

/// Saves a mapping (`{"columns": [...]}`) as pretty JSON.
pub fn save_mapping<T: Serialize>(mapping: &T, path: &Path) -> Result<()> {
    let text = serde_json::to_string_pretty(mapping).map_err(|source| Error::Json {
        context: "koppeling".into(),
        source,
    })?;
    crate::files::write_atomic(path, (text + "\n").as_bytes())
}

fn mapping_error(code: &str, nl: String, en: String) -> FieldError {
    FieldError {
        field: "mapping".into(),
        code: code.into(),
        message: nl,
        message_en: en,
    }
}

#[cfg(test)]
mod tests {
    use super::contains_words;

    #[test]
    fn whole_words_only() {
        for (header, phrase, expected) in [
            ("gevraagd bedrag excl btw", "gevraagd bedrag", true),
            ("totaal gevraagd bedrag", "gevraagd bedrag", true),
            ("datum intake", "intake", true),
            ("intakedatum", "intake", false),
            ("herintake", "intake", false),
            ("intake intakes", "intakes", true),
            ("kvk", "kvk", true),
            ("", "kvk", false),
            ("abab ab ab", "ab ab", true),
        ] {
            assert_eq!(
                contains_words(header, phrase),
                expected,
                "{header:?} {phrase:?}"
            );
            assert_eq!(
                format!(" {header} ").contains(&format!(" {phrase} ")),
                expected,
                "{header:?} {phrase:?}"
            );
        }
    }
}

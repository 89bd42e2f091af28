//! The vocabulary of reading spreadsheets, shared by the import (which reads them) and the
//! error (which reports a refused one): which limit a file exceeds, a cell's Excel name and
//! the text encoding a CSV was read in. Pure: no I/O.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which of the `SheetLimits` (`crate::import::sheet`) a file exceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLimit {
    /// The file itself (bytes).
    FileSize,
    /// The XLSX once unpacked (bytes).
    UnpackedSize,
    /// The number of distinct texts an XLSX declares (its shared strings).
    SharedStrings,
    /// Data rows below the header.
    Rows,
    /// Columns.
    Columns,
    /// Characters in one cell.
    CellText,
    /// Cells (data rows × columns).
    Cells,
}

/// A cell as Excel names it (`C17`): its row number and zero-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    /// Row number as Excel shows it (from 1).
    pub row_number: usize,
    /// Zero-based column (0 is `A`).
    pub column: usize,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.column), self.row_number)
    }
}

impl SheetLimit {
    /// The Dutch message for a file `path` that has `found` where `max` is allowed.
    pub fn message_nl(self, path: &Path, max: u64, found: u64, cell: Option<CellRef>) -> String {
        let name = path.display();
        let at = cell
            .map(|c| format!("; cel {c} is niet leeg"))
            .unwrap_or_default();
        match self {
            SheetLimit::FileSize => format!(
                "{name} is te groot om te importeren: het bestand is {} (de grens is {}). Splits het bestand in kleinere delen.",
                megabytes_nl(found),
                megabytes_nl(max)
            ),
            SheetLimit::UnpackedSize => format!(
                "{name} is te groot om te importeren: uitgepakt is het {} (de grens is {}). Splits het bestand of verwijder werkbladen die u niet importeert.",
                megabytes_nl(found),
                megabytes_nl(max)
            ),
            SheetLimit::SharedStrings => format!(
                "{name} is te groot om te importeren: het bestand meldt {} verschillende teksten (de grens is {}). Sla het opnieuw op in Excel of splits het.",
                thousands_nl(found),
                thousands_nl(max)
            ),
            SheetLimit::Rows => format!(
                "{name} is te groot om te importeren: {} rijen onder de kopregel (de grens is {}){at}. Splits het bestand of verwijder lege rijen.",
                thousands_nl(found),
                thousands_nl(max)
            ),
            SheetLimit::Columns => format!(
                "{name} is te groot om te importeren: {} kolommen (de grens is {}){at}. Verwijder de kolommen die u niet importeert.",
                thousands_nl(found),
                thousands_nl(max)
            ),
            SheetLimit::CellText => format!(
                "{name} is te groot om te importeren: cel {} bevat {} tekens (de grens is {}, dezelfde als in Excel). Kort de tekst in die cel in.",
                cell.map(|c| c.to_string()).unwrap_or_else(|| "?".into()),
                thousands_nl(found),
                thousands_nl(max)
            ),
            SheetLimit::Cells => format!(
                "{name} is te groot om te importeren: {} cellen (rijen × kolommen; de grens is {}). Splits het bestand of verwijder de kolommen die u niet importeert.",
                thousands_nl(found),
                thousands_nl(max)
            ),
        }
    }

    /// The English message for a file `path` that has `found` where `max` is allowed.
    pub fn message_en(self, path: &Path, max: u64, found: u64, cell: Option<CellRef>) -> String {
        let name = path.display();
        let at = cell
            .map(|c| format!("; cell {c} is not empty"))
            .unwrap_or_default();
        match self {
            SheetLimit::FileSize => {
                format!(
                    "{name} is too large to import: the file is {} (the limit is {}). Split the file.",
                    megabytes_en(found),
                    megabytes_en(max)
                )
            }
            SheetLimit::UnpackedSize => format!(
                "{name} is too large to import: it unpacks to {} (the limit is {}). Split the file or remove sheets you do not import.",
                megabytes_en(found),
                megabytes_en(max)
            ),
            SheetLimit::SharedStrings => format!(
                "{name} is too large to import: it declares {} distinct texts (the limit is {}). Save it again in Excel or split it.",
                thousands_en(found),
                thousands_en(max)
            ),
            SheetLimit::Rows => format!(
                "{name} is too large to import: {} rows below the header (the limit is {}){at}. Split the file or remove empty rows.",
                thousands_en(found),
                thousands_en(max)
            ),
            SheetLimit::Columns => format!(
                "{name} is too large to import: {} columns (the limit is {}){at}. Remove the columns you do not import.",
                thousands_en(found),
                thousands_en(max)
            ),
            SheetLimit::CellText => format!(
                "{name} is too large to import: cell {} holds {} characters (the limit is {}, as in Excel). Shorten the text in that cell.",
                cell.map(|c| c.to_string()).unwrap_or_else(|| "?".into()),
                thousands_en(found),
                thousands_en(max)
            ),
            SheetLimit::Cells => format!(
                "{name} is too large to import: {} cells (rows × columns; the limit is {}). Split the file or remove the columns you do not import.",
                thousands_en(found),
                thousands_en(max)
            ),
        }
    }
}

/// `1048576` as `1.048.576`, the Dutch way.
fn thousands_nl(n: u64) -> String {
    super::format::group_digits(n, '.')
}

/// `1048576` as `1,048,576`.
fn thousands_en(n: u64) -> String {
    super::format::group_digits(n, ',')
}

/// Bytes in MiB as Windows Explorer shows them (`61,2 MB`, `50 MB`).
fn megabytes_nl(bytes: u64) -> String {
    megabytes_en(bytes).replace('.', ",")
}

fn megabytes_en(bytes: u64) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() as u64;
    match tenths % 10 {
        0 => format!("{} MB", tenths / 10),
        decimal => format!("{}.{decimal} MB", tenths / 10),
    }
}

/// The character encoding a text file (CSV) was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TextEncoding {
    /// UTF-8, with or without BOM (Excel's "CSV UTF-8").
    Utf8,
    /// UTF-16 little-endian, announced by its BOM (Excel's "Unicode text" on Windows).
    Utf16Le,
    /// UTF-16 big-endian, announced by its BOM.
    Utf16Be,
    /// Windows-1252: bytes that are not UTF-8 and no BOM (older Excel's plain "CSV").
    Windows1252,
}

impl TextEncoding {
    /// The name of the encoding, the same in Dutch and English (`UTF-16 LE`).
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    /// For an import preview: `gelezen als Windows-1252`.
    pub fn read_as_nl(self) -> String {
        format!("gelezen als {}", self.label())
    }

    /// For an import preview: `read as Windows-1252`.
    pub fn read_as_en(self) -> String {
        format!("read as {}", self.label())
    }

    /// Every encoding a sheet may be read in.
    pub const ALL: &'static [TextEncoding] = &[
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ];

    /// Each encoding's identifier (as serialised) with its name, for the UI's taxonomy.
    pub fn labels() -> Vec<super::TaxonomyLabel> {
        Self::ALL
            .iter()
            .map(|e| {
                let id = serde_json::to_value(e)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                super::TaxonomyLabel {
                    id,
                    nl: e.label().into(),
                    en: e.label().into(),
                }
            })
            .collect()
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// `A`, `B`, …, `Z`, `AA`: the Excel name of a zero-based column.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_read_the_dutch_way() {
        assert_eq!(thousands_nl(1_048_576), "1.048.576");
        assert_eq!(thousands_nl(200), "200");
        assert_eq!(thousands_en(200_000), "200,000");
        assert_eq!(megabytes_nl(50 * 1024 * 1024), "50 MB");
        assert_eq!(megabytes_nl(64_172_851), "61,2 MB");
        assert_eq!(megabytes_en(64_172_851), "61.2 MB");
        assert_eq!(
            CellRef {
                row_number: 17,
                column: 2
            }
            .to_string(),
            "C17"
        );
    }
}

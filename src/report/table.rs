//! A report as typed cells, before it is written as XLSX or CSV.

use chrono::NaiveDate;

/// One cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// An amount in euro cents, shown in euros.
    Euros(i64),
    /// A whole number.
    Number(i64),
    /// A date.
    Date(NaiveDate),
}

impl Cell {
    /// Text, or empty for `None`.
    pub fn text(value: Option<impl Into<String>>) -> Cell {
        value
            .map(Into::into)
            .filter(|s: &String| !s.is_empty())
            .map_or(Cell::Empty, Cell::Text)
    }

    /// Euros, or empty for `None`.
    pub fn euros(cents: Option<i64>) -> Cell {
        cents.map_or(Cell::Empty, Cell::Euros)
    }

    /// A date, or empty for `None`.
    pub fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Empty, Cell::Date)
    }

    /// A number, or empty for `None`.
    pub fn number(value: Option<impl Into<i64>>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Number(v.into()))
    }
}

/// A column: Dutch header and width in Excel characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub header: &'static str,
    /// Width in characters.
    pub width: f64,
}

/// A report: a sheet name, columns and rows of cells (one per column).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Name of the worksheet.
    pub name: &'static str,
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

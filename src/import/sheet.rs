//! Reading a spreadsheet (`.csv` or `.xlsx`) into text cells with the row numbers
//! the user sees in Excel.
//!
//! CSV: the `;`, tab or `,` delimiter is detected from the header line (Dutch Excel writes
//! `;`, its "Unicode text" export tabs); UTF-8 with or without BOM, UTF-16 with a BOM, and
//! Windows-1252 for files saved by older Excel — the encoding used is kept on the
//! [`Sheet`]. XLSX: the first worksheet, read cell by cell with calamine; numbers and dates
//! become text as a person would type them (`71234567`, `2025-02-03`).
//!
//! Every read is bounded by [`SheetLimits`]: the file size is checked before reading, an
//! XLSX's unpacked size before unpacking, and rows, columns, cell text and cells while
//! reading, so one hostile file gets a clear refusal ([`Error::SheetTooLarge`]) instead of
//! exhausting memory. Only cells with content count: a formatted but empty cell far away
//! costs nothing.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};

use crate::domain::cell_text::restore_formula;
use crate::domain::sheet::{CellRef, SheetLimit, TextEncoding, column_letters};
use crate::error::{Error, Result};

/// The largest file read as a sheet (CSV or XLSX): 50 MiB, far above any financing table
/// (the 10,000-case example is well under 1 MiB), and small enough to hold in memory.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most an XLSX may unpack to, summed over the sizes its parts declare (the zip reader
/// refuses a part that unpacks to more than it declares): 512 MiB, about ten times the
/// largest accepted file, as XML compresses.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// The most data rows below the header, counted from the header to the last row with
/// content (empty rows in between count: Excel shows them too).
pub const MAX_ROWS: usize = 200_000;
/// The most columns, from the first to the last column with content.
pub const MAX_COLUMNS: usize = 200;
/// The most characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most cells (data rows × columns) a table may span. Rows and columns each within
/// their limit can still multiply to 40 million cells; this keeps the table in memory
/// to a few hundred MiB at most.
pub const MAX_CELLS: usize = 10_000_000;

/// The bounds one read of a sheet keeps to; [`SheetLimits::DEFAULT`] are the constants above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetLimits {
    /// Largest file, in bytes.
    pub file_bytes: u64,
    /// Largest unpacked XLSX, in bytes.
    pub unpacked_bytes: u64,
    /// Most data rows below the header.
    pub rows: usize,
    /// Most columns.
    pub columns: usize,
    /// Most characters in a cell.
    pub cell_chars: usize,
    /// Most cells (data rows × columns); also bounds the texts an XLSX declares it shares.
    pub cells: usize,
}

impl SheetLimits {
    /// The limits every import uses.
    pub const DEFAULT: SheetLimits = SheetLimits {
        file_bytes: MAX_FILE_BYTES,
        unpacked_bytes: MAX_UNPACKED_BYTES,
        rows: MAX_ROWS,
        columns: MAX_COLUMNS,
        cell_chars: MAX_CELL_CHARS,
        cells: MAX_CELLS,
    };
}

impl Default for SheetLimits {
    fn default() -> Self {
        SheetLimits::DEFAULT
    }
}

/// One data row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// Row number as the user sees it in Excel or a text editor (the header is row 1).
    pub row_number: usize,
    /// Trimmed cell texts, one per header (missing cells are empty).
    pub cells: Vec<String>,
}

/// A table read from a file: a header row and data rows of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Column names from the first row; empty names become `Kolom C`, repeated ones `Naam (2)`.
    pub headers: Vec<String>,
    /// Data rows that have at least one non-empty cell.
    pub rows: Vec<SheetRow>,
    /// The encoding a CSV was read in, so a preview can say `gelezen als Windows-1252`;
    /// `None` for XLSX and JSON, which fix their own encoding.
    pub encoding: Option<TextEncoding>,
}

impl SheetRow {
    /// The cell in `column`, or `""` past the end of the row.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

impl Sheet {
    /// Reads a `.csv` or `.xlsx` file within [`SheetLimits::DEFAULT`]; the type follows the extension.
    pub fn read(path: &Path) -> Result<Sheet> {
        Sheet::read_with_limits(path, &SheetLimits::DEFAULT)
    }

    /// [`Sheet::read`] within other limits (tests use small ones rather than 50 MiB files).
    pub fn read_with_limits(path: &Path, limits: &SheetLimits) -> Result<Sheet> {
        match extension(path).as_deref() {
            Some("csv") | Some("txt") => {
                let bytes = read_bounded(path, limits.file_bytes)?;
                csv_sheet(&bytes, path, limits)
            }
            Some("xlsx") | Some("xlsm") => xlsx_sheet(path, limits),
            _ => Err(Error::UnsupportedFile(path.to_path_buf())),
        }
    }

    /// Parses CSV bytes within [`SheetLimits::DEFAULT`]; `path` names the source in errors.
    pub fn from_csv_bytes(bytes: &[u8], path: &Path) -> Result<Sheet> {
        csv_sheet(bytes, path, &SheetLimits::DEFAULT)
    }

    /// Reads the first worksheet of an `.xlsx` file within [`SheetLimits::DEFAULT`].
    pub fn from_xlsx(path: &Path) -> Result<Sheet> {
        xlsx_sheet(path, &SheetLimits::DEFAULT)
    }

    /// Reads the first worksheet of an `.xlsx` file's bytes within `limits`; `path` names the
    /// source in errors. The same checks and streaming as [`Sheet::read`].
    pub fn from_xlsx_bytes(bytes: &[u8], path: &Path, limits: &SheetLimits) -> Result<Sheet> {
        check_file_size(path, limits.file_bytes, bytes.len() as u64)?;
        xlsx_package(std::io::Cursor::new(bytes), path, limits)
    }

    /// Parses CSV bytes within `limits`; `path` names the source in errors.
    pub fn from_csv_bytes_with_limits(
        bytes: &[u8],
        path: &Path,
        limits: &SheetLimits,
    ) -> Result<Sheet> {
        csv_sheet(bytes, path, limits)
    }

    /// Names every column (also those with data but no header) and pads rows to the header width.
    pub(crate) fn assemble(
        mut headers: Vec<String>,
        mut rows: Vec<SheetRow>,
        encoding: Option<TextEncoding>,
    ) -> Sheet {
        let width = rows
            .iter()
            .map(|r| r.cells.len())
            .chain([headers.len()])
            .max()
            .unwrap_or(0);
        // Trailing columns without header and without data are dropped.
        let used = (0..width)
            .rev()
            .find(|&c| {
                headers.get(c).is_some_and(|h| !h.is_empty())
                    || rows.iter().any(|r| !r.cell(c).is_empty())
            })
            .map_or(0, |c| c + 1);
        headers.resize(used, String::new());
        let mut seen: Vec<String> = Vec::with_capacity(used);
        for (index, header) in headers.iter_mut().enumerate() {
            if header.is_empty() {
                *header = format!("Kolom {}", column_letters(index));
            }
            let base = header.clone();
            let mut n = 2;
            while seen.iter().any(|s| s.eq_ignore_ascii_case(header)) {
                *header = format!("{base} ({n})");
                n += 1;
            }
            seen.push(header.clone());
        }
        for row in &mut rows {
            row.cells.resize(used, String::new());
        }
        Sheet {
            headers,
            rows,
            encoding,
        }
    }
}

pub(crate) fn too_large(
    path: &Path,
    limit: SheetLimit,
    max: impl TryInto<u64>,
    found: impl TryInto<u64>,
    cell: Option<CellRef>,
) -> Error {
    Error::SheetTooLarge {
        path: path.to_path_buf(),
        limit,
        max: max.try_into().unwrap_or(u64::MAX),
        found: found.try_into().unwrap_or(u64::MAX),
        cell,
    }
}

/// Refuses a file of `size` bytes when it is larger than `max`.
fn check_file_size(path: &Path, max: u64, size: u64) -> Result<()> {
    if size > max {
        return Err(too_large(path, SheetLimit::FileSize, max, size, None));
    }
    Ok(())
}

/// The whole file, refused before reading when it is larger than `max` bytes. The read
/// itself stops after `max + 1` bytes too, for a file that grows or is not a regular file.
pub(crate) fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>> {
    let io = |e| Error::io(path, e);
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    check_file_size(path, max, size)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    check_file_size(path, max, bytes.len() as u64)?;
    Ok(bytes)
}

/// Parses CSV bytes within `limits`.
fn csv_sheet(bytes: &[u8], path: &Path, limits: &SheetLimits) -> Result<Sheet> {
    check_file_size(path, limits.file_bytes, bytes.len() as u64)?;
    let (text, encoding) = decode(bytes, path)?;
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_error = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut headers: Option<Vec<String>> = None;
    let mut header_row = 1usize;
    let mut width = 0usize;
    let mut rows = Vec::new();
    // Excel shows a quoted multi-line cell as one row: count records, not raw lines,
    // but keep the blank lines Excel would show as empty rows.
    let mut extra_lines = 0usize;
    let mut lines = LineCounter::new(&text);
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let row_number =
            lines.line_of(record.position().map_or(0, |p| p.byte() as usize)) - extra_lines;
        extra_lines += record
            .iter()
            .map(|field| line_ends(field.as_bytes()))
            .sum::<usize>();
        let cells = row_cells(record.iter(), row_number, path, limits)?;
        match &headers {
            None => {
                header_row = row_number;
                width = cells.len();
                headers = Some(cells);
            }
            Some(_) if cells.is_empty() => {}
            Some(_) => {
                let below = row_number.saturating_sub(header_row);
                if below > limits.rows {
                    let first = cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
                    return Err(too_large(
                        path,
                        SheetLimit::Rows,
                        limits.rows,
                        below,
                        Some(CellRef {
                            row_number,
                            column: first,
                        }),
                    ));
                }
                width = width.max(cells.len());
                let spanned = (rows.len() + 1).saturating_mul(width);
                if spanned > limits.cells {
                    return Err(too_large(
                        path,
                        SheetLimit::Cells,
                        limits.cells,
                        spanned,
                        None,
                    ));
                }
                rows.push(SheetRow { row_number, cells });
            }
        }
    }
    Ok(Sheet::assemble(
        headers.unwrap_or_default(),
        rows,
        Some(encoding),
    ))
}

/// The cells of one CSV record up to its last non-empty one, each checked against the
/// column and cell-text limits. Empty cells past the last are not kept: Excel pads rows
/// with `;;;;` up to its used range, and those cost nothing.
fn row_cells<'r>(
    fields: impl Iterator<Item = &'r str>,
    row_number: usize,
    path: &Path,
    limits: &SheetLimits,
) -> Result<Vec<String>> {
    let mut cells: Vec<String> = Vec::new();
    for (column, field) in fields.enumerate() {
        // Tafel writes text a spreadsheet would run as a formula with a leading apostrophe;
        // reading it back takes that off, so an export imports unchanged.
        let text = restore_formula(field.trim());
        if text.is_empty() {
            continue;
        }
        let at = CellRef { row_number, column };
        if column >= limits.columns {
            return Err(too_large(
                path,
                SheetLimit::Columns,
                limits.columns,
                column + 1,
                Some(at),
            ));
        }
        check_cell_text(text, at, path, limits)?;
        cells.resize(column, String::new());
        cells.push(text.to_string());
    }
    Ok(cells)
}

pub(crate) fn check_cell_text(
    text: &str,
    at: CellRef,
    path: &Path,
    limits: &SheetLimits,
) -> Result<()> {
    // A character is at least one byte: only a long text needs counting.
    if text.len() > limits.cell_chars {
        let chars = text.chars().count();
        if chars > limits.cell_chars {
            return Err(too_large(
                path,
                SheetLimit::CellText,
                limits.cell_chars,
                chars,
                Some(at),
            ));
        }
    }
    Ok(())
}

/// Reads the first worksheet of an `.xlsx` file within `limits`.
fn xlsx_sheet(path: &Path, limits: &SheetLimits) -> Result<Sheet> {
    let io = |e| Error::io(path, e);
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    check_file_size(path, limits.file_bytes, size)?;
    xlsx_package(BufReader::new(file), path, limits)
}

/// Reads the first worksheet of an XLSX package (a file or bytes in memory) within `limits`.
fn xlsx_package<R: Read + Seek>(
    mut package: R,
    path: &Path,
    limits: &SheetLimits,
) -> Result<Sheet> {
    check_package(&mut package, path, limits)?;
    package.rewind().map_err(|e| Error::io(path, e))?;
    // calamine parses hostile input; should it panic on one (in a debug build an absurd cell
    // reference overflows its arithmetic), that is a refused file, not a crashed app.
    match catch_unwind(AssertUnwindSafe(|| {
        read_first_worksheet(package, path, limits)
    })) {
        Ok(result) => result,
        Err(_) => Err(unreadable(
            path,
            "the spreadsheet reader failed on the contents of this file",
        )),
    }
}

fn unreadable(path: &Path, message: impl Into<String>) -> Error {
    Error::SheetUnreadable {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Checks what calamine would unpack before it does: the sizes the parts declare (which
/// bound what they unpack to), and the number of shared texts, which calamine reserves
/// room for up front — a tiny file declaring a trillion would abort the process.
/// A file that is no zip at all passes: calamine reports that in its own words.
fn check_package<R: Read + Seek>(package: &mut R, path: &Path, limits: &SheetLimits) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(&mut *package) else {
        return Ok(());
    };
    let mut unpacked = 0u64;
    let mut shared_strings = Vec::new();
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        unpacked = unpacked.saturating_add(entry.size());
        if entry
            .name_raw()
            .to_ascii_lowercase()
            .ends_with(b"sharedstrings.xml")
        {
            shared_strings.push(index);
        }
    }
    if unpacked > limits.unpacked_bytes {
        return Err(too_large(
            path,
            SheetLimit::UnpackedSize,
            limits.unpacked_bytes,
            unpacked,
            None,
        ));
    }
    for index in shared_strings {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let mut head = Vec::new();
        // A damaged part (bad checksum, cut short) is left for calamine to report.
        if part
            .take(SST_HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .is_err()
        {
            continue;
        }
        match declared_string_count(&head) {
            Some(count) if count > limits.cells as u64 => {
                return Err(too_large(
                    path,
                    SheetLimit::SharedStrings,
                    limits.cells,
                    count,
                    None,
                ));
            }
            Some(_) => {}
            None => {
                return Err(unreadable(
                    path,
                    "the list of shared texts (sharedStrings.xml) does not start as a list of texts",
                ));
            }
        }
    }
    Ok(())
}

/// How much of `sharedStrings.xml` is searched for its opening `<sst>` tag; Excel writes it
/// within the first hundred bytes.
const SST_HEAD_BYTES: usize = 64 * 1024;

/// The `uniqueCount` the opening `<sst>` tag declares (0 without one), or `None` when the
/// first element is not `<sst>` or does not end within `head`. Only a plain number is
/// taken: anything else calamine ignores as well.
fn declared_string_count(head: &[u8]) -> Option<u64> {
    let mut at = 0;
    // Skip the XML declaration, comments and a doctype, as calamine does.
    let tag = loop {
        let start = at + head.get(at..)?.iter().position(|&b| b == b'<')?;
        let rest = &head[start..];
        let end_marker: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<!") {
            // A doctype could hide tags from this scan; the Office formats forbid one anyway.
            return None;
        } else {
            break &rest[1..tag_end(rest)?];
        };
        at = start
            + 2
            + rest
                .get(2..)?
                .windows(end_marker.len())
                .position(|w| w == end_marker)?
            + end_marker.len();
    };
    let name_end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    if local != b"sst" {
        return None;
    }
    let mut count = 0u64;
    let mut attributes = &tag[name_end..];
    while let Some(eq) = attributes.iter().position(|&b| b == b'=') {
        let key = attributes[..eq].trim_ascii();
        let key = key
            .rsplit(|b| b.is_ascii_whitespace())
            .next()
            .unwrap_or(key);
        let after = attributes[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_len = after[1..].iter().position(|&b| b == quote)?;
        let value = &after[1..1 + value_len];
        if key == b"uniqueCount" || key.ends_with(b":uniqueCount") {
            let digits = value.strip_prefix(b"+").unwrap_or(value);
            if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
                let n = digits.iter().fold(0u64, |n, d| {
                    n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
                });
                count = count.max(n);
            }
        }
        attributes = &after[2 + value_len..];
    }
    Some(count)
}

/// Where the tag starting `rest` ends (its `>`), skipping a `>` inside a quoted value as
/// an XML parser does.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (index, &byte) in rest.iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), _) if q == byte => quote = None,
            (None, b'>') => return Some(index),
            _ => {}
        }
    }
    None
}

/// Streams the cells present in the first worksheet — never the dense range calamine would
/// build from the declared or used dimension — and keeps those with content.
fn read_first_worksheet<R: Read + Seek>(
    package: R,
    path: &Path,
    limits: &SheetLimits,
) -> Result<Sheet> {
    let calamine_error = |e: XlsxError| unreadable(path, e.to_string());
    let mut workbook = Xlsx::new(package).map_err(calamine_error)?;
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Ok(Sheet::default());
    };
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        // A chart sheet first: no table, as calamine's own range reader has it.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Sheet::default()),
        Err(e) => return Err(calamine_error(e)),
    };
    // The declared dimension is not checked: writers declare all sorts, and only cells
    // with content count.
    let mut filled: Vec<(u32, u32, String)> = Vec::new();
    let mut bounds = Bounds::default();
    while let Some(cell) = reader.next_cell().map_err(calamine_error)? {
        let text = data_ref_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        bounds.include(row, column);
        bounds.check(path, limits)?;
        check_cell_text(
            &text,
            CellRef {
                row_number: row as usize + 1,
                column: column as usize,
            },
            path,
            limits,
        )?;
        if filled.len() >= limits.cells {
            return Err(too_large(
                path,
                SheetLimit::Cells,
                limits.cells,
                filled.len() + 1,
                None,
            ));
        }
        filled.push((row, column, text));
    }
    if filled.is_empty() {
        return Ok(Sheet::default());
    }
    // Excel writes rows in order, but nothing promises it; a stable sort keeps the last of
    // a cell written twice, as calamine's range does.
    filled.sort_by_key(|&(row, column, _)| (row, column));
    let data_rows = filled.chunk_by(|a, b| a.0 == b.0).count() - 1;
    let width = (bounds.right - bounds.left) as usize + 1;
    if data_rows.saturating_mul(width) > limits.cells {
        return Err(too_large(
            path,
            SheetLimit::Cells,
            limits.cells,
            data_rows.saturating_mul(width),
            None,
        ));
    }
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::with_capacity(data_rows);
    for group in filled.chunk_by_mut(|a, b| a.0 == b.0) {
        let row_number = group[0].0 as usize + 1;
        let mut cells: Vec<String> = Vec::new();
        for (_, column, text) in group.iter_mut() {
            // Columns count from the first column with content, as calamine's range did.
            let index = (*column - bounds.left) as usize;
            if cells.len() <= index {
                cells.resize(index + 1, String::new());
            }
            cells[index] = std::mem::take(text);
        }
        // The header is the first row with content; its row number stays as Excel shows it.
        match headers {
            None => headers = Some(cells),
            Some(_) => rows.push(SheetRow { row_number, cells }),
        }
    }
    Ok(Sheet::assemble(headers.unwrap_or_default(), rows, None))
}

/// The corners of the cells with content seen so far, and the cells that set the far ones
/// (to name in a refusal).
struct Bounds {
    top: u32,
    left: u32,
    bottom: (u32, u32),
    right: u32,
    right_row: u32,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            top: u32::MAX,
            left: u32::MAX,
            bottom: (0, 0),
            right: 0,
            right_row: 0,
        }
    }
}

impl Bounds {
    fn include(&mut self, row: u32, column: u32) {
        self.top = self.top.min(row);
        self.left = self.left.min(column);
        if row >= self.bottom.0 {
            self.bottom = (row, column);
        }
        if column >= self.right {
            self.right = column;
            self.right_row = row;
        }
    }

    /// Refuses a span past the row or column limit. The top and left only move outwards, so
    /// a refusal is never premature, and checking after every cell refuses a far cell at once.
    fn check(&self, path: &Path, limits: &SheetLimits) -> Result<()> {
        let below = (self.bottom.0 - self.top) as usize;
        if below > limits.rows {
            let at = CellRef {
                row_number: self.bottom.0 as usize + 1,
                column: self.bottom.1 as usize,
            };
            return Err(too_large(
                path,
                SheetLimit::Rows,
                limits.rows,
                below,
                Some(at),
            ));
        }
        let columns = (self.right - self.left) as usize + 1;
        if columns > limits.columns {
            let at = CellRef {
                row_number: self.right_row as usize + 1,
                column: self.right as usize,
            };
            return Err(too_large(
                path,
                SheetLimit::Columns,
                limits.columns,
                columns,
                Some(at),
            ));
        }
        Ok(())
    }
}

/// The line (from 1) of each record, for records in file order: the line ends are counted
/// once, from where the previous record started, so numbering a file is linear in its size.
struct LineCounter<'t> {
    bytes: &'t [u8],
    /// Bytes before this offset are counted …
    counted_to: usize,
    /// … and hold this many line ends.
    line_ends: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            counted_to: 0,
            line_ends: 0,
        }
    }

    /// The line a record starting at byte `start` is on. The CSV reader's own line count is
    /// one short after a `\r\n` line end (as Excel writes them): it may report a record as
    /// starting on the line end before it, so line ends at the start are skipped.
    fn line_of(&mut self, start: usize) -> usize {
        let mut start = start.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.counted_to {
            // Records come in order; a position before the last one starts over.
            self.counted_to = 0;
            self.line_ends = 0;
        }
        self.line_ends += line_ends(&self.bytes[self.counted_to..start]);
        self.counted_to = start;
        self.line_ends + 1
    }
}

/// The line ends in `bytes` as the CSV reader and Excel see them: `\r\n`, `\n`, and a `\r`
/// on its own (old Mac files, a stray carriage return), which ends a record too.
fn line_ends(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The text of a CSV and the encoding it was read in: a UTF-16 or UTF-8 BOM decides (a file
/// that breaks its BOM's promise is refused, not guessed at); without one, UTF-8 when the
/// bytes are valid UTF-8, else Windows-1252, the one other encoding Excel writes CSV in.
fn decode(bytes: &[u8], path: &Path) -> Result<(String, TextEncoding)> {
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((
            decode_utf16(body, TextEncoding::Utf16Le, path)?,
            TextEncoding::Utf16Le,
        ));
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((
            decode_utf16(body, TextEncoding::Utf16Be, path)?,
            TextEncoding::Utf16Be,
        ));
    }
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok((text.to_string(), TextEncoding::Utf8)),
            Err(e) => Err(undecodable(path, TextEncoding::Utf8, 3 + e.valid_up_to())),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), TextEncoding::Utf8)),
        Err(_) => Ok((
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            TextEncoding::Windows1252,
        )),
    }
}

fn undecodable(path: &Path, encoding: TextEncoding, offset: usize) -> Error {
    Error::TextUndecodable {
        path: path.to_path_buf(),
        encoding,
        offset: offset as u64,
    }
}

/// UTF-16 after its BOM (two bytes, so offsets in errors count from the file's start).
fn decode_utf16(body: &[u8], encoding: TextEncoding, path: &Path) -> Result<String> {
    if !body.len().is_multiple_of(2) {
        return Err(undecodable(path, encoding, 2 + body.len() - 1));
    }
    let big_endian = encoding == TextEncoding::Utf16Be;
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    // Mostly ASCII and Latin letters: about as many UTF-8 bytes as UTF-16 bytes.
    let mut text = String::with_capacity(body.len());
    let mut offset = 2;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(ch) => {
                offset += 2 * ch.len_utf16();
                text.push(ch);
            }
            // A lone surrogate: the file is damaged or not UTF-16 at all.
            Err(_) => return Err(undecodable(path, encoding, offset)),
        }
    }
    Ok(text)
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        other => char::from(other),
    }
}

/// The delimiter of the header line: `;`, tab or `,`, whichever occurs most outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in counts.iter_mut() {
                    if ch == char::from(*delimiter) {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // Ties (including none at all) go to the comma, the CSV default.
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}

/// A cell as the text a person would type for it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(true) => "ja".into(),
        Data::Bool(false) => "nee".into(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            match (dt.as_f64() >= 1.0, (hh, mm, ss) == (0, 0, 0)) {
                (true, true) => format!("{y:04}-{m:02}-{d:02}"),
                (true, false) => format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}"),
                (false, _) => format!("{hh:02}:{mm:02}"),
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A streamed cell as the text a person would type for it, as [`cell_text`] does for a
/// cell of a range.
fn data_ref_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::String(s) => s.trim().to_string(),
        other => cell_text(&Data::from(other.clone())),
    }
}

/// Whole numbers without `.0`; fractions with a decimal point that can never be read as a
/// thousands separator (`1234.567` becomes `1234.5670`).
pub(crate) fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let text = value.to_string();
    match text.split_once('.') {
        Some((_, decimals)) if decimals.len() == 3 && !text.contains('e') => format!("{text}0"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &[u8]) -> Sheet {
        Sheet::from_csv_bytes(text, Path::new("test.csv")).expect("csv")
    }

    #[test]
    fn detects_semicolons_and_commas() {
        let semi = csv("Naam;Bedrag\nA, B;1.000,50\n".as_bytes());
        assert_eq!(semi.headers, vec!["Naam", "Bedrag"]);
        assert_eq!(semi.rows[0].cells, vec!["A, B", "1.000,50"]);
        let comma = csv(b"Naam,Bedrag\n\"X; Y\",850k\n");
        assert_eq!(comma.rows[0].cells, vec!["X; Y", "850k"]);
        assert_eq!(detect_delimiter("\"a;b;c\",d\n"), b',');
        assert_eq!(detect_delimiter("enkel\n"), b',');
    }

    #[test]
    fn strips_the_bom_and_reads_windows_1252() {
        let bom = csv(b"\xEF\xBB\xBFBedrijfsnaam;Provincie\nCaf\xC3\xA9 X;Frysl\xC3\xA2n\n");
        assert_eq!(bom.headers[0], "Bedrijfsnaam");
        assert_eq!(bom.rows[0].cells, vec!["Café X", "Fryslân"]);
        assert_eq!(bom.encoding, Some(TextEncoding::Utf8));
        let legacy = csv(b"Bedrijfsnaam;Bedrag\nCaf\xE9 X;\x80 850.000\n");
        assert_eq!(legacy.rows[0].cells, vec!["Café X", "€ 850.000"]);
        assert_eq!(legacy.encoding, Some(TextEncoding::Windows1252));
    }

    #[test]
    fn reads_utf16_after_its_bom() {
        let le = csv(b"\xFF\xFEN\0a\0a\0m\0\n\0C\0a\0f\0\xE9\0\n\0");
        assert_eq!(
            (
                le.headers[0].as_str(),
                le.rows[0].cells[0].as_str(),
                le.encoding
            ),
            ("Naam", "Café", Some(TextEncoding::Utf16Le))
        );
        let be = csv(b"\xFE\xFF\0N\0\n\x20\xAC\0\n");
        assert_eq!(
            (be.rows[0].cells[0].as_str(), be.encoding),
            ("€", Some(TextEncoding::Utf16Be))
        );
        let odd =
            Sheet::from_csv_bytes(b"\xFF\xFEN\0a", Path::new("x.csv")).expect_err("odd length");
        assert!(
            matches!(odd, Error::TextUndecodable { offset: 4, .. }),
            "{odd:?}"
        );
    }

    #[test]
    fn finds_the_declared_shared_string_count() {
        let excel = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="12" uniqueCount="7"><si><t>a</t></si>"#;
        assert_eq!(declared_string_count(excel), Some(7));
        assert_eq!(
            declared_string_count(b"<sst count='3'>"),
            Some(0),
            "no uniqueCount: nothing reserved"
        );
        assert_eq!(
            declared_string_count(b"<!-- <sst uniqueCount=\"1\"> --><x:sst uniqueCount = '0009' >"),
            Some(9)
        );
        assert_eq!(
            declared_string_count(b"<sst a=\">\" uniqueCount=\"+99999999999999999999999\">"),
            Some(u64::MAX)
        );
        assert_eq!(
            declared_string_count(b"<sst uniqueCount=\"1e9\">"),
            Some(0),
            "not a plain number: calamine ignores it too"
        );
        assert_eq!(
            declared_string_count(b"<other><sst uniqueCount=\"5\">"),
            None,
            "the first element must be the list"
        );
        assert_eq!(
            declared_string_count(b"<!DOCTYPE sst [<!ENTITY a \"b\">]><sst>"),
            None
        );
        assert_eq!(
            declared_string_count(b"<sst uniqueCount=\"5\""),
            None,
            "cut short"
        );
    }

    #[test]
    fn row_numbers_follow_what_excel_shows() {
        let sheet = csv(b"a;b\n1;\"twee\nregels\"\n\n;\n3;x\n");
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.row_number).collect();
        // Row 2 holds a two-line cell, rows 3 and 4 are empty, row 5 is the next record.
        assert_eq!(numbers, vec![2, 5]);
        assert_eq!(sheet.rows[0].cells[1], "twee\nregels");
    }

    #[test]
    fn row_numbers_with_windows_line_ends() {
        for text in [
            "\u{FEFF}a;b\r\n1;x\r\n\r\n;\r\n2;\"y\r\nz\"\r\n3;x\r\n",
            "a;b\n1;x\n\n;\n2;\"y\nz\"\n3;x\n",
        ] {
            let numbers: Vec<usize> = csv(text.as_bytes())
                .rows
                .iter()
                .map(|r| r.row_number)
                .collect();
            assert_eq!(numbers, vec![2, 5, 6], "{text:?}");
        }
    }

    #[test]
    fn a_carriage_return_on_its_own_ends_a_line() {
        // The reader ends a record at a lone `\r` too; the row numbers count it as Excel does
        // (two records numbered the same row before), inside a quoted cell as well.
        let cases: [(&str, &[usize]); 3] = [
            ("a;b\r1;x\r2;y\r", &[2, 3]),
            ("a;b\n1;x\r2;\"y\rz\"\n3;x\n", &[2, 3, 4]),
            ("a;b\r\n1;x\r2;y\r\n3;z\r\n", &[2, 3, 4]),
        ];
        for (text, expected) in cases {
            let numbers: Vec<usize> = csv(text.as_bytes())
                .rows
                .iter()
                .map(|r| r.row_number)
                .collect();
            assert_eq!(numbers, expected, "{text:?}");
        }
    }

    #[test]
    fn names_unnamed_and_repeated_columns() {
        let sheet = csv(b"Naam;;Naam;\nA;x;B;\n");
        assert_eq!(sheet.headers, vec!["Naam", "Kolom B", "Naam (2)"]);
        assert_eq!(sheet.rows[0].cells.len(), 3);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(71234567.0), "71234567");
        assert_eq!(number_text(1250.5), "1250.5");
        assert_eq!(number_text(1234.567), "1234.5670");
        assert_eq!(number_text(-3.0), "-3");
    }
}

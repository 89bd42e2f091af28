//! The case dossier's rules: which kinds of file a dossier takes (judged by content, not by
//! the name), how large a file and a case's dossier may be, when a paper is too old to rely
//! on, and when a whole-table document seems to name its company. No I/O, no clock: the
//! service passes `today`.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DocumentLevel, DocumentType};

/// The largest file a dossier takes: 50 MB.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The most a case's dossier holds, all current versions together: 500 MB.
pub const MAX_CASE_BYTES: u64 = 500 * 1024 * 1024;

/// How large a file and a case's dossier may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DossierLimits {
    /// The largest file.
    pub file_bytes: u64,
    /// The most a case's dossier holds (the newest versions of its documents together).
    pub case_bytes: u64,
}

impl DossierLimits {
    /// The limits Tafel applies: [`MAX_FILE_BYTES`] and [`MAX_CASE_BYTES`].
    pub const DEFAULT: DossierLimits = DossierLimits {
        file_bytes: MAX_FILE_BYTES,
        case_bytes: MAX_CASE_BYTES,
    };
}

/// A KvK extract older than this many months is flagged.
pub const KVK_EXTRACT_FRESH_MONTHS: u32 = 1;

/// Annual accounts older than this many months are flagged.
pub const ANNUAL_ACCOUNTS_FRESH_MONTHS: u32 = 18;

/// The kind of a stored file, as its content shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    /// PDF.
    Pdf,
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// Excel 97–2003 workbook.
    Xls,
    /// Word document (Office Open XML).
    Docx,
    /// Word 97–2003 document.
    Doc,
    /// OpenDocument text.
    Odt,
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma-separated values.
    Csv,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// Plain text.
    Txt,
    /// E-mail message (RFC 5322 text).
    Eml,
    /// Outlook message.
    Msg,
}

impl DocumentKind {
    /// The usual file extension (without the dot), for exports and temporary copies.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Xlsx => "xlsx",
            DocumentKind::Xls => "xls",
            DocumentKind::Docx => "docx",
            DocumentKind::Doc => "doc",
            DocumentKind::Odt => "odt",
            DocumentKind::Ods => "ods",
            DocumentKind::Csv => "csv",
            DocumentKind::Png => "png",
            DocumentKind::Jpeg => "jpg",
            DocumentKind::Txt => "txt",
            DocumentKind::Eml => "eml",
            DocumentKind::Msg => "msg",
        }
    }

    /// The MIME type, for a file attached to a PDF.
    pub fn mime_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentKind::Xls => "application/vnd.ms-excel",
            DocumentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentKind::Doc => "application/msword",
            DocumentKind::Odt => "application/vnd.oasis.opendocument.text",
            DocumentKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            DocumentKind::Csv => "text/csv",
            DocumentKind::Png => "image/png",
            DocumentKind::Jpeg => "image/jpeg",
            DocumentKind::Txt => "text/plain",
            DocumentKind::Eml => "message/rfc822",
            DocumentKind::Msg => "application/vnd.ms-outlook",
        }
    }

    /// The stable identifier stored in the database.
    pub fn id(self) -> &'static str {
        match self {
            DocumentKind::Jpeg => "jpeg",
            other => other.extension(),
        }
    }

    /// Reads a stored identifier.
    pub fn from_id(id: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.iter().copied().find(|k| k.id() == id)
    }

    /// Every kind a dossier takes.
    pub const ALL: &'static [DocumentKind] = &[
        DocumentKind::Pdf,
        DocumentKind::Xlsx,
        DocumentKind::Xls,
        DocumentKind::Docx,
        DocumentKind::Doc,
        DocumentKind::Odt,
        DocumentKind::Ods,
        DocumentKind::Csv,
        DocumentKind::Png,
        DocumentKind::Jpeg,
        DocumentKind::Txt,
        DocumentKind::Eml,
        DocumentKind::Msg,
    ];

    /// Every extension a dossier takes (for the file dialog's filter).
    pub const EXTENSIONS: &'static [&'static str] = &[
        "pdf", "xlsx", "xls", "docx", "doc", "odt", "ods", "csv", "png", "jpg", "jpeg", "txt",
        "eml", "msg",
    ];
}

/// Why a file's content is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindRefusal {
    /// A program (Windows, Linux, macOS executable, a library, WebAssembly…).
    Program,
    /// Content of a kind a dossier does not take (an archive, a video, …), with what it is.
    Unsupported(Option<&'static str>),
    /// An empty file.
    Empty,
}

impl KindRefusal {
    /// Stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            KindRefusal::Program => "document_is_program",
            KindRefusal::Unsupported(_) => "document_kind_refused",
            KindRefusal::Empty => "document_empty",
        }
    }

    /// Dutch and English message about the file `name`.
    pub fn messages(&self, name: &str) -> (String, String) {
        match self {
            KindRefusal::Program => (
                format!(
                    "{name} is een programma, geen document (ongeacht de naam). Tafel bewaart geen programma's in een dossier."
                ),
                format!(
                    "{name} is a program, not a document (whatever its name says). Tafel keeps no programs in a dossier."
                ),
            ),
            KindRefusal::Unsupported(what) => {
                let (nl, en) = match what {
                    Some(mime) => (
                        format!(" (de inhoud is {mime})"),
                        format!(" (its content is {mime})"),
                    ),
                    None => (String::new(), String::new()),
                };
                (
                    format!(
                        "{name} is geen toegestaan soort document{nl}. Een dossier neemt PDF, Excel (XLSX/XLS), Word (DOCX/DOC), ODT/ODS, CSV, PNG/JPEG, tekst (TXT) en e-mail (EML/MSG)."
                    ),
                    format!(
                        "{name} is not an allowed kind of document{en}. A dossier takes PDF, Excel (XLSX/XLS), Word (DOCX/DOC), ODT/ODS, CSV, PNG/JPEG, text (TXT) and e-mail (EML/MSG)."
                    ),
                )
            }
            KindRefusal::Empty => (
                format!("{name} is leeg; er is niets toegevoegd."),
                format!("{name} is empty; nothing was added."),
            ),
        }
    }
}

/// The header of a Compound File (OLE2): Word 97–2003, Excel 97–2003 and Outlook messages.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Judges a file by its content: the kind it is, or why a dossier refuses it. The name's
/// extension only chooses between kinds the content cannot tell apart (CSV, TXT or EML text;
/// the Compound File formats); a renamed program or archive is refused whatever its name.
pub fn detect_kind(bytes: &[u8], file_name: &str) -> Result<DocumentKind, KindRefusal> {
    if bytes.is_empty() {
        return Err(KindRefusal::Empty);
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if infer::is_app(bytes) || infer::text::is_shellscript(bytes) {
        return Err(KindRefusal::Program);
    }
    if infer::archive::is_pdf(bytes) {
        return Ok(DocumentKind::Pdf);
    }
    if infer::image::is_png(bytes) {
        return Ok(DocumentKind::Png);
    }
    if infer::image::is_jpeg(bytes) {
        return Ok(DocumentKind::Jpeg);
    }
    if infer::doc::is_xlsx(bytes) {
        return Ok(DocumentKind::Xlsx);
    }
    if infer::doc::is_docx(bytes) {
        return Ok(DocumentKind::Docx);
    }
    if infer::odf::is_ods(bytes) {
        return Ok(DocumentKind::Ods);
    }
    if infer::odf::is_odt(bytes) {
        return Ok(DocumentKind::Odt);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        // infer reads the compound file's root entry for Word and Excel; an Outlook message
        // has neither and is taken by its name.
        if infer::doc::is_doc(bytes) {
            return Ok(DocumentKind::Doc);
        }
        if infer::doc::is_xls(bytes) {
            return Ok(DocumentKind::Xls);
        }
        if extension == "msg" {
            return Ok(DocumentKind::Msg);
        }
        return Err(KindRefusal::Unsupported(Some(
            "een Office-bestand van een ander soort",
        )));
    }
    if let Some(found) = infer::get(bytes) {
        return Err(KindRefusal::Unsupported(Some(found.mime_type())));
    }
    if is_text(bytes) {
        return Ok(match extension.as_str() {
            "csv" => DocumentKind::Csv,
            "eml" => DocumentKind::Eml,
            _ if looks_like_email(bytes) => DocumentKind::Eml,
            _ => DocumentKind::Txt,
        });
    }
    Err(KindRefusal::Unsupported(None))
}

/// Text: no NUL bytes and no control characters but tabs and line ends, in UTF-8 (with or
/// without a byte-order mark) or a single-byte Windows encoding.
fn is_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|b| matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F))
        .count();
    controls == 0
}

/// An e-mail message starts with header lines such as `From:`, `Received:` or `MIME-Version:`.
fn looks_like_email(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let headers = [
        "from:",
        "received:",
        "mime-version:",
        "return-path:",
        "message-id:",
        "subject:",
    ];
    head.lines()
        .take(20)
        .filter(|line| {
            let lower = line.to_ascii_lowercase();
            headers.iter().any(|h| lower.starts_with(h))
        })
        .count()
        >= 2
}

/// Why a document is flagged as too old to rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Staleness {
    /// A KvK extract older than a month.
    KvkExtractOld,
    /// Annual accounts older than 18 months.
    AnnualAccountsOld,
}

impl Staleness {
    /// Dutch text for the flag.
    pub fn label_nl(self) -> &'static str {
        match self {
            Staleness::KvkExtractOld => "KvK-uittreksel ouder dan een maand",
            Staleness::AnnualAccountsOld => "jaarrekening ouder dan 18 maanden",
        }
    }

    /// English text for the flag.
    pub fn label_en(self) -> &'static str {
        match self {
            Staleness::KvkExtractOld => "KvK extract older than one month",
            Staleness::AnnualAccountsOld => "annual accounts older than 18 months",
        }
    }
}

/// Whether a document of `doc_type` dated `dated` (its document date, or the day it was
/// added when it has none) is too old on `today`.
pub fn staleness(doc_type: DocumentType, dated: NaiveDate, today: NaiveDate) -> Option<Staleness> {
    let (months, flag) = match doc_type {
        DocumentType::KvkExtract => (KVK_EXTRACT_FRESH_MONTHS, Staleness::KvkExtractOld),
        DocumentType::AnnualAccounts => {
            (ANNUAL_ACCOUNTS_FRESH_MONTHS, Staleness::AnnualAccountsOld)
        }
        _ => return None,
    };
    let fresh_until = dated.checked_add_months(Months::new(months))?;
    (today > fresh_until).then_some(flag)
}

/// What a whole-table document seems to hold that identifies its company: its name or its
/// KvK number, found in the document's title, file name or text (case and spacing ignored).
/// Only whole-table documents are checked: the others never reach members who may not know
/// the company.
pub fn identifying_hits(
    level: DocumentLevel,
    texts: &[&str],
    company_name: &str,
    kvk: Option<&str>,
) -> Vec<String> {
    if level != DocumentLevel::Table {
        return Vec::new();
    }
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let haystack: String = texts
        .iter()
        .map(|t| squash(t))
        .collect::<Vec<_>>()
        .join(" ");
    let mut hits = Vec::new();
    let name = squash(company_name);
    // A name of a few letters would match by chance.
    if name.chars().count() >= 4 && haystack.contains(&name) {
        hits.push(company_name.to_string());
    }
    if let Some(kvk) = kvk.map(squash).filter(|k| k.len() >= 8)
        && haystack.contains(&kvk)
    {
        hits.push(kvk);
    }
    hits
}

/// Checks the title typed for a document: not empty, at most 200 characters.
pub fn clean_title(title: &str) -> Option<String> {
    let trimmed = title.trim();
    (!trimmed.is_empty() && trimmed.chars().count() <= 200).then(|| trimmed.to_string())
}

/// What text extraction made of a stored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TextStatus {
    /// Not a PDF: no text is read from it.
    None,
    /// A PDF whose text is still being read.
    Pending,
    /// A PDF whose text was read and is in the search.
    Read,
    /// A PDF whose text could not be read (damaged, encrypted, only images): "tekst niet leesbaar".
    Unreadable,
}

impl TextStatus {
    /// The identifier stored in the database.
    pub fn id(self) -> &'static str {
        match self {
            TextStatus::None => "none",
            TextStatus::Pending => "pending",
            TextStatus::Read => "read",
            TextStatus::Unreadable => "unreadable",
        }
    }

    /// Reads a stored identifier.
    pub fn from_id(id: &str) -> Option<TextStatus> {
        [
            TextStatus::None,
            TextStatus::Pending,
            TextStatus::Read,
            TextStatus::Unreadable,
        ]
        .into_iter()
        .find(|s| s.id() == id)
    }
}

/// One version of a document: one stored file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentVersion {
    /// Version number, from 1.
    pub version: u32,
    /// The file's name when it was added.
    pub file_name: String,
    /// Its kind, by content.
    pub kind: DocumentKind,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// SHA-256 of its bytes (hex): the key it is stored under, once.
    pub sha256: String,
    /// When it was added (RFC 3339).
    pub added_at: String,
    /// Who added it.
    pub added_by: String,
    /// What text extraction made of it.
    pub text_status: TextStatus,
}

/// A document of a case's dossier, with its newest version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Document {
    /// UUIDv7.
    pub id: String,
    /// The case it belongs to.
    pub case_id: String,
    /// What kind of paper it is.
    pub doc_type: DocumentType,
    /// Title (the file's name without extension unless one was typed).
    pub title: String,
    /// Optional note.
    pub note: Option<String>,
    /// The date the paper carries (the accounts' year end, the extract's date), if given.
    pub document_date: Option<NaiveDate>,
    /// Who may see it.
    pub level: DocumentLevel,
    /// When it was first added (RFC 3339).
    pub added_at: String,
    /// Who first added it.
    pub added_by: String,
    /// Last change.
    pub updated_at: String,
    /// When it was removed from the dossier (kept in history until erasure).
    pub removed_at: Option<String>,
    /// Who removed it.
    pub removed_by: Option<String>,
    /// The declining response this decline letter documents.
    pub response_id: Option<String>,
    /// The newest version.
    pub current: DocumentVersion,
    /// Too old to rely on, as of the day it was listed.
    pub stale: Option<Staleness>,
    /// For a whole-table document: the company's name or KvK number found in it (a warning).
    pub identifying: Vec<String>,
}

/// A document checked and ready to be stored (the service builds it).
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    /// Its type.
    pub doc_type: DocumentType,
    /// Its title.
    pub title: String,
    /// Note.
    pub note: Option<String>,
    /// Document date.
    pub document_date: Option<NaiveDate>,
    /// Level.
    pub level: DocumentLevel,
}

/// A file checked and ready to be stored as a version.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVersion {
    /// The file's name.
    pub file_name: String,
    /// Its kind.
    pub kind: DocumentKind,
    /// SHA-256 (hex).
    pub sha256: String,
    /// Size in bytes.
    pub size_bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn kinds_are_judged_by_content() {
        assert_eq!(
            detect_kind(b"%PDF-1.7\n...", "x.bin"),
            Ok(DocumentKind::Pdf)
        );
        assert_eq!(
            detect_kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.pdf"),
            Ok(DocumentKind::Png)
        );
        assert_eq!(
            detect_kind(b"naam;bedrag\nA;1\n", "cijfers.csv"),
            Ok(DocumentKind::Csv)
        );
        assert_eq!(
            detect_kind("gewone tekst €".as_bytes(), "notitie.txt"),
            Ok(DocumentKind::Txt)
        );
        assert_eq!(
            detect_kind(b"From: a@b.nl\r\nSubject: afwijzing\r\n\r\nTekst", "mail"),
            Ok(DocumentKind::Eml)
        );
    }

    #[test]
    fn programs_and_archives_are_refused_whatever_their_name() {
        let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec();
        exe.resize(256, 0);
        assert_eq!(
            detect_kind(&exe, "jaarrekening.pdf"),
            Err(KindRefusal::Program)
        );
        let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec();
        elf.resize(64, 0);
        assert_eq!(detect_kind(&elf, "plan.docx"), Err(KindRefusal::Program));
        assert_eq!(
            detect_kind(b"#!/bin/sh\nrm -rf ~\n", "notes.txt"),
            Err(KindRefusal::Program)
        );
        assert!(matches!(
            detect_kind(b"\x1f\x8b\x08\0\0\0\0\0", "x.pdf"),
            Err(KindRefusal::Unsupported(Some(_)))
        ));
        assert_eq!(detect_kind(b"", "leeg.pdf"), Err(KindRefusal::Empty));
        assert!(detect_kind(b"\0\x01\x02binary", "x.txt").is_err());
    }

    #[test]
    fn old_kvk_extracts_and_annual_accounts_are_flagged() {
        let today = day(2026, 12, 7);
        assert_eq!(
            staleness(DocumentType::KvkExtract, day(2026, 11, 7), today),
            None
        );
        assert_eq!(
            staleness(DocumentType::KvkExtract, day(2026, 11, 6), today),
            Some(Staleness::KvkExtractOld)
        );
        assert_eq!(
            staleness(DocumentType::AnnualAccounts, day(2025, 6, 7), today),
            None
        );
        assert_eq!(
            staleness(DocumentType::AnnualAccounts, day(2025, 6, 6), today),
            Some(Staleness::AnnualAccountsOld)
        );
        assert_eq!(
            staleness(DocumentType::BusinessPlan, day(2001, 1, 1), today),
            None
        );
    }

    #[test]
    fn whole_table_documents_naming_their_company_are_found() {
        let hits = identifying_hits(
            DocumentLevel::Table,
            &[
                "Prognose",
                "Omzet van Bakkerij  Zonnedauw B.V. en KvK 7123 4567",
            ],
            "Bakkerij Zonnedauw BV",
            Some("71234567"),
        );
        assert_eq!(
            hits,
            vec!["Bakkerij Zonnedauw BV".to_string(), "71234567".to_string()]
        );
        assert!(
            identifying_hits(
                DocumentLevel::Coordinator,
                &["Zonnedauw"],
                "Zonnedauw",
                None
            )
            .is_empty()
        );
        assert!(
            identifying_hits(
                DocumentLevel::Table,
                &["algemene prognose"],
                "Zonnedauw",
                None
            )
            .is_empty()
        );
    }
}

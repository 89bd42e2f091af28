//! The case dossier: attach, replace, remove, list, open, export and set who may see a
//! document.
//!
//! Files are kept inside the encrypted database, once per distinct content. A PDF's text is
//! read in a worker thread while the upload is written, and recorded by a second small write
//! after it: a PDF whose text cannot be read (damaged, encrypted, scanned) is stored all the
//! same and marked "tekst niet leesbaar" — reading text never fails an upload.
//!
//! Opening a document decrypts it into a private folder ([`OpenedFiles`]): a folder only the
//! user can enter, a file only the user can read. The copy goes when the viewer that the CLI
//! waits for exits, when the desktop app closes, and otherwise at the next start of Tafel
//! (the app and the CLI both sweep the folder), so a copy outlives Tafel only while Tafel is
//! not running after a crash.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::domain::document::{
    Document, DocumentKind, DocumentVersion, DossierLimits, NewDocument, NewVersion, TextStatus,
    detect_kind, identifying_hits, staleness,
};
use crate::domain::{Actor, DocumentLevel, DocumentType, parse_date};
use crate::error::{Error, Result};
use crate::service::chosen_file::{Use, refuse_own_files};
use crate::store::Store;

/// The most text kept from one PDF for the search (characters); the rest is not indexed.
const MAX_TEXT_CHARS: usize = 2_000_000;

/// What is said about a document when it is added or changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentDetails {
    /// Its type (default `other` when adding; unchanged when updating).
    pub doc_type: Option<DocumentType>,
    /// Title (default: the file's name without extension).
    pub title: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The date the paper carries (dd-mm-jjjj or yyyy-mm-dd); empty clears it.
    pub document_date: Option<String>,
    /// Who may see it (default: the coordinator only).
    pub level: Option<DocumentLevel>,
    /// For a decline letter: the declining response it documents (id); empty clears it.
    pub response_id: Option<String>,
}

/// A document with every version, for its history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DocumentWithVersions {
    /// The document, with its newest version.
    pub document: Document,
    /// Every version, oldest first.
    pub versions: Vec<DocumentVersion>,
}

/// A file read and judged, ready to be stored.
struct CheckedFile {
    version: NewVersion,
    bytes: Vec<u8>,
}

fn refused(code: &'static str, nl: String, en: String) -> Error {
    Error::DocumentRefused {
        code,
        message_nl: nl,
        message_en: en,
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
}

fn too_large(name: &str, size: u64, limit: u64) -> Error {
    refused(
        "document_too_large",
        format!(
            "{name} is {} MB; een document mag hoogstens {} MB zijn. Er is niets toegevoegd.",
            megabytes(size),
            megabytes(limit)
        ),
        format!(
            "{name} is {} MB; a document may be at most {} MB. Nothing was added.",
            megabytes(size).replace(',', "."),
            megabytes(limit).replace(',', ".")
        ),
    )
}

/// Judges a file's bytes: size and kind by content. Nothing is stored.
fn check_bytes(file_name: &str, bytes: Vec<u8>, limits: &DossierLimits) -> Result<CheckedFile> {
    let size = bytes.len() as u64;
    if size > limits.file_bytes {
        return Err(too_large(file_name, size, limits.file_bytes));
    }
    let kind = detect_kind(&bytes, file_name).map_err(|why| {
        let (nl, en) = why.messages(file_name);
        refused(why.code(), nl, en)
    })?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(CheckedFile {
        version: NewVersion {
            file_name: file_name.to_string(),
            kind,
            sha256,
            size_bytes: size,
        },
        bytes,
    })
}

/// Reads a file to attach; its size is checked before it is read.
fn read_file(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(refused(
            "document_not_a_file",
            format!(
                "{} is geen bestand; kies een bestand om toe te voegen.",
                path.display()
            ),
            format!("{} is not a file; choose a file to add.", path.display()),
        ));
    }
    let limit = DossierLimits::DEFAULT.file_bytes;
    if meta.len() > limit {
        return Err(too_large(&name, meta.len(), limit));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok((name, bytes))
}

fn check_case_room(
    store: &Store,
    case_id: &str,
    adding: u64,
    replacing: u64,
    limits: &DossierLimits,
) -> Result<()> {
    let now = store.documents().case_bytes(case_id)?;
    let after = now.saturating_sub(replacing) + adding;
    if after > limits.case_bytes {
        return Err(refused(
            "case_dossier_full",
            format!(
                "Het dossier van deze casus zou {} MB worden; een dossier mag hoogstens {} MB zijn. Verwijder eerst een document. Er is niets toegevoegd.",
                megabytes(after),
                megabytes(limits.case_bytes)
            ),
            format!(
                "This case's dossier would become {} MB; a dossier may hold at most {} MB. Remove a document first. Nothing was added.",
                megabytes(after).replace(',', "."),
                megabytes(limits.case_bytes).replace(',', ".")
            ),
        ));
    }
    Ok(())
}

/// Reads a PDF's text in a worker thread: its text, or why not. A PDF the reader cannot
/// parse — or that makes it panic — is unreadable, never an error.
/// Starts reading a PDF's text while the file is written (only new content needs reading),
/// and the text status the stored file starts with.
fn start_text_reading(
    store: &Store,
    version: &NewVersion,
    bytes: &[u8],
) -> Result<(Option<std::thread::JoinHandle<Option<String>>>, TextStatus)> {
    let is_pdf = version.kind == DocumentKind::Pdf;
    let known = store.documents().has_blob(&version.sha256)?;
    let reader = (is_pdf && !known).then(|| spawn_text_reader(bytes.to_vec()));
    let status = if is_pdf {
        TextStatus::Pending
    } else {
        TextStatus::None
    };
    Ok((reader, status))
}

fn spawn_text_reader(bytes: Vec<u8>) -> std::thread::JoinHandle<Option<String>> {
    std::thread::spawn(move || {
        let text = pdf_extract::extract_text_from_mem(&bytes).ok()?;
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return None;
        }
        Some(text.chars().take(MAX_TEXT_CHARS).collect())
    })
}

/// Waits for a text reader and records what it found.
fn record_text(
    store: &mut Store,
    actor: &Actor,
    sha256: &str,
    reader: std::thread::JoinHandle<Option<String>>,
) -> Result<()> {
    // A reader that panicked on a hostile PDF read nothing.
    let text = reader.join().ok().flatten();
    let status = if text.is_some() {
        TextStatus::Read
    } else {
        TextStatus::Unreadable
    };
    store.transact(actor, |w| {
        w.documents_mut().set_text(sha256, status, text.as_deref())
    })
}

fn parse_document_date(raw: Option<&str>) -> Result<Option<NaiveDate>> {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => parse_date(text).map(Some).ok_or_else(|| {
            Error::invalid(
                "document_date",
                "date",
                format!("\"{text}\" is geen datum; gebruik dd-mm-jjjj."),
                format!("\"{text}\" is not a date; use dd-mm-yyyy."),
            )
        }),
    }
}

fn clean_title(raw: &str) -> Result<String> {
    crate::domain::document::clean_title(raw).ok_or_else(|| {
        Error::invalid(
            "title",
            "title",
            "Geef het document een titel van hoogstens 200 tekens.",
            "Give the document a title of at most 200 characters.",
        )
    })
}

fn clean_note(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Checks that a response id names a declining response of the same case.
fn check_response(
    store: &Store,
    case_id: &str,
    response_id: Option<&str>,
) -> Result<Option<String>> {
    let Some(id) = response_id.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let declining = store
        .outcomes()
        .responses_of(case_id)?
        .into_iter()
        .any(|r| r.id == id && r.status == crate::domain::ResponseStatus::Declined);
    if !declining {
        return Err(Error::invalid(
            "response_id",
            "response_not_declined",
            "Een afwijzingsbrief hoort bij een afwijzing van deze casus; die is er niet met dit id.",
            "A decline letter belongs to a decline of this case; there is none with this id.",
        ));
    }
    Ok(Some(id.to_string()))
}

/// The name and bytes of a file the user chose, refused when it is one of Tafel's own files.
fn read_chosen(store: &Store, path: &Path) -> Result<(String, Vec<u8>)> {
    refuse_own_files(store, path, Use::Read)?;
    read_file(path)
}

/// Adds a file to a case's dossier (the case by id or number).
pub fn add_document(
    store: &mut Store,
    actor: &Actor,
    case: &str,
    path: &Path,
    details: &DocumentDetails,
    today: NaiveDate,
) -> Result<Document> {
    let (name, bytes) = read_chosen(store, path)?;
    add_document_bytes(store, actor, case, &name, bytes, details, today)
}

/// Adds bytes named `file_name` to a case's dossier: checked by size and content, stored once
/// per distinct content; a PDF's text is read meanwhile and put in the search.
pub fn add_document_bytes(
    store: &mut Store,
    actor: &Actor,
    case: &str,
    file_name: &str,
    bytes: Vec<u8>,
    details: &DocumentDetails,
    today: NaiveDate,
) -> Result<Document> {
    add_document_within(
        store,
        actor,
        case,
        file_name,
        bytes,
        details,
        today,
        &DossierLimits::DEFAULT,
    )
}

/// [`add_document_bytes`] within other limits than Tafel's (tests of the limits use small ones).
#[allow(clippy::too_many_arguments)]
pub fn add_document_within(
    store: &mut Store,
    actor: &Actor,
    case: &str,
    file_name: &str,
    bytes: Vec<u8>,
    details: &DocumentDetails,
    today: NaiveDate,
    limits: &DossierLimits,
) -> Result<Document> {
    let case = store.cases().get(case)?;
    let checked = check_bytes(file_name, bytes, limits)?;
    check_case_room(store, &case.id, checked.version.size_bytes, 0, limits)?;
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .to_string();
    let new = NewDocument {
        doc_type: details.doc_type.unwrap_or(DocumentType::Other),
        title: clean_title(details.title.as_deref().unwrap_or(&stem))?,
        note: clean_note(details.note.as_deref()),
        document_date: parse_document_date(details.document_date.as_deref())?,
        level: details.level.unwrap_or(DocumentLevel::Coordinator),
    };
    let response_id = check_response(store, &case.id, details.response_id.as_deref())?;
    let CheckedFile { version, bytes } = checked;
    let (reader, status) = start_text_reading(store, &version, &bytes)?;
    let document = store.transact(actor, |w| {
        w.documents_mut().put_blob(&version, &bytes, status)?;
        let document = w.documents_mut().insert(&case.id, &new, &version)?;
        if response_id.is_some() {
            return w
                .documents_mut()
                .update(&document, &new, response_id.as_deref());
        }
        Ok(document)
    })?;
    drop(bytes);
    if let Some(reader) = reader {
        record_text(store, actor, &version.sha256, reader)?;
    }
    let stored = store.documents().get(&document.id)?;
    described(store, stored, today)
}

/// Replaces a document by a newer file: a new version; the older ones are kept.
pub fn replace_document(
    store: &mut Store,
    actor: &Actor,
    document_id: &str,
    path: &Path,
    today: NaiveDate,
) -> Result<Document> {
    let (name, bytes) = read_chosen(store, path)?;
    replace_document_bytes(store, actor, document_id, &name, bytes, today)
}

/// [`replace_document`] with the bytes given.
pub fn replace_document_bytes(
    store: &mut Store,
    actor: &Actor,
    document_id: &str,
    file_name: &str,
    bytes: Vec<u8>,
    today: NaiveDate,
) -> Result<Document> {
    let document = current(store, document_id)?;
    let limits = DossierLimits::DEFAULT;
    let checked = check_bytes(file_name, bytes, &limits)?;
    check_case_room(
        store,
        &document.case_id,
        checked.version.size_bytes,
        document.current.size_bytes,
        &limits,
    )?;
    let CheckedFile { version, bytes } = checked;
    let (reader, status) = start_text_reading(store, &version, &bytes)?;
    store.transact(actor, |w| {
        w.documents_mut().put_blob(&version, &bytes, status)?;
        w.documents_mut().add_version(&document, &version)
    })?;
    drop(bytes);
    if let Some(reader) = reader {
        record_text(store, actor, &version.sha256, reader)?;
    }
    let stored = store.documents().get(document_id)?;
    described(store, stored, today)
}

/// A document that is still in its dossier.
fn current(store: &Store, document_id: &str) -> Result<Document> {
    let document = store.documents().get(document_id)?;
    if document.removed_at.is_some() {
        return Err(Error::NotFound {
            entity: "document",
            id: document_id.to_string(),
        });
    }
    Ok(document)
}

/// Takes a document out of its dossier; it stays in the history (and the database) until the
/// company's data is erased.
pub fn remove_document(store: &mut Store, actor: &Actor, document_id: &str) -> Result<Document> {
    let document = current(store, document_id)?;
    store.transact(actor, |w| w.documents_mut().remove(&document))
}

/// Changes what is said about a document; fields left `None` stay as they are.
pub fn update_document(
    store: &mut Store,
    actor: &Actor,
    document_id: &str,
    details: &DocumentDetails,
    today: NaiveDate,
) -> Result<Document> {
    let document = current(store, document_id)?;
    let new = NewDocument {
        doc_type: details.doc_type.unwrap_or(document.doc_type),
        title: match &details.title {
            Some(title) => clean_title(title)?,
            None => document.title.clone(),
        },
        note: match &details.note {
            Some(note) => clean_note(Some(note)),
            None => document.note.clone(),
        },
        document_date: match &details.document_date {
            Some(date) => parse_document_date(Some(date))?,
            None => document.document_date,
        },
        level: details.level.unwrap_or(document.level),
    };
    let response_id = match &details.response_id {
        Some(id) => check_response(store, &document.case_id, Some(id))?,
        None => document.response_id.clone(),
    };
    let updated = store.transact(actor, |w| {
        w.documents_mut()
            .update(&document, &new, response_id.as_deref())
    })?;
    described(store, updated, today)
}

/// Sets who may see a document. Whole table is for documents free of identifying data: the
/// answer warns (`identifying`) when the document names its company.
pub fn set_level(
    store: &mut Store,
    actor: &Actor,
    document_id: &str,
    level: DocumentLevel,
    today: NaiveDate,
) -> Result<Document> {
    update_document(
        store,
        actor,
        document_id,
        &DocumentDetails {
            level: Some(level),
            ..Default::default()
        },
        today,
    )
}

/// Adds what a listing shows beyond the stored rows: too old, and (whole table) names its company.
fn described(store: &Store, mut document: Document, today: NaiveDate) -> Result<Document> {
    let dated = document.document_date.unwrap_or_else(|| {
        document
            .added_at
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or(today)
    });
    document.stale = staleness(document.doc_type, dated, today);
    if document.level == DocumentLevel::Table {
        let case = store.cases().get(&document.case_id)?;
        let text = store.documents().text(&document.current.sha256)?;
        let mut texts = vec![document.title.as_str(), document.current.file_name.as_str()];
        if let Some(note) = &document.note {
            texts.push(note);
        }
        if let Some(text) = &text {
            texts.push(text);
        }
        document.identifying = identifying_hits(
            document.level,
            &texts,
            &case.company.name,
            case.company.kvk.as_deref(),
        );
    }
    Ok(document)
}

/// The dossier of a case (by id or number), oldest first; removed documents only when asked.
pub fn list_documents(
    store: &Store,
    case: &str,
    with_removed: bool,
    today: NaiveDate,
) -> Result<Vec<Document>> {
    let case = store.cases().get(case)?;
    store
        .documents()
        .of_case(&case.id, with_removed)?
        .into_iter()
        .map(|d| described(store, d, today))
        .collect()
}

/// A document with all its versions.
pub fn document_versions(
    store: &Store,
    document_id: &str,
    today: NaiveDate,
) -> Result<DocumentWithVersions> {
    let document = described(store, store.documents().get(document_id)?, today)?;
    let versions = store.documents().versions(document_id)?;
    Ok(DocumentWithVersions { document, versions })
}

/// The bytes of a version of a document (the newest when `version` is `None`).
fn version_bytes(
    store: &Store,
    document_id: &str,
    version: Option<u32>,
) -> Result<(Document, DocumentVersion, Vec<u8>)> {
    let document = store.documents().get(document_id)?;
    let chosen = match version {
        None => document.current.clone(),
        Some(n) => store
            .documents()
            .versions(document_id)?
            .into_iter()
            .find(|v| v.version == n)
            .ok_or_else(|| Error::NotFound {
                entity: "document",
                id: format!("{document_id} v{n}"),
            })?,
    };
    let bytes = store.documents().bytes(&chosen.sha256)?;
    Ok((document, chosen, bytes))
}

/// A file name safe to create in a folder: no folders, no control characters.
fn safe_file_name(name: &str, kind: DocumentKind) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        format!("document.{}", kind.extension())
    } else {
        cleaned
    }
}

/// Writes a version of a document (the newest by default) to `target`, whole or not at all,
/// owner-only; the export is logged on the document.
pub fn export_document(
    store: &Store,
    actor: &Actor,
    document_id: &str,
    version: Option<u32>,
    target: &Path,
) -> Result<PathBuf> {
    refuse_own_files(store, target, Use::Write)?;
    let (document, chosen, bytes) = version_bytes(store, document_id, version)?;
    crate::files::write_atomic(target, &bytes)?;
    store.record_export(
        actor,
        "document",
        &document.id,
        "export",
        serde_json::json!({
            "case_id": document.case_id,
            "version": chosen.version,
            "file": target.display().to_string(),
        }),
    )?;
    Ok(target.to_path_buf())
}

/// The private folder opened documents are decrypted into, and their removal.
#[derive(Debug, Clone)]
pub struct OpenedFiles {
    root: PathBuf,
}

impl OpenedFiles {
    /// The folder for this user: `tafel-geopend-<user>` in the system's temporary folder.
    pub fn for_user() -> OpenedFiles {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "gebruiker".into());
        let user: String = user
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        OpenedFiles::at(std::env::temp_dir().join(format!("tafel-geopend-{user}")))
    }

    /// The folder at `root` (tests give their own).
    pub fn at(root: PathBuf) -> OpenedFiles {
        OpenedFiles { root }
    }

    /// Where the opened copies are.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder, created owner-only; one that is a link, or that others may enter, is refused
    /// (another user could have put it there to read what Tafel decrypts).
    fn private_root(&self) -> Result<&Path> {
        let root = &self.root;
        match std::fs::symlink_metadata(root) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut builder = std::fs::DirBuilder::new();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::DirBuilderExt;
                    builder.mode(0o700);
                }
                builder.create(root).map_err(|e| Error::io(root, e))?;
            }
            Err(e) => return Err(Error::io(root, e)),
            Ok(meta) => {
                let unsafe_folder = !meta.is_dir() || meta.file_type().is_symlink();
                #[cfg(unix)]
                let unsafe_folder = {
                    use std::os::unix::fs::{MetadataExt, PermissionsExt};
                    // Our own processes own what we create: compare with a file we make now.
                    let mine = tempfile::tempfile().map_err(|e| Error::io(root, e))?;
                    let uid = mine.metadata().map_err(|e| Error::io(root, e))?.uid();
                    unsafe_folder || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0
                };
                if unsafe_folder {
                    return Err(refused(
                        "document_open_folder_unsafe",
                        format!(
                            "De map {} voor geopende documenten is niet privé (een koppeling, of anderen kunnen erin); verwijder haar en probeer opnieuw.",
                            root.display()
                        ),
                        format!(
                            "The folder {} for opened documents is not private (a link, or others may enter it); remove it and try again.",
                            root.display()
                        ),
                    ));
                }
            }
        }
        Ok(root)
    }

    /// Removes every opened copy (at the start and close of Tafel); returns how many folders
    /// went.
    pub fn sweep(&self) -> Result<usize> {
        let entries = match std::fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(Error::io(&self.root, e)),
        };
        let mut removed = 0;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&self.root, e))?;
            let path = entry.path();
            let result = if entry.file_type().map_err(|e| Error::io(&path, e))?.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            result.map_err(|e| Error::io(&path, e))?;
            removed += 1;
        }
        Ok(removed)
    }

    /// Removes one opened copy (and its folder), once its viewer is done.
    pub fn close(&self, opened: &Path) -> Result<()> {
        let Some(folder) = opened
            .parent()
            .filter(|p| p.parent() == Some(self.root.as_path()))
        else {
            return Ok(());
        };
        match std::fs::remove_dir_all(folder) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(folder, e)),
            _ => Ok(()),
        }
    }
}

/// Decrypts a version of a document (the newest by default) into a fresh owner-only folder in
/// `opened` and returns the copy's path, for a viewer. [`OpenedFiles::close`] or
/// [`OpenedFiles::sweep`] removes it; nothing is recorded.
pub fn open_document(
    store: &Store,
    document_id: &str,
    version: Option<u32>,
    opened: &OpenedFiles,
) -> Result<PathBuf> {
    let (_, chosen, bytes) = version_bytes(store, document_id, version)?;
    decrypt_into(opened, &chosen.file_name, chosen.kind, &bytes)
}

/// Writes `bytes` as `file_name` into a fresh owner-only folder in `opened`.
pub(crate) fn decrypt_into(
    opened: &OpenedFiles,
    file_name: &str,
    kind: DocumentKind,
    bytes: &[u8],
) -> Result<PathBuf> {
    let root = opened.private_root()?;
    let mut builder = tempfile::Builder::new();
    builder.prefix("doc-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let folder = builder
        .tempdir_in(root)
        .map_err(|e| Error::io(root, e))?
        .keep();
    let path = folder.join(safe_file_name(file_name, kind));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options
        .open(&path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, bytes));
    if let Err(e) = written {
        // The write failed (a full disk): the half-written copy goes; the write's error is
        // the one to report, and the next sweep removes whatever this removal left.
        let _ = std::fs::remove_dir_all(&folder);
        return Err(Error::io(&path, e));
    }
    Ok(path)
}

/// Reads the text of the PDFs a Tafel stopped before reading (killed between the upload and
/// its text); returns how many were read.
pub fn read_pending_texts(store: &mut Store, actor: &Actor) -> Result<usize> {
    let pending = store.documents().pending_texts()?;
    for sha256 in &pending {
        let bytes = store.documents().bytes(sha256)?;
        record_text(store, actor, sha256, spawn_text_reader(bytes))?;
    }
    Ok(pending.len())
}

/// What opening a document in the desktop app did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OpenedDocument {
    /// The decrypted copy, in the private folder.
    pub path: String,
    /// A viewer was started on it.
    pub viewer_started: bool,
    /// The copy goes as soon as the viewer exits (a viewer named by `TAFEL_VIEWER`, which stays
    /// open while it shows the file); otherwise when Tafel closes or starts again, because the
    /// system's opener returns before the viewer it starts has read the file.
    pub removed_when_viewer_exits: bool,
}

/// Decrypts a document into the private folder and starts a viewer on it: `TAFEL_VIEWER`
/// when set (waited for in a thread, then the copy is removed), otherwise the system's opener.
/// A missing viewer is not an error: the copy's path is returned to be opened by hand.
pub fn open_and_show(
    store: &Store,
    document_id: &str,
    opened: &OpenedFiles,
) -> Result<OpenedDocument> {
    let path = open_document(store, document_id, None, opened)?;
    Ok(show(path, opened))
}

/// The environment variable with which the desktop shell has WebKit run its window's scripts
/// without JavaScriptCore's JIT (tafel-desktop's `scripts_without_jit`). It is meant for the
/// window's own page process only: a viewer started here gets the environment without it.
pub const JSC_USE_JIT: &str = "JSC_useJIT";

/// The viewer's command line for `path`: the window's JavaScriptCore setting ([`JSC_USE_JIT`])
/// is the window's own, not the viewer's.
fn viewer_command(program: &std::ffi::OsStr, path: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(program);
    command
        .arg(path)
        .env_remove(JSC_USE_JIT)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// Starts a viewer on an opened copy (see [`open_and_show`]).
pub(crate) fn show(path: PathBuf, opened: &OpenedFiles) -> OpenedDocument {
    let declared = std::env::var_os("TAFEL_VIEWER").filter(|v| !v.is_empty());
    let (program, waits) = match declared {
        Some(viewer) => (viewer, true),
        None if cfg!(target_os = "macos") => ("open".into(), false),
        None if cfg!(windows) => ("explorer".into(), false),
        None => ("xdg-open".into(), false),
    };
    let child = viewer_command(&program, &path).spawn();
    let viewer_started = child.is_ok();
    if let Ok(mut child) = child {
        let opened = opened.clone();
        let copy = path.clone();
        std::thread::spawn(move || {
            // Reaping the opener either way; a viewer that was waited for is done with the copy.
            // A failure to remove it here is caught by the sweep at close or the next start.
            let waited = child.wait();
            if waits && waited.is_ok() {
                let _ = opened.close(&copy);
            }
        });
    }
    OpenedDocument {
        path: path.display().to_string(),
        viewer_started,
        removed_when_viewer_exits: waits && viewer_started,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{OsStr, OsString};

    #[test]
    fn the_viewer_does_not_inherit_the_windows_javascript_setting() {
        let command = viewer_command(OsStr::new("xdg-open"), Path::new("/tmp/jaarrekening.pdf"));
        let removed: Vec<OsString> = command
            .get_envs()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| name.to_owned())
            .collect();
        assert_eq!(removed, vec![OsString::from("JSC_useJIT")]);
        assert_eq!(
            command.get_args().collect::<Vec<_>>(),
            vec![OsStr::new("/tmp/jaarrekening.pdf")]
        );
    }
}

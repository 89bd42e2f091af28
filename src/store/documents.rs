//! The case dossier in the database: each distinct file once by its SHA-256
//! (`document_blobs`), the documents of a case (`case_documents`) and their versions
//! (`document_versions`). Every change is logged on the document with its case id, so the
//! case's history shows it; the case's search row is rewritten with the documents' names and
//! their PDF text.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

use super::cases::parse_taxonomy;
use super::{Writer, new_id, search};
use crate::domain::document::{
    Document, DocumentKind, DocumentVersion, NewDocument, NewVersion, TextStatus,
};
use crate::domain::{DocumentLevel, DocumentType};
use crate::error::{Error, Result};

/// A document row with its newest version and that version's text status.
const DOCUMENT_SELECT: &str = "SELECT d.id, d.case_id, d.doc_type, d.title, d.note, d.document_date, d.level,
        d.added_at, d.added_by, d.updated_at, d.removed_at, d.removed_by, d.response_id,
        v.version, v.file_name, v.kind, v.size_bytes, v.sha256, v.added_at, v.added_by, b.text_status
    FROM case_documents d
    JOIN document_versions v ON v.document_id = d.id
        AND v.version = (SELECT max(version) FROM document_versions WHERE document_id = d.id)
    JOIN document_blobs b ON b.sha256 = v.sha256";

fn parse_kind(row: &Row<'_>, index: usize) -> rusqlite::Result<DocumentKind> {
    parse_taxonomy(row, index, DocumentKind::from_id)
}

fn parse_text_status(row: &Row<'_>, index: usize) -> rusqlite::Result<TextStatus> {
    parse_taxonomy(row, index, TextStatus::from_id)
}

fn version_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<DocumentVersion> {
    Ok(DocumentVersion {
        version: row.get(at)?,
        file_name: row.get(at + 1)?,
        kind: parse_kind(row, at + 2)?,
        size_bytes: row.get::<_, i64>(at + 3)?.max(0) as u64,
        sha256: row.get(at + 4)?,
        added_at: row.get(at + 5)?,
        added_by: row.get(at + 6)?,
        text_status: parse_text_status(row, at + 7)?,
    })
}

fn document_from_row(row: &Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: row.get(0)?,
        case_id: row.get(1)?,
        doc_type: parse_taxonomy(row, 2, DocumentType::from_id)?,
        title: row.get(3)?,
        note: row.get(4)?,
        document_date: row.get(5)?,
        level: parse_taxonomy(row, 6, DocumentLevel::from_id)?,
        added_at: row.get(7)?,
        added_by: row.get(8)?,
        updated_at: row.get(9)?,
        removed_at: row.get(10)?,
        removed_by: row.get(11)?,
        response_id: row.get(12)?,
        current: version_from_row(row, 13)?,
        stale: None,
        identifying: Vec::new(),
    })
}

/// Read handle on the dossiers.
pub struct Documents<'c> {
    conn: &'c Connection,
}

impl<'c> Documents<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Documents { conn }
    }

    /// The documents of a case, oldest first; removed ones only when asked. The bytes are not
    /// read: a list costs the same whatever the files weigh.
    pub fn of_case(&self, case_id: &str, with_removed: bool) -> Result<Vec<Document>> {
        let sql = format!(
            "{DOCUMENT_SELECT} WHERE d.case_id = ?1 AND (?2 OR d.removed_at IS NULL) ORDER BY d.rowid"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![case_id, with_removed], document_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One document (removed ones too).
    pub fn get(&self, id: &str) -> Result<Document> {
        let sql = format!("{DOCUMENT_SELECT} WHERE d.id = ?1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], document_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "document",
                id: id.to_string(),
            })
    }

    /// Every version of a document, oldest first.
    pub fn versions(&self, id: &str) -> Result<Vec<DocumentVersion>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT v.version, v.file_name, v.kind, v.size_bytes, v.sha256, v.added_at, v.added_by, b.text_status
                 FROM document_versions v JOIN document_blobs b ON b.sha256 = v.sha256
                 WHERE v.document_id = ?1 ORDER BY v.version",
            )?
            .query_map([id], |r| version_from_row(r, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The stored bytes under a SHA-256.
    pub fn bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        self.conn
            .prepare_cached("SELECT bytes FROM document_blobs WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "document",
                id: sha256.to_string(),
            })
    }

    /// Whether bytes with this SHA-256 are stored already.
    pub fn has_blob(&self, sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM document_blobs WHERE sha256 = ?1)")?
            .query_row([sha256], |r| r.get(0))?)
    }

    /// The text read from the bytes under a SHA-256 (none for other than PDFs, or unreadable).
    pub fn text(&self, sha256: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT text FROM document_blobs WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// What a case's dossier weighs: the newest versions of its documents that are not removed.
    pub fn case_bytes(&self, case_id: &str) -> Result<u64> {
        let total: i64 = self.conn.prepare_cached(
            "SELECT coalesce(sum(v.size_bytes), 0) FROM case_documents d
             JOIN document_versions v ON v.document_id = d.id
                AND v.version = (SELECT max(version) FROM document_versions WHERE document_id = d.id)
             WHERE d.case_id = ?1 AND d.removed_at IS NULL",
        )?
        .query_row([case_id], |r| r.get(0))?;
        Ok(total.max(0) as u64)
    }

    /// The stored files whose text is still to be read (PDFs added by a Tafel that stopped
    /// before it read them).
    pub fn pending_texts(&self) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT sha256 FROM document_blobs WHERE text_status = 'pending'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every document in a dossier that may leave this laptop (level consented or whole
    /// table, not removed), for sharing to decide who receives it.
    pub fn shareable(&self) -> Result<Vec<Document>> {
        let sql = format!(
            "{DOCUMENT_SELECT} WHERE d.level <> 'coordinator' AND d.removed_at IS NULL ORDER BY d.rowid"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], document_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The whole-table documents of every case (for sharing and the meeting pack), oldest first.
    pub fn at_level(&self, case_id: &str, level: DocumentLevel) -> Result<Vec<Document>> {
        Ok(self
            .of_case(case_id, false)?
            .into_iter()
            .filter(|d| d.level == level)
            .collect())
    }
}

/// Stored files no document of this dossier and no received document uses any more: the
/// received ones are the `document` entities sharing holds with their `sha256`.
const UNUSED_BLOBS: &str = "DELETE FROM document_blobs
    WHERE sha256 NOT IN (SELECT sha256 FROM document_versions)
      AND sha256 NOT IN (SELECT json_extract(value, '$') FROM sync_fields
                         WHERE entity = 'document' AND field = 'sha256' AND value <> 'null')";

/// Write handle on the dossiers, inside one use case's transaction.
pub struct DocumentsMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> DocumentsMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        DocumentsMut { w }
    }

    fn conn(&self) -> &Connection {
        self.w.conn()
    }

    /// Stores bytes under their SHA-256 unless they are there already; true when new.
    /// `text_status` is what the text of new bytes will be (`pending` for a PDF).
    pub fn put_blob(
        &self,
        version: &NewVersion,
        bytes: &[u8],
        text_status: TextStatus,
    ) -> Result<bool> {
        let added = self.conn().prepare_cached(
            "INSERT OR IGNORE INTO document_blobs (sha256, size_bytes, bytes, text_status) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![version.sha256, version.size_bytes as i64, bytes, text_status.id()])?;
        Ok(added > 0)
    }

    /// Keeps the bytes of a document received from the coordinator (read-only here: no
    /// version of this device's own dossier points at them). Their text is not read.
    pub fn put_received_blob(&self, sha256: &str, bytes: &[u8]) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO document_blobs (sha256, size_bytes, bytes, text_status) VALUES (?1, ?2, ?3, 'none')",
            )?
            .execute(params![sha256, bytes.len() as i64, bytes])?;
        Ok(())
    }

    /// Deletes the stored files nothing uses any more (a received document withdrawn or
    /// replaced). Returns how many.
    /// The freed space is overwritten with zeros (`secure_delete`), so the withdrawn file is not
    /// left readable in unused pages of the decrypted database either.
    pub fn purge_unused_blobs(&self) -> Result<usize> {
        let conn = self.conn();
        let was: bool = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
        conn.pragma_update(None, "secure_delete", true)?;
        let deleted = conn.execute(UNUSED_BLOBS, []);
        conn.pragma_update(None, "secure_delete", was)?;
        Ok(deleted?)
    }

    fn insert_version(&self, document_id: &str, number: u32, version: &NewVersion) -> Result<()> {
        self.conn().prepare_cached(
            "INSERT INTO document_versions (id, document_id, version, sha256, file_name, kind, size_bytes, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            new_id(),
            document_id,
            number,
            version.sha256,
            version.file_name,
            version.kind.id(),
            version.size_bytes as i64,
            self.w.now(),
            self.w.actor().author,
        ])?;
        Ok(())
    }

    /// Adds a document to a case with its first version (whose bytes [`Self::put_blob`] stored).
    pub fn insert(
        &self,
        case_id: &str,
        new: &NewDocument,
        version: &NewVersion,
    ) -> Result<Document> {
        let id = new_id();
        self.conn().prepare_cached(
            "INSERT INTO case_documents (id, case_id, doc_type, title, note, document_date, level, added_at, added_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)",
        )?
        .execute(params![
            id,
            case_id,
            new.doc_type.id(),
            new.title,
            new.note,
            new.document_date,
            new.level.id(),
            self.w.now(),
            self.w.actor().author,
        ])?;
        self.insert_version(&id, 1, version)?;
        self.w.log(
            "document",
            &id,
            "create",
            &json!({
                "case_id": [null, case_id],
                "doc_type": [null, new.doc_type],
                "title": [null, new.title],
                "note": [null, new.note],
                "document_date": [null, new.document_date],
                "level": [null, new.level],
                "version": [null, 1],
                "file_name": [null, version.file_name],
                "kind": [null, version.kind],
                "size_bytes": [null, version.size_bytes],
                "sha256": [null, version.sha256],
            }),
        )?;
        search::reindex_case(self.conn(), case_id)?;
        Documents::new(self.conn()).get(&id)
    }

    /// Adds a newer version of a document; the older ones are kept.
    pub fn add_version(&self, document: &Document, version: &NewVersion) -> Result<Document> {
        let number = document.current.version + 1;
        self.insert_version(&document.id, number, version)?;
        self.touch(&document.id)?;
        self.w.log(
            "document",
            &document.id,
            "replace",
            &json!({
                "case_id": [document.case_id, document.case_id],
                "version": [document.current.version, number],
                "file_name": [document.current.file_name, version.file_name],
                "kind": [document.current.kind, version.kind],
                "size_bytes": [document.current.size_bytes, version.size_bytes],
                "sha256": [document.current.sha256, version.sha256],
            }),
        )?;
        search::reindex_case(self.conn(), &document.case_id)?;
        Documents::new(self.conn()).get(&document.id)
    }

    fn touch(&self, id: &str) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE case_documents SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![id, self.w.now()])?;
        Ok(())
    }

    /// Changes what is said about a document (type, title, note, date, level, the decline it
    /// documents); logs the fields that changed.
    pub fn update(
        &self,
        document: &Document,
        new: &NewDocument,
        response_id: Option<&str>,
    ) -> Result<Document> {
        self.conn().prepare_cached(
            "UPDATE case_documents SET doc_type = ?2, title = ?3, note = ?4, document_date = ?5, level = ?6,
                response_id = ?7, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(params![
            document.id,
            new.doc_type.id(),
            new.title,
            new.note,
            new.document_date,
            new.level.id(),
            response_id,
            self.w.now(),
        ])?;
        let old = json!({
            "doc_type": document.doc_type, "title": document.title, "note": document.note,
            "document_date": document.document_date, "level": document.level, "response_id": document.response_id,
        });
        let now = json!({
            "doc_type": new.doc_type, "title": new.title, "note": new.note,
            "document_date": new.document_date, "level": new.level, "response_id": response_id,
        });
        let mut changes = super::diff(&old, &now);
        if let Some(map) = changes.as_object_mut() {
            if map.is_empty() {
                return Documents::new(self.conn()).get(&document.id);
            }
            map.insert(
                "case_id".into(),
                json!([document.case_id, document.case_id]),
            );
        }
        self.w.log("document", &document.id, "update", &changes)?;
        search::reindex_case(self.conn(), &document.case_id)?;
        Documents::new(self.conn()).get(&document.id)
    }

    /// Takes a document out of the dossier; its rows and bytes stay for the history until an
    /// erasure.
    pub fn remove(&self, document: &Document) -> Result<Document> {
        self.conn().prepare_cached(
            "UPDATE case_documents SET removed_at = ?2, removed_by = ?3, updated_at = ?2 WHERE id = ?1",
        )?
        .execute(params![document.id, self.w.now(), self.w.actor().author])?;
        self.w.log(
            "document",
            &document.id,
            "remove",
            &json!({
                "case_id": [document.case_id, document.case_id],
                "removed_at": [null, self.w.now()],
            }),
        )?;
        search::reindex_case(self.conn(), &document.case_id)?;
        Documents::new(self.conn()).get(&document.id)
    }

    /// Records the text read from stored bytes and rewrites the search rows of the cases whose
    /// documents hold them.
    pub fn set_text(&self, sha256: &str, status: TextStatus, text: Option<&str>) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE document_blobs SET text_status = ?2, text = ?3 WHERE sha256 = ?1",
            )?
            .execute(params![sha256, status.id(), text])?;
        let cases = self
            .conn()
            .prepare_cached(
                "SELECT DISTINCT d.case_id FROM document_versions v JOIN case_documents d ON d.id = v.document_id
                 WHERE v.sha256 = ?1",
            )?
            .query_map([sha256], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for case_id in cases {
            search::reindex_case(self.conn(), &case_id)?;
        }
        Ok(())
    }
}

/// Deletes the documents of the cases an erasure works on (`temp.erasure_cases`), their
/// versions and every stored file no other document still uses. Returns the rows deleted.
pub(crate) fn erase_documents_of_scope(conn: &Connection, scope: &str) -> Result<u32> {
    let mut deleted = 0usize;
    deleted += conn.execute(
        &format!("DELETE FROM document_versions WHERE document_id IN (SELECT id FROM case_documents WHERE case_id IN (SELECT id FROM {scope}))"),
        [],
    )?;
    deleted += conn.execute(
        &format!("DELETE FROM case_documents WHERE case_id IN (SELECT id FROM {scope})"),
        [],
    )?;
    // What sharing holds of them (titles, SHA-256s) is forgotten by the erasure itself
    // (`store::erasure`), so that the next bundle withdraws them from whoever received them.
    deleted += conn.execute(UNUSED_BLOBS, [])?;
    Ok(u32::try_from(deleted).unwrap_or(u32::MAX))
}

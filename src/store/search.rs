//! The FTS5 indexes over cases and companies, kept current by the writers.

use rusqlite::{Connection, params};

use crate::error::Result;

/// What the dossier adds to a case's search row: the title and file name of each document
/// that is not removed, and the text read from its newest version (a PDF's).
const DOSSIER_TEXT: &str = "(SELECT group_concat(concat_ws(' ', d.title, v.file_name, b.text), ' ')
      FROM case_documents d
      JOIN document_versions v ON v.document_id = d.id
        AND v.version = (SELECT max(version) FROM document_versions WHERE document_id = d.id)
      JOIN document_blobs b ON b.sha256 = v.sha256
      WHERE d.case_id = c.id AND d.removed_at IS NULL)";

/// Rewrites the index row of one case (removing it for a deleted case).
pub(crate) fn reindex_case(conn: &Connection, case_id: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM case_fts WHERE rowid = (SELECT rowid FROM cases WHERE id = ?1)",
    )?
    .execute([case_id])?;
    conn.prepare_cached(&format!(
        "INSERT INTO case_fts (rowid, case_number, company_name, kvk, municipality, text)
         SELECT c.rowid, c.case_number, co.name, co.kvk, co.municipality,
                concat_ws(' ', c.notes, c.next_action, c.referrer, c.earlier_declines, c.owner, c.sbi_code, {DOSSIER_TEXT})
         FROM cases c JOIN companies co ON co.id = c.company_id
         WHERE c.id = ?1 AND c.deleted_at IS NULL"
    ))?
    .execute([case_id])?;
    Ok(())
}

/// Rewrites the index row of one company and of all its cases.
pub(crate) fn reindex_company(conn: &Connection, company_id: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM company_fts WHERE rowid = (SELECT rowid FROM companies WHERE id = ?1)",
    )?
    .execute([company_id])?;
    conn.prepare_cached("INSERT INTO company_fts (rowid, name, kvk, municipality) SELECT rowid, name, kvk, municipality FROM companies WHERE id = ?1")?
        .execute(params![company_id])?;
    let mut stmt = conn.prepare_cached("SELECT id FROM cases WHERE company_id = ?1")?;
    let ids = stmt
        .query_map([company_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids {
        reindex_case(conn, &id)?;
    }
    Ok(())
}

/// Rebuilds both indexes from the tables, as the per-row functions above would (after a restore).
pub(crate) fn rebuild_search_indexes(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM company_fts", [])?;
    conn.execute("DELETE FROM case_fts", [])?;
    conn.execute("INSERT INTO company_fts (rowid, name, kvk, municipality) SELECT rowid, name, kvk, municipality FROM companies", [])?;
    conn.execute(
        &format!("INSERT INTO case_fts (rowid, case_number, company_name, kvk, municipality, text)
         SELECT c.rowid, c.case_number, co.name, co.kvk, co.municipality,
                concat_ws(' ', c.notes, c.next_action, c.referrer, c.earlier_declines, c.owner, c.sbi_code, {DOSSIER_TEXT})
         FROM cases c JOIN companies co ON co.id = c.company_id
         WHERE c.deleted_at IS NULL"),
        [],
    )?;
    Ok(())
}

/// Turns what a user typed into an FTS5 query: every word must match as a prefix.
///
/// Quotes and operators are dropped, so no input can make the query invalid.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{t}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_text_becomes_a_safe_prefix_query() {
        assert_eq!(
            fts_query("zonne dauw").as_deref(),
            Some("\"zonne\"* \"dauw\"*")
        );
        assert_eq!(
            fts_query("\"OR* NEAR(").as_deref(),
            Some("\"OR\"* \"NEAR\"*")
        );
        assert_eq!(fts_query("  -- "), None);
    }
}

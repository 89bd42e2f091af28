-- The case dossier: documents attached to a case, inside the encrypted database.
--
-- The bytes of each distinct file are kept once, by their SHA-256 (the same file attached twice,
-- to one case or two, is one blob). A document is one paper of a case (its type, note, date
-- and who may see it); each replacement adds a version pointing at a blob. A removed document
-- keeps its row and versions (history) until an erasure deletes them with their blobs.

CREATE TABLE document_blobs (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    bytes        BLOB NOT NULL,
    -- What text extraction made of it: 'none' (not a PDF), 'pending', 'read' or 'unreadable'.
    text_status  TEXT NOT NULL CHECK (text_status IN ('none', 'pending', 'read', 'unreadable')),
    text         TEXT
) STRICT;

CREATE TABLE case_documents (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases(id),
    doc_type       TEXT NOT NULL,
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    note           TEXT,
    document_date  TEXT,
    level          TEXT NOT NULL DEFAULT 'coordinator' CHECK (level IN ('coordinator', 'consented', 'table')),
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    removed_at     TEXT,
    removed_by     TEXT,
    -- A bank's decline letter points at the declining response it documents.
    response_id    TEXT REFERENCES case_responses(id)
) STRICT;
CREATE INDEX case_documents_case ON case_documents(case_id, removed_at);

CREATE TABLE document_versions (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES case_documents(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    sha256       TEXT NOT NULL REFERENCES document_blobs(sha256),
    file_name    TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    kind         TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL,
    UNIQUE (document_id, version)
) STRICT;
CREATE INDEX document_versions_blob ON document_versions(sha256);

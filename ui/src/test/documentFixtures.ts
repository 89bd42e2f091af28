// A dossier document as the core returns it, for the components' tests.
import type { Document } from "../lib/bindings/Document";

export function doc(overrides: Partial<Document>): Document {
  return {
    id: "doc-1",
    case_id: "case-1",
    doc_type: "kvk_extract",
    title: "KvK-uittreksel",
    note: null,
    document_date: "2026-01-05",
    level: "coordinator",
    added_at: "2026-11-20T10:00:00Z",
    added_by: "Marieke Jansen",
    updated_at: "2026-11-20T10:00:00Z",
    removed_at: null,
    removed_by: null,
    response_id: null,
    current: {
      version: 2,
      file_name: "uittreksel.pdf",
      kind: "pdf",
      size_bytes: 2_621_440,
      sha256: "ab".repeat(32),
      added_at: "2026-11-21T10:00:00Z",
      added_by: "Marieke Jansen",
      text_status: "unreadable",
    },
    stale: "kvk_extract_old",
    identifying: [],
    ...overrides,
  };
}

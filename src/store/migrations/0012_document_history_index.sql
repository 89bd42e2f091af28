-- The case page finds its dossier's entries in the change log by the case id each document
-- entry carries (`changes.case_id[1]`, kept through an erasure). Without an index that was a
-- JSON read of every document entry of every case, on every case page.
CREATE INDEX change_log_document_case
    ON change_log (json_extract(changes, '$.case_id[1]'), seq)
    WHERE entity = 'document';

-- Saved views of the case list: a name and a CaseFilter as JSON.
CREATE TABLE saved_views (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    filter      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- The case list's filters each get an index, so a filter reads only its own cases: sector and
-- owner on cases (status and intake date have theirs since 0001), province on companies
-- (the list filters through the company ids of a province).
CREATE INDEX cases_sector ON cases(sector) WHERE deleted_at IS NULL;
CREATE INDEX cases_owner ON cases(owner) WHERE deleted_at IS NULL;
CREATE INDEX companies_province ON companies(province);

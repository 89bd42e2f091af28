-- The case list's filters each get an index, so a filter reads only its own cases. Status,
-- sector and owner carry the intake date as well: the list's default order (newest intake
-- first), so its first page is read in order from the index instead of sorting every match.
-- Province goes through the companies (the list filters on a province's company ids).
CREATE INDEX cases_status_intake ON cases(status, intake_date) WHERE deleted_at IS NULL;
CREATE INDEX cases_sector_intake ON cases(sector, intake_date) WHERE deleted_at IS NULL;
CREATE INDEX cases_owner_intake ON cases(owner, intake_date) WHERE deleted_at IS NULL;
CREATE INDEX cases_deleted_intake ON cases(intake_date) WHERE deleted_at IS NULL;
CREATE INDEX companies_province ON companies(province);

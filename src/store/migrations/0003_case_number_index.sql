-- The next case number of a year is max(number) + 1: an expression index makes that one
-- lookup instead of a scan of the year's cases (numbers pass 9999 in large tables, so the
-- text order of case_number is not the numeric order).
CREATE INDEX cases_number_sequence ON cases (substr(case_number, 1, 4), CAST(substr(case_number, 6) AS INTEGER));

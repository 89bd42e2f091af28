-- The register's text in English beside the Dutch: an instrument's rules and uncertainty note
-- as the English UI and English documents show them (empty: the English side shows the Dutch).
ALTER TABLE instruments ADD COLUMN rules_en TEXT;
ALTER TABLE instruments ADD COLUMN uncertainty_en TEXT;

-- Focus versus mandate: whether an instrument's listed sectors (and stages) are favoured
-- ('focus': a regional development company invests across its region) or the only ones it
-- serves ('exclusive': a specialised fund). Strict where nothing is said; importing the
-- starter register again gives the ROMs their focus.
ALTER TABLE instruments ADD COLUMN sector_mode TEXT NOT NULL DEFAULT 'exclusive' CHECK (sector_mode IN ('focus', 'exclusive'));
ALTER TABLE instruments ADD COLUMN stage_mode TEXT NOT NULL DEFAULT 'exclusive' CHECK (stage_mode IN ('focus', 'exclusive'));

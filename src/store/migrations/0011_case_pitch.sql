-- A short pitch of the business written for sharing (the slide and the anonymised one-pagers
-- show it); never filled from the notes.
ALTER TABLE cases ADD COLUMN pitch TEXT;

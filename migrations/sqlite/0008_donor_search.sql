-- What staff search finds a donor by: email and name, lower-cased and without
-- accents (computed by the application, since SQLite's LOWER folds ASCII
-- only). NULL until computed: the application fills it for older rows when it
-- migrates.
ALTER TABLE donors ADD COLUMN search_key TEXT;

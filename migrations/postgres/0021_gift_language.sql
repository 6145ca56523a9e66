-- The language the donor gave in: every later email about the gift (monthly
-- payments included, copied from the first) is written in it.
ALTER TABLE donations ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';

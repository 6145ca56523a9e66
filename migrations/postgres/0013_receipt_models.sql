-- The receipt models as data (domain::cerfa). The organisation's category box
-- may have a sub-box (« Association loi 1901 »), a date of publication in the
-- Journal officiel (with the decree's), or its own words (« Autres »).
ALTER TABLE organisation ADD COLUMN category_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN association_1901 BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE organisation ADD COLUMN journal_officiel_date DATE;
-- Set when an admin saves the organisation's real details: until then the
-- organisation is the sample a fresh install starts with, and its receipts are
-- specimens. An installation whose details were already replaced is real.
ALTER TABLE organisation ADD COLUMN details_saved BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE organisation SET details_saved = TRUE WHERE registration_number <> 'W000000000';
UPDATE organisation SET association_1901 = TRUE WHERE category = 'interet_general';

-- How a receipt is laid out: 1 for those issued before the models became
-- data (they render again to the bytes on record), 2 since.
ALTER TABLE receipts ADD COLUMN layout BIGINT NOT NULL DEFAULT 1;
-- A specimen: issued under the sample organisation, numbered apart (negative
-- seq, « SPECIMEN-2026-000001 »), outside the register, the 222 bis figures,
-- the journal and the archive.
ALTER TABLE receipts ADD COLUMN specimen BOOLEAN NOT NULL DEFAULT FALSE;

-- A company that gives: its name, legal form and SIREN (JSON, see
-- domain::donation::Company), NULL for a person. Its receipts follow the
-- companies' model (Cerfa 16216*03).
ALTER TABLE donations ADD COLUMN company TEXT;
ALTER TABLE subscriptions ADD COLUMN company TEXT;
ALTER TABLE receipts ADD COLUMN company TEXT;

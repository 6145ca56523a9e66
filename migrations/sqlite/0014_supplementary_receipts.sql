-- A payment of year N recorded after N's yearly summary gets a supplementary
-- receipt of its own (the summary stands): 0 is the summary, 1, 2… the
-- supplements of the same identity and year, each valid one once.
ALTER TABLE receipts ADD COLUMN supplement INTEGER NOT NULL DEFAULT 0;
DROP INDEX receipts_one_per_identity_year;
CREATE UNIQUE INDEX receipts_one_per_identity_year ON receipts (donor_id, covers_year, donor_key, supplement)
    WHERE kind = 'annual' AND status = 'valid';

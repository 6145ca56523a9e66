-- Images printed on receipts (logo, signature), by content hash. A receipt's
-- organisation snapshot names them, so that a later upload never changes an
-- issued receipt, and its PDF can be rendered again to the same bytes.
CREATE TABLE receipt_images (
    sha256 TEXT PRIMARY KEY,
    png    BYTEA NOT NULL
);

-- The year a yearly summary covers.
ALTER TABLE receipts ADD COLUMN covers_year BIGINT;

-- At most one valid receipt per one-off gift, and one valid summary per donor
-- and year: a retried job or two workers cannot issue a second one.
CREATE UNIQUE INDEX receipts_one_per_gift ON receipts (donation_id) WHERE kind = 'single' AND status = 'valid';
CREATE UNIQUE INDEX receipts_one_per_donor_year ON receipts (donor_id, covers_year) WHERE kind = 'annual' AND status = 'valid';

-- A gift pledged by bank transfer: the personal reference the donor writes
-- on their transfer (domain::transfer), unique, to match the bank's statement.
ALTER TABLE donations ADD COLUMN transfer_ref TEXT;
CREATE UNIQUE INDEX donations_by_transfer_ref ON donations (transfer_ref) WHERE transfer_ref IS NOT NULL;

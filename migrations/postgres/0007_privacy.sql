-- When a receipt's donor details were blanked, after the six years the law
-- requires it be kept (its number, amount and dates stay for the register).
ALTER TABLE receipts ADD COLUMN purged_at TIMESTAMPTZ;

-- The verification address printed on a receipt, recorded with its hash the
-- first time it is rendered: a later change of the site's address does not
-- change the document.
ALTER TABLE receipts ADD COLUMN verify_url TEXT;

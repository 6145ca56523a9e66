-- When a receipt's donor details were blanked, after the six years the law
-- requires it be kept (its number, amount and dates stay for the register).
ALTER TABLE receipts ADD COLUMN purged_at TEXT;

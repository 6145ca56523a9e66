-- When a gift was last refunded: the accounting journal dates its reversal.
ALTER TABLE donations ADD COLUMN refunded_at TIMESTAMPTZ;

-- Finance lists and exports select gifts by the date they were received, and
-- look up the yearly summary that lists a payment.
CREATE INDEX donations_confirmed ON donations (confirmed_at);
CREATE INDEX receipt_lines_donation ON receipt_lines (donation_id);
CREATE INDEX receipts_replaces ON receipts (replaces_receipt_id);

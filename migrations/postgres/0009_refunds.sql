-- Each refund on its own date: a gift refunded in part in December and again
-- in January belongs to two years' books. `donations.refunded_cents` and
-- `refunded_at` stay as the running total and the last date.
CREATE TABLE refunds (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    donation_id BIGINT NOT NULL REFERENCES donations (id),
    cents       BIGINT NOT NULL CHECK (cents > 0),
    refunded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX refunds_by_date ON refunds (refunded_at, id);
CREATE INDEX refunds_by_donation ON refunds (donation_id);

-- Refunds recorded before this table: one line, at the last refund's date,
-- for the total (what was known).
INSERT INTO refunds (donation_id, cents, refunded_at)
SELECT id, refunded_cents, refunded_at FROM donations
WHERE refunded_cents > 0 AND refunded_at IS NOT NULL;

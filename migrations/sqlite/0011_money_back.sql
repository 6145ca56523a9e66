-- Money that goes back, from every source, through one path (see
-- domain::lifecycle). The refunds ledger now says why each line moved money
-- (a refund, a chargeback lost, a debit returned, or a refund that failed and
-- brought the money back: a negative line), and the provider's refund it came
-- from where known, so that a repeat is recorded once.
CREATE TABLE refunds_new (
    id           INTEGER PRIMARY KEY,
    donation_id  INTEGER NOT NULL REFERENCES donations (id),
    cents        INTEGER NOT NULL CHECK (cents <> 0),
    refunded_at  TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT 'refund'
                 CHECK (reason IN ('refund', 'dispute_lost', 'debit_failed', 'refund_failed')),
    provider_ref TEXT,
    UNIQUE (donation_id, provider_ref)
);
INSERT INTO refunds_new (id, donation_id, cents, refunded_at)
SELECT id, donation_id, cents, refunded_at FROM refunds;
DROP TABLE refunds;
ALTER TABLE refunds_new RENAME TO refunds;
CREATE INDEX refunds_by_date ON refunds (refunded_at, id);
CREATE INDEX refunds_by_donation ON refunds (donation_id);

-- When the provider said what it last said about money going back for this
-- payment (its event's creation time): an older report arriving late is stale.
ALTER TABLE donations ADD COLUMN money_back_reported_at TEXT;

-- Every reference a provider knows a payment by (invoice, payment intent,
-- charge), recorded when the payment is or when a lookup found it, so that an
-- event naming any of them finds the gift, and a replay needs no network.
CREATE TABLE payment_links (
    provider    TEXT NOT NULL,
    reference   TEXT NOT NULL,
    donation_id INTEGER NOT NULL REFERENCES donations (id),
    found_by    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (provider, reference)
);
CREATE INDEX payment_links_by_donation ON payment_links (donation_id);

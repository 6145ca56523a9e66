-- Money that goes back, from every source, through one path (see
-- domain::lifecycle). The refunds ledger now says why each line moved money
-- (a refund, a chargeback lost, a debit returned, or a refund that failed and
-- brought the money back: a negative line), and the provider's refund it came
-- from where known, so that a repeat is recorded once.
ALTER TABLE refunds DROP CONSTRAINT refunds_cents_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_cents_check CHECK (cents <> 0);
ALTER TABLE refunds ADD COLUMN reason TEXT NOT NULL DEFAULT 'refund'
    CHECK (reason IN ('refund', 'dispute_lost', 'debit_failed', 'refund_failed'));
ALTER TABLE refunds ADD COLUMN provider_ref TEXT;
ALTER TABLE refunds ADD CONSTRAINT refunds_once_per_provider_ref UNIQUE (donation_id, provider_ref);

-- When the provider said what it last said about money going back for this
-- payment (its event's creation time): an older report arriving late is stale.
ALTER TABLE donations ADD COLUMN money_back_reported_at TIMESTAMPTZ;

-- Every reference a provider knows a payment by (invoice, payment intent,
-- charge), recorded when the payment is or when a lookup found it, so that an
-- event naming any of them finds the gift, and a replay needs no network.
CREATE TABLE payment_links (
    provider    TEXT NOT NULL,
    reference   TEXT NOT NULL,
    donation_id BIGINT NOT NULL REFERENCES donations (id),
    found_by    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, reference)
);
CREATE INDEX payment_links_by_donation ON payment_links (donation_id);

-- The whole model of soutenir. Later issues fill tables created here; later
-- migrations stay small. Timestamps are TIMESTAMPTZ; money is in cents.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The organisation's legal details, copied into each receipt when it is issued.
CREATE TABLE organisation (
    id                         SMALLINT PRIMARY KEY CHECK (id = 1),
    legal_name                 TEXT NOT NULL,
    registration_kind          TEXT NOT NULL DEFAULT 'rna' CHECK (registration_kind IN ('siren', 'rna')),
    registration_number        TEXT NOT NULL DEFAULT '',
    address                    TEXT NOT NULL DEFAULT '',
    postal_code                TEXT NOT NULL DEFAULT '',
    city                       TEXT NOT NULL DEFAULT '',
    country                    TEXT NOT NULL DEFAULT 'FR',
    object                     TEXT NOT NULL DEFAULT '',
    category                   TEXT NOT NULL DEFAULT 'interet_general',
    public_utility_decree_date DATE,
    reduction_rate_percent     BIGINT NOT NULL DEFAULT 66 CHECK (reduction_rate_percent IN (66, 75)),
    signatory_name             TEXT NOT NULL DEFAULT '',
    signatory_role             TEXT NOT NULL DEFAULT '',
    signature_png              BYTEA,
    logo_png                   BYTEA,
    receipt_min_cents          BIGINT NOT NULL DEFAULT 0 CHECK (receipt_min_cents >= 0),
    cerfa_revision             TEXT NOT NULL DEFAULT '11580*05',
    updated_at                 TIMESTAMPTZ NOT NULL
);

CREATE TABLE campaigns (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    body_markdown     TEXT NOT NULL DEFAULT '',
    goal_kind         TEXT NOT NULL CHECK (goal_kind IN ('amount', 'donors')),
    goal_cents        BIGINT NOT NULL DEFAULT 0 CHECK (goal_cents >= 0),
    goal_donors       BIGINT NOT NULL DEFAULT 0 CHECK (goal_donors >= 0),
    starts_at         TIMESTAMPTZ NOT NULL,
    ends_at           TIMESTAMPTZ NOT NULL,
    -- suggested amounts in cents, comma-separated, in display order
    suggested_amounts TEXT NOT NULL DEFAULT '',
    monthly_counting  TEXT NOT NULL DEFAULT 'each_payment' CHECK (monthly_counting IN ('each_payment', 'yearly_pledge')),
    closed_at         TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- Running totals, updated in the same transaction as each payment or refund.
-- Spread over a few rows per campaign (a payment updates the row of its shard),
-- so that concurrent payments do not queue on one hot row; the totals are the
-- sum of a campaign's rows.
CREATE TABLE campaign_totals (
    campaign_id    BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    shard          BIGINT NOT NULL,
    raised_cents   BIGINT NOT NULL DEFAULT 0,
    donor_count    BIGINT NOT NULL DEFAULT 0,
    donation_count BIGINT NOT NULL DEFAULT 0,
    -- incremented by every change: the sum over shards orders a campaign's totals
    version        BIGINT NOT NULL DEFAULT 0,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (campaign_id, shard)
);

CREATE TABLE donors (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    first_name  TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT 'FR',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    erased_at   TIMESTAMPTZ
);

-- Which donors have given to which campaign, so the donor count moves only on a
-- donor's first confirmed gift and back when their last one is refunded.
CREATE TABLE campaign_donors (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    donor_id    BIGINT NOT NULL REFERENCES donors (id),
    gifts       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, donor_id)
);

CREATE TABLE subscriptions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    campaign_id  BIGINT NOT NULL REFERENCES campaigns (id),
    donor_id     BIGINT NOT NULL REFERENCES donors (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    currency     TEXT NOT NULL DEFAULT 'EUR',
    status       TEXT NOT NULL CHECK (status IN ('pending', 'active', 'past_due', 'cancelled')),
    provider     TEXT NOT NULL,
    provider_ref TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    cancelled_at TIMESTAMPTZ,
    UNIQUE (provider, provider_ref)
);

CREATE TABLE donations (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    campaign_id     BIGINT NOT NULL REFERENCES campaigns (id),
    donor_id        BIGINT NOT NULL REFERENCES donors (id),
    subscription_id BIGINT REFERENCES subscriptions (id),
    frequency       TEXT NOT NULL CHECK (frequency IN ('once', 'monthly')),
    amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
    currency        TEXT NOT NULL DEFAULT 'EUR',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    refunded_cents  BIGINT NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    -- what this payment added to the campaign's raised amount when confirmed (see
    -- MonthlyCounting); refunds take back a share of it, see refund_change
    counted_cents   BIGINT NOT NULL DEFAULT 0,
    method          TEXT CHECK (method IN ('card', 'sepa_debit', 'cheque', 'transfer', 'cash')),
    provider        TEXT NOT NULL CHECK (provider IN ('demo', 'stripe', 'offline')),
    provider_ref    TEXT,
    idempotency_key TEXT UNIQUE,
    wants_receipt   BOOLEAN NOT NULL DEFAULT FALSE,
    offline_detail  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    confirmed_at    TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    UNIQUE (provider, provider_ref)
);
CREATE INDEX donations_campaign_status ON donations (campaign_id, status);
CREATE INDEX donations_donor ON donations (donor_id);
CREATE INDEX donations_subscription ON donations (subscription_id);

CREATE TABLE staff_users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'finance', 'moderator')),
    password_hash TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ,
    disabled_at   TIMESTAMPTZ
);

-- One-time links to set a password (first admin, invitations, resets). Only the
-- SHA-256 of the token is kept.
CREATE TABLE staff_invitations (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('first_admin', 'invitation', 'reset')),
    user_id    BIGINT REFERENCES staff_users (id),
    email      TEXT,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'finance', 'moderator')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE guestbook_entries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    donation_id      BIGINT NOT NULL UNIQUE REFERENCES donations (id),
    campaign_id      BIGINT NOT NULL REFERENCES campaigns (id),
    display_name     TEXT NOT NULL DEFAULT '',
    message          TEXT NOT NULL,
    show_amount      BOOLEAN NOT NULL DEFAULT FALSE,
    status           TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'pending', 'approved', 'rejected', 'hidden', 'withdrawn')),
    rejection_reason TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    submitted_at     TIMESTAMPTZ,
    moderated_at     TIMESTAMPTZ,
    moderated_by     BIGINT REFERENCES staff_users (id)
);
CREATE INDEX guestbook_by_status ON guestbook_entries (campaign_id, status, moderated_at);

-- One unbroken sequence of receipt numbers per calendar year of issue.
CREATE TABLE receipt_counters (
    year        BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);

CREATE TABLE receipts (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number                TEXT NOT NULL UNIQUE,
    year                  BIGINT NOT NULL,
    seq                   BIGINT NOT NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('single', 'annual')),
    donor_id              BIGINT NOT NULL REFERENCES donors (id),
    donation_id           BIGINT REFERENCES donations (id),
    donor_first_name      TEXT NOT NULL,
    donor_last_name       TEXT NOT NULL,
    donor_address         TEXT NOT NULL,
    donor_postal_code     TEXT NOT NULL,
    donor_city            TEXT NOT NULL,
    donor_country         TEXT NOT NULL,
    organisation_snapshot TEXT NOT NULL,
    amount_cents          BIGINT NOT NULL CHECK (amount_cents > 0),
    amount_words          TEXT NOT NULL,
    payment_method        TEXT NOT NULL CHECK (payment_method IN ('cash', 'cheque', 'transfer_debit_card')),
    gift_date             DATE,
    period_start          DATE,
    period_end            DATE,
    cerfa_revision        TEXT NOT NULL,
    issued_at             TIMESTAMPTZ NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('valid', 'cancelled')),
    cancelled_at          TIMESTAMPTZ,
    cancel_reason         TEXT,
    replaces_receipt_id   BIGINT REFERENCES receipts (id),
    pdf_sha256            TEXT,
    UNIQUE (year, seq)
);
CREATE INDEX receipts_donor ON receipts (donor_id);
CREATE INDEX receipts_donation ON receipts (donation_id);

-- The payments a yearly summary receipt covers (its annex).
CREATE TABLE receipt_lines (
    receipt_id   BIGINT NOT NULL REFERENCES receipts (id),
    donation_id  BIGINT NOT NULL REFERENCES donations (id),
    paid_on      DATE NOT NULL,
    amount_cents BIGINT NOT NULL,
    PRIMARY KEY (receipt_id, donation_id)
);

-- Every payment-provider event received, once per event id.
CREATE TABLE webhook_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'refused', 'failed', 'ignored')),
    detail      TEXT,
    payload     TEXT NOT NULL,
    UNIQUE (provider, event_id)
);

-- Durable outbox: emails, receipt PDFs. Retried with backoff, idempotent.
CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    dedupe_key   TEXT UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    run_at       TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES staff_users (id),
    actor_label TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);

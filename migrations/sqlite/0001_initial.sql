-- The whole model of soutenir. Later issues fill tables created here; later
-- migrations stay small. Timestamps are RFC 3339 text in UTC; money is in cents.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The organisation's legal details, copied into each receipt when it is issued.
CREATE TABLE organisation (
    id                         INTEGER PRIMARY KEY CHECK (id = 1),
    legal_name                 TEXT NOT NULL,
    registration_kind          TEXT NOT NULL DEFAULT 'rna' CHECK (registration_kind IN ('siren', 'rna')),
    registration_number        TEXT NOT NULL DEFAULT '',
    address                    TEXT NOT NULL DEFAULT '',
    postal_code                TEXT NOT NULL DEFAULT '',
    city                       TEXT NOT NULL DEFAULT '',
    country                    TEXT NOT NULL DEFAULT 'FR',
    object                     TEXT NOT NULL DEFAULT '',
    category                   TEXT NOT NULL DEFAULT 'interet_general',
    public_utility_decree_date TEXT,
    reduction_rate_percent     INTEGER NOT NULL DEFAULT 66 CHECK (reduction_rate_percent IN (66, 75)),
    signatory_name             TEXT NOT NULL DEFAULT '',
    signatory_role             TEXT NOT NULL DEFAULT '',
    signature_png              BLOB,
    logo_png                   BLOB,
    receipt_min_cents          INTEGER NOT NULL DEFAULT 0 CHECK (receipt_min_cents >= 0),
    cerfa_revision             TEXT NOT NULL DEFAULT '11580*05',
    updated_at                 TEXT NOT NULL
);

CREATE TABLE campaigns (
    id                INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    body_markdown     TEXT NOT NULL DEFAULT '',
    goal_kind         TEXT NOT NULL CHECK (goal_kind IN ('amount', 'donors')),
    goal_cents        INTEGER NOT NULL DEFAULT 0 CHECK (goal_cents >= 0),
    goal_donors       INTEGER NOT NULL DEFAULT 0 CHECK (goal_donors >= 0),
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    -- suggested amounts in cents, comma-separated, in display order
    suggested_amounts TEXT NOT NULL DEFAULT '',
    monthly_counting  TEXT NOT NULL DEFAULT 'each_payment' CHECK (monthly_counting IN ('each_payment', 'yearly_pledge')),
    closed_at         TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- Running totals, updated in the same transaction as each payment or refund.
-- Spread over a few rows per campaign (a payment updates the row of its shard),
-- so that concurrent payments do not queue on one hot row; the totals are the
-- sum of a campaign's rows.
CREATE TABLE campaign_totals (
    campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    shard          INTEGER NOT NULL,
    raised_cents   INTEGER NOT NULL DEFAULT 0,
    donor_count    INTEGER NOT NULL DEFAULT 0,
    donation_count INTEGER NOT NULL DEFAULT 0,
    -- incremented by every change: the sum over shards orders a campaign's totals
    version        INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (campaign_id, shard)
);

CREATE TABLE donors (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    first_name  TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT 'FR',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    erased_at   TEXT
);

-- Which donors have given to which campaign, so the donor count moves only on a
-- donor's first confirmed gift and back when their last one is refunded.
CREATE TABLE campaign_donors (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    donor_id    INTEGER NOT NULL REFERENCES donors (id),
    gifts       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, donor_id)
);

CREATE TABLE subscriptions (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id),
    donor_id     INTEGER NOT NULL REFERENCES donors (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    currency     TEXT NOT NULL DEFAULT 'EUR',
    status       TEXT NOT NULL CHECK (status IN ('pending', 'active', 'past_due', 'cancelled')),
    provider     TEXT NOT NULL,
    provider_ref TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    cancelled_at TEXT,
    UNIQUE (provider, provider_ref)
);

CREATE TABLE donations (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
    donor_id        INTEGER NOT NULL REFERENCES donors (id),
    subscription_id INTEGER REFERENCES subscriptions (id),
    frequency       TEXT NOT NULL CHECK (frequency IN ('once', 'monthly')),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    currency        TEXT NOT NULL DEFAULT 'EUR',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    refunded_cents  INTEGER NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    -- what this payment added to the campaign's raised amount when confirmed (see
    -- MonthlyCounting); refunds take back a share of it, see refund_change
    counted_cents   INTEGER NOT NULL DEFAULT 0,
    method          TEXT CHECK (method IN ('card', 'sepa_debit', 'cheque', 'transfer', 'cash')),
    provider        TEXT NOT NULL CHECK (provider IN ('demo', 'stripe', 'offline')),
    provider_ref    TEXT,
    idempotency_key TEXT UNIQUE,
    wants_receipt   INTEGER NOT NULL DEFAULT 0,
    offline_detail  TEXT,
    created_at      TEXT NOT NULL,
    confirmed_at    TEXT,
    failed_at       TEXT,
    UNIQUE (provider, provider_ref)
);
CREATE INDEX donations_campaign_status ON donations (campaign_id, status);
CREATE INDEX donations_donor ON donations (donor_id);
CREATE INDEX donations_subscription ON donations (subscription_id);

CREATE TABLE staff_users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'finance', 'moderator')),
    password_hash TEXT,
    created_at    TEXT NOT NULL,
    last_login_at TEXT,
    disabled_at   TEXT
);

-- One-time links to set a password (first admin, invitations, resets). Only the
-- SHA-256 of the token is kept.
CREATE TABLE staff_invitations (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('first_admin', 'invitation', 'reset')),
    user_id    INTEGER REFERENCES staff_users (id),
    email      TEXT,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'finance', 'moderator')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE guestbook_entries (
    id               INTEGER PRIMARY KEY,
    donation_id      INTEGER NOT NULL UNIQUE REFERENCES donations (id),
    campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
    display_name     TEXT NOT NULL DEFAULT '',
    message          TEXT NOT NULL,
    show_amount      INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'pending', 'approved', 'rejected', 'hidden', 'withdrawn')),
    rejection_reason TEXT,
    created_at       TEXT NOT NULL,
    submitted_at     TEXT,
    moderated_at     TEXT,
    moderated_by     INTEGER REFERENCES staff_users (id)
);
CREATE INDEX guestbook_by_status ON guestbook_entries (campaign_id, status, moderated_at);

-- One unbroken sequence of receipt numbers per calendar year of issue.
CREATE TABLE receipt_counters (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE receipts (
    id                    INTEGER PRIMARY KEY,
    number                TEXT NOT NULL UNIQUE,
    year                  INTEGER NOT NULL,
    seq                   INTEGER NOT NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('single', 'annual')),
    donor_id              INTEGER NOT NULL REFERENCES donors (id),
    donation_id           INTEGER REFERENCES donations (id),
    donor_first_name      TEXT NOT NULL,
    donor_last_name       TEXT NOT NULL,
    donor_address         TEXT NOT NULL,
    donor_postal_code     TEXT NOT NULL,
    donor_city            TEXT NOT NULL,
    donor_country         TEXT NOT NULL,
    organisation_snapshot TEXT NOT NULL,
    amount_cents          INTEGER NOT NULL CHECK (amount_cents > 0),
    amount_words          TEXT NOT NULL,
    payment_method        TEXT NOT NULL CHECK (payment_method IN ('cash', 'cheque', 'transfer_debit_card')),
    gift_date             TEXT,
    period_start          TEXT,
    period_end            TEXT,
    cerfa_revision        TEXT NOT NULL,
    issued_at             TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('valid', 'cancelled')),
    cancelled_at          TEXT,
    cancel_reason         TEXT,
    replaces_receipt_id   INTEGER REFERENCES receipts (id),
    pdf_sha256            TEXT,
    UNIQUE (year, seq)
);
CREATE INDEX receipts_donor ON receipts (donor_id);
CREATE INDEX receipts_donation ON receipts (donation_id);

-- The payments a yearly summary receipt covers (its annex).
CREATE TABLE receipt_lines (
    receipt_id   INTEGER NOT NULL REFERENCES receipts (id),
    donation_id  INTEGER NOT NULL REFERENCES donations (id),
    paid_on      TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (receipt_id, donation_id)
);

-- Every payment-provider event received, once per event id.
CREATE TABLE webhook_events (
    id          INTEGER PRIMARY KEY,
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'refused', 'failed', 'ignored')),
    detail      TEXT,
    payload     TEXT NOT NULL,
    UNIQUE (provider, event_id)
);

-- Durable outbox: emails, receipt PDFs. Retried with backoff, idempotent.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    dedupe_key   TEXT UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       TEXT NOT NULL,
    locked_until TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES staff_users (id),
    actor_label TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);

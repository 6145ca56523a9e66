-- The accounting journal, booked once: each movement of money on a gift (the
-- gift received, each line of the refunds ledger) is one entry of two lines,
-- numbered when booked (per journal code and year of its date, in the order
-- of booking, without gaps) and never changed after. Exports read these rows.
CREATE TABLE journal_entries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    journal_code    TEXT NOT NULL,
    year            BIGINT NOT NULL,
    num             BIGINT NOT NULL,
    -- What was booked: 'gift:{donation id}' or 'refund:{refunds line id}', once.
    source          TEXT NOT NULL UNIQUE,
    donation_id     BIGINT NOT NULL REFERENCES donations (id),
    entry_date      DATE NOT NULL,
    valid_date      DATE NOT NULL,
    piece_ref       TEXT NOT NULL,
    piece_date      DATE NOT NULL,
    label           TEXT NOT NULL,
    debit_account   TEXT NOT NULL,
    debit_label     TEXT NOT NULL,
    credit_account  TEXT NOT NULL,
    credit_label    TEXT NOT NULL,
    amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
    -- What the entry does to the gifts account: + received, - given back.
    gifts_cents     BIGINT NOT NULL,
    booked_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (journal_code, year, num)
);
CREATE INDEX journal_entries_by_year ON journal_entries (year, id);

CREATE TABLE journal_counters (
    journal_code  TEXT NOT NULL,
    year          BIGINT NOT NULL,
    last_number   BIGINT NOT NULL,
    PRIMARY KEY (journal_code, year)
);

-- Years an admin closed: nothing dated in them is booked any more.
CREATE TABLE closed_years (
    year       BIGINT PRIMARY KEY,
    closed_at  TIMESTAMPTZ NOT NULL,
    closed_by  TEXT NOT NULL
);

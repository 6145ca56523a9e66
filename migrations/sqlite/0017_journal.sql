-- The accounting journal, booked once: each movement of money on a gift (the
-- gift received, each line of the refunds ledger) is one entry of two lines,
-- numbered when booked (per journal code and year of its date, in the order
-- of booking, without gaps) and never changed after. Exports read these rows.
CREATE TABLE journal_entries (
    id              INTEGER PRIMARY KEY,
    journal_code    TEXT NOT NULL,
    year            INTEGER NOT NULL,
    num             INTEGER NOT NULL,
    -- What was booked: 'gift:{donation id}' or 'refund:{refunds line id}', once.
    source          TEXT NOT NULL UNIQUE,
    donation_id     INTEGER NOT NULL REFERENCES donations (id),
    entry_date      TEXT NOT NULL,
    valid_date      TEXT NOT NULL,
    piece_ref       TEXT NOT NULL,
    piece_date      TEXT NOT NULL,
    label           TEXT NOT NULL,
    debit_account   TEXT NOT NULL,
    debit_label     TEXT NOT NULL,
    credit_account  TEXT NOT NULL,
    credit_label    TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    -- What the entry does to the gifts account: + received, - given back.
    gifts_cents     INTEGER NOT NULL,
    booked_at       TEXT NOT NULL,
    UNIQUE (journal_code, year, num)
);
CREATE INDEX journal_entries_by_year ON journal_entries (year, id);

CREATE TABLE journal_counters (
    journal_code  TEXT NOT NULL,
    year          INTEGER NOT NULL,
    last_number   INTEGER NOT NULL,
    PRIMARY KEY (journal_code, year)
);

-- Years an admin closed: nothing dated in them is booked any more.
CREATE TABLE closed_years (
    year       INTEGER PRIMARY KEY,
    closed_at  TEXT NOT NULL,
    closed_by  TEXT NOT NULL
);

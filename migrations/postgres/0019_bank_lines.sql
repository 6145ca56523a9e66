-- Lines of the bank statements finance staff import, once each (the bank's
-- key), with the gift each credit was matched to; the rest wait to be handled.
CREATE TABLE bank_lines (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line_key      TEXT NOT NULL UNIQUE,
    statement_id  TEXT NOT NULL,
    booked_on     DATE NOT NULL,
    amount_cents  BIGINT NOT NULL,
    counterparty  TEXT NOT NULL,
    text          TEXT NOT NULL,
    cheques       BOOLEAN NOT NULL,
    donation_id   BIGINT REFERENCES donations (id),
    imported_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX bank_lines_unmatched ON bank_lines (donation_id, booked_on);

-- Reconciling by hand: a statement's line finance staff set aside, with the
-- reason (a line matched to a cheque deposit is handled too).
ALTER TABLE bank_lines ADD COLUMN handled_note TEXT;
ALTER TABLE bank_lines ADD COLUMN handled_by TEXT;
ALTER TABLE bank_lines ADD COLUMN handled_at TEXT;

-- A deposit of cheques at the bank (« bordereau de remise de chèques »),
-- numbered per year, ticked off when a statement shows its credit.
CREATE TABLE cheque_deposits (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    num           INTEGER NOT NULL,
    total_cents   INTEGER NOT NULL,
    cheque_count  INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    UNIQUE (year, num)
);
ALTER TABLE bank_lines ADD COLUMN deposit_id INTEGER REFERENCES cheque_deposits (id);
ALTER TABLE donations ADD COLUMN cheque_deposit_id INTEGER REFERENCES cheque_deposits (id);

-- How a bank's CSV statements read, saved under the bank's name.
CREATE TABLE bank_csv_formats (
    name        TEXT PRIMARY KEY,
    mapping     TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Pledges waiting for their money, summed for the bar.
CREATE INDEX donations_pledged ON donations (campaign_id)
    WHERE transfer_ref IS NOT NULL AND status = 'pending';

-- Each gift keeps the identity typed with it: a donor is an email address, and
-- two people (or a person and someone using their address) may give with the
-- same one. Receipts, the thank-you page and emails read the gift's identity;
-- `donors` keeps the address and the details for what the address's owner
-- corrects in their donor space. Monthly payments copy their subscription's.
ALTER TABLE donations ADD COLUMN donor_first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN donor_last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN donor_address TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN donor_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN donor_city TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN donor_country TEXT NOT NULL DEFAULT 'FR';
-- What staff search finds this gift by (see donors.search_key).
ALTER TABLE donations ADD COLUMN search_key TEXT;

ALTER TABLE subscriptions ADD COLUMN donor_first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN donor_last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN donor_address TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN donor_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN donor_city TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN donor_country TEXT NOT NULL DEFAULT 'FR';

-- Until now a gift's identity was its donor's.
UPDATE donations SET (donor_first_name, donor_last_name, donor_address, donor_postal_code, donor_city,
    donor_country, search_key) =
    (SELECT p.first_name, p.last_name, p.address, p.postal_code, p.city, p.country, p.search_key
     FROM donors p WHERE p.id = donations.donor_id);
UPDATE subscriptions SET (donor_first_name, donor_last_name, donor_address, donor_postal_code, donor_city,
    donor_country) =
    (SELECT p.first_name, p.last_name, p.address, p.postal_code, p.city, p.country
     FROM donors p WHERE p.id = subscriptions.donor_id);

-- One yearly summary per donor, year and identity: whose name and address it
-- certifies, folded (computed by the application, NULL until then; see
-- domain::donation::identity_key).
ALTER TABLE receipts ADD COLUMN donor_key TEXT;
DROP INDEX receipts_one_per_donor_year;
CREATE UNIQUE INDEX receipts_one_per_identity_year ON receipts (donor_id, covers_year, donor_key)
    WHERE kind = 'annual' AND status = 'valid';

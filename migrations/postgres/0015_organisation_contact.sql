-- How donors reach the organisation: its own site (the header links to it)
-- and the address its team reads (emails' Reply-To, the contact page).
ALTER TABLE organisation ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';

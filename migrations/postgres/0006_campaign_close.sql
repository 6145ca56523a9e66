-- A closed campaign's totals as they were when it closed: its bar shows them,
-- while payments still arriving (a late debit, a monthly gift) are recorded in
-- campaign_totals as usual. NULL while the campaign is open.
ALTER TABLE campaigns ADD COLUMN final_raised_cents BIGINT;
ALTER TABLE campaigns ADD COLUMN final_donor_count BIGINT;
ALTER TABLE campaigns ADD COLUMN final_donation_count BIGINT;

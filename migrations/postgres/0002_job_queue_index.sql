-- The outbox is claimed oldest first: an index in exactly that order lets a claim
-- read the few rows it takes instead of sorting the whole backlog.
CREATE INDEX jobs_queue ON jobs (status, run_at, id);
DROP INDEX jobs_due;

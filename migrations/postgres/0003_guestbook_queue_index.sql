-- The moderation queue is read oldest first across campaigns, and a donor's
-- messages by their gifts.
CREATE INDEX guestbook_queue ON guestbook_entries (status, submitted_at, id);

-- A campaign's own language (its page speaks it to visitors who say nothing),
-- and its title and text in other languages: {"en": {"title": …, "body_markdown": …}}.
ALTER TABLE campaigns ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE campaigns ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

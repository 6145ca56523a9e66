-- A campaign's thank-you text (Markdown, shown after a gift and in the
-- thank-you email) and a label for each suggested amount (a JSON array of
-- strings, in the amounts' order: ["Un mois de serveur", ""]), in its own
-- language; other languages' go in `translations`.
ALTER TABLE campaigns ADD COLUMN thanks_markdown TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN amount_labels TEXT NOT NULL DEFAULT '[]';

-- A campaign's image: shown at the top of its page and in link previews.
CREATE TABLE campaign_images (
    campaign_id   BIGINT PRIMARY KEY REFERENCES campaigns (id),
    content_type  TEXT NOT NULL,
    bytes         BYTEA NOT NULL,
    -- What the image shows, for those who cannot see it.
    alt           TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

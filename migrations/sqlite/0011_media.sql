-- The media library: uploaded images (re-encoded) and documents, stored as files under
-- DATA_DIR/media with generated names; the uploader's name is kept only for display.
CREATE TABLE media (
    id             INTEGER PRIMARY KEY,
    stored_name    TEXT    NOT NULL UNIQUE,
    thumbnail_name TEXT    NOT NULL DEFAULT '',
    display_name   TEXT    NOT NULL,
    mime_type      TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('image', 'file')),
    bytes          INTEGER NOT NULL CHECK (bytes >= 0),
    width          INTEGER NOT NULL DEFAULT 0,
    height         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    uploaded_by    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX media_by_time ON media (created_at DESC, id DESC);
CREATE INDEX media_by_thumbnail ON media (thumbnail_name) WHERE thumbnail_name <> '';

-- A category's own title and description for search engines (empty: the name and subtitle).
ALTER TABLE categories ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';

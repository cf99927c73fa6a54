-- Old or moved paths and where they now live (301 or 302), filled by operators.
CREATE TABLE redirects (
    from_path  TEXT    PRIMARY KEY,
    to_path    TEXT    NOT NULL,
    code       INTEGER NOT NULL DEFAULT 301 CHECK (code IN (301, 302, 307, 308)),
    created_at INTEGER NOT NULL
);

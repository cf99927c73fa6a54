-- Old or moved paths and where they now live, filled by operators.
CREATE TABLE redirects (
    from_path  TEXT   PRIMARY KEY,
    to_path    TEXT   NOT NULL,
    code       BIGINT NOT NULL DEFAULT 301 CHECK (code IN (301, 302, 307, 308)),
    created_at BIGINT NOT NULL
);

-- Categories form a tree; a section is a category without a parent.
CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    subtitle   TEXT    NOT NULL DEFAULT '',
    parent_id  INTEGER REFERENCES categories(id),
    sort_order INTEGER NOT NULL DEFAULT 0
);

-- status holds what the editor chose; "scheduled" is a published row whose time is still ahead.
-- Times are Unix seconds (UTC).
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    category_id  INTEGER NOT NULL REFERENCES categories(id),
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    published_at INTEGER NOT NULL,
    source       TEXT    NOT NULL DEFAULT '',
    source_url   TEXT,
    summary      TEXT    NOT NULL DEFAULT '',
    body_html    TEXT    NOT NULL,
    views        INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX articles_by_category ON articles (category_id, status, published_at, id);
CREATE INDEX articles_by_time ON articles (status, published_at, id);

CREATE TABLE article_keywords (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    keyword    TEXT    NOT NULL,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_keywords_by_keyword ON article_keywords (keyword, article_id);

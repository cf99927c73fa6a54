-- The editorial workflow's history (SQLite migration 0010, docs/adr/0011-editorial-workflow.md);
-- its columns on `articles` came with 0001.

-- One row per save: the whole editable state, so any two can be compared or one restored.
CREATE TABLE article_revisions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id      BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version         BIGINT NOT NULL,
    at              BIGINT NOT NULL,
    account_name    TEXT   NOT NULL,
    reason          TEXT   NOT NULL DEFAULT '',
    title           TEXT   NOT NULL,
    category_id     BIGINT NOT NULL,
    keywords        TEXT   NOT NULL,  -- JSON array, as in SQLite, so both read it alike
    source          TEXT   NOT NULL,
    source_url      TEXT,
    summary         TEXT   NOT NULL,
    body_html       TEXT   NOT NULL,
    body_format     TEXT   NOT NULL,
    body_source     TEXT   NOT NULL,
    seo_title       TEXT   NOT NULL,
    seo_description TEXT   NOT NULL,
    published_at    BIGINT NOT NULL
);
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);

-- The latest autosaved copy of an article's form: kept apart from the article, so an autosave
-- never changes what readers see or what the reviewer approved.
CREATE TABLE article_autosaves (
    article_id   BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    base_version BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    account_name TEXT   NOT NULL,
    fields       TEXT   NOT NULL  -- JSON object of the form's fields
);

-- The editorial workflow (docs/adr/0011-editorial-workflow.md). `status` keeps its meaning for
-- readers (only 'published' rows whose time has come are visible), so no reader query changes:
-- an article in review or in the trash is stored as 'draft', and these columns say which.
ALTER TABLE articles ADD COLUMN in_review INTEGER NOT NULL DEFAULT 0 CHECK (in_review IN (0, 1));
ALTER TABLE articles ADD COLUMN trashed_at INTEGER;
-- Raised by every save and workflow step; a form carries it, and a save against an older one
-- is refused instead of overwriting someone else's text.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
-- What the editor typed when it was Markdown (body_html is always the sanitised result).
ALTER TABLE articles ADD COLUMN body_format TEXT NOT NULL DEFAULT 'html'
    CHECK (body_format IN ('html', 'markdown'));
ALTER TABLE articles ADD COLUMN body_source TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_by_update ON articles (updated_at DESC, id DESC);

-- One row per save: the whole editable state, so any two can be compared or one restored.
CREATE TABLE article_revisions (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    account_name    TEXT    NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    title           TEXT    NOT NULL,
    category_id     INTEGER NOT NULL,
    keywords        TEXT    NOT NULL,  -- JSON array
    source          TEXT    NOT NULL,
    source_url      TEXT,
    summary         TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    body_format     TEXT    NOT NULL,
    body_source     TEXT    NOT NULL,
    seo_title       TEXT    NOT NULL,
    seo_description TEXT    NOT NULL,
    published_at    INTEGER NOT NULL
);
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);

-- The latest autosaved copy of an article's form: kept apart from the article, so an autosave
-- never changes what readers see or what the reviewer approved.
CREATE TABLE article_autosaves (
    article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    base_version INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    account_name TEXT    NOT NULL,
    fields       TEXT    NOT NULL  -- JSON object of the form's fields
);

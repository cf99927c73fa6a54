-- Approvals of the current round of review (SQLite migration 0015,
-- docs/adr/0019-review-before-publishing.md): one row per reviewer, so no one counts twice.
-- The store empties an article's rows whenever its text or its state changes.
CREATE TABLE article_approvals (
    article_id   BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    account_name TEXT   NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (article_id, account_name)
);

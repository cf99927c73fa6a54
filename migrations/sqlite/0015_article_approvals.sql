-- Approvals of the current round of review (docs/adr/0019-review-before-publishing.md): one row
-- per reviewer, so no one counts twice. The store empties an article's rows whenever its text
-- or its state changes, so an approval covers exactly the text that was approved.
CREATE TABLE article_approvals (
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    account_name TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (article_id, account_name)
);

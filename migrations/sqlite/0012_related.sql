-- Each article's related articles, worked out off the request path and kept, so that an
-- article page reads one short list instead of ranking the index (docs/adr/0014-related-lists.md).
-- Lists hold published articles whatever their time; readers see only the visible ones.
CREATE TABLE article_related (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    related_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
-- Which lists show an article: they are worked out again when it changes.
CREATE INDEX article_related_by_target ON article_related (related_id);

-- When each list was worked out; an article without a row has no list yet.
CREATE TABLE related_computed (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    computed_at INTEGER NOT NULL
);
CREATE INDEX related_computed_by_time ON related_computed (computed_at);

-- A list worked out from an article's old text must not outlive it: any write that changes what
-- the list is made from drops it in the same transaction, and pages compute it afresh until the
-- background pass keeps the new one.
CREATE TRIGGER related_stale_on_article AFTER UPDATE OF title, body_html, status ON articles
BEGIN
    DELETE FROM article_related WHERE article_id = NEW.id;
    DELETE FROM related_computed WHERE article_id = NEW.id;
END;
CREATE TRIGGER related_stale_on_keyword_added AFTER INSERT ON article_keywords
BEGIN
    DELETE FROM article_related WHERE article_id = NEW.article_id;
    DELETE FROM related_computed WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER related_stale_on_keyword_removed AFTER DELETE ON article_keywords
BEGIN
    DELETE FROM article_related WHERE article_id = OLD.article_id;
    DELETE FROM related_computed WHERE article_id = OLD.article_id;
END;

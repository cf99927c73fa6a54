-- Full-text search (docs/design.md "Search", docs/adr/0014-postgres-backend.md). The program segments the
-- text with its own analyzer (the pipeline SQLite's FTS5 tokenizer runs) and stores the tokens
-- as a tsvector: no text search configuration of the server splits anything. Title tokens are
-- weighted A, keywords B, body C. body_text is the body as plain text, for snippets.
CREATE TABLE article_search (
    article_id BIGINT   PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    document   tsvector NOT NULL,
    body_text  TEXT     NOT NULL
);
CREATE INDEX article_search_document ON article_search USING gin (document);

-- Every change to an article's text queues it here, whatever writes it; the program indexes
-- the queue inside the same transaction, just before COMMIT (docs/adr/0008). Writers of
-- articles and keywords hold the change log's lock (migration 0006), so the queue has one
-- writer at a time.
CREATE TABLE search_pending (article_id BIGINT PRIMARY KEY);

CREATE FUNCTION search_article_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO search_pending (article_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_pending (article_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_article_added AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION search_article_pending();
CREATE TRIGGER search_article_changed AFTER UPDATE OF id, title, body_html ON articles
    FOR EACH ROW EXECUTE FUNCTION search_article_pending();
CREATE TRIGGER search_article_removed AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION search_article_pending();

CREATE FUNCTION search_keyword_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO search_pending (article_id) VALUES (OLD.article_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_pending (article_id) VALUES (NEW.article_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_keyword_pending AFTER INSERT OR UPDATE OR DELETE ON article_keywords
    FOR EACH ROW EXECUTE FUNCTION search_keyword_pending();
INSERT INTO search_pending (article_id) SELECT id FROM articles;

-- Each article's related articles, worked out off the request path and kept, so that an
-- article page reads one short list instead of ranking the index (SQLite migration 0012,
-- docs/adr/0015). Lists hold published articles whatever their time; readers see only the
-- visible ones.
CREATE TABLE article_related (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    related_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position)
);
-- Which lists show an article: they are worked out again when it changes.
CREATE INDEX article_related_by_target ON article_related (related_id);

-- When each list was worked out; an article without a row has no list yet.
CREATE TABLE related_computed (
    article_id  BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    computed_at BIGINT NOT NULL
);
CREATE INDEX related_computed_by_time ON related_computed (computed_at);

-- A list worked out from an article's old text must not outlive it: any write that changes what
-- the list is made from drops it in the same transaction.
CREATE FUNCTION related_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'articles' THEN
        changed := NEW.id;
    ELSIF TG_OP = 'INSERT' THEN
        changed := NEW.article_id;
    ELSE
        changed := OLD.article_id;
    END IF;
    DELETE FROM article_related WHERE article_id = changed;
    DELETE FROM related_computed WHERE article_id = changed;
    RETURN NULL;
END;
$$;
CREATE TRIGGER related_stale_on_article AFTER UPDATE OF title, body_html, status ON articles
    FOR EACH ROW EXECUTE FUNCTION related_stale();
CREATE TRIGGER related_stale_on_keyword AFTER INSERT OR DELETE ON article_keywords
    FOR EACH ROW EXECUTE FUNCTION related_stale();

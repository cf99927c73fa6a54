-- The content change log: every write that changes what readers see adds rows here in its own
-- transaction (by triggers, so no writer can forget), and running servers read it to drop the
-- cached pages that showed the old content (docs/adr/0010-page-cache.md). View counts are not
-- content: `views` is left out of the update trigger.
CREATE TABLE content_changes (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  BIGINT,
    category_id BIGINT,
    keyword     TEXT,
    structure   BOOLEAN NOT NULL DEFAULT false,
    at          BIGINT  NOT NULL DEFAULT extract(epoch FROM now())::bigint
);

-- A reader asks for "changes after seq N". Sequence numbers are handed out at INSERT, not at
-- COMMIT, so two writers could commit out of order and a reader that already moved past the
-- later number would never see the earlier one. Every writer of the log therefore takes this
-- transaction lock first: content writes commit one at a time and seq order is commit order
-- (docs/adr/0014). The key is arbitrary but fixed; 0x67700001 spells "gp" and 1.
CREATE FUNCTION content_changes_lock() RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(1735393281);
$$;

CREATE FUNCTION content_changes_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM content_changes_lock();
    IF TG_OP = 'INSERT' THEN
        INSERT INTO content_changes (article_id, category_id) VALUES (NEW.id, NEW.category_id);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO content_changes (article_id, category_id) VALUES (OLD.id, OLD.category_id);
        IF NEW.category_id <> OLD.category_id THEN
            INSERT INTO content_changes (article_id, category_id)
                VALUES (NEW.id, NEW.category_id);
        END IF;
    ELSE
        INSERT INTO content_changes (article_id, category_id) VALUES (OLD.id, OLD.category_id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER content_changes_article_insert AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION content_changes_article();
CREATE TRIGGER content_changes_article_update
    AFTER UPDATE OF title, category_id, status, published_at, source, source_url, summary,
        body_html ON articles
    FOR EACH ROW EXECUTE FUNCTION content_changes_article();
CREATE TRIGGER content_changes_article_delete AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION content_changes_article();

CREATE FUNCTION content_changes_keyword() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM content_changes_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO content_changes (article_id, keyword) VALUES (OLD.article_id, OLD.keyword);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO content_changes (article_id, keyword) VALUES (NEW.article_id, NEW.keyword);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER content_changes_keyword AFTER INSERT OR UPDATE OR DELETE ON article_keywords
    FOR EACH ROW EXECUTE FUNCTION content_changes_keyword();

CREATE FUNCTION content_changes_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM content_changes_lock();
    IF TG_OP = 'DELETE' THEN
        INSERT INTO content_changes (category_id, structure) VALUES (OLD.id, true);
    ELSE
        INSERT INTO content_changes (category_id, structure) VALUES (NEW.id, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER content_changes_category AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION content_changes_category();

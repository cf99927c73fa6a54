-- The content change log: every write that changes what readers see adds rows here in its own
-- transaction (by triggers, so no writer can forget), and running servers read it to drop the
-- cached pages that showed the old content (docs/adr/0010-page-cache.md). View counts are not
-- content: `views` is left out of the update trigger.
CREATE TABLE content_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  INTEGER,
    category_id INTEGER,
    keyword     TEXT,
    structure   INTEGER NOT NULL DEFAULT 0,
    at          INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE TRIGGER content_changes_article_insert AFTER INSERT ON articles BEGIN
    INSERT INTO content_changes (article_id, category_id) VALUES (NEW.id, NEW.category_id);
END;

CREATE TRIGGER content_changes_article_update
AFTER UPDATE OF title, category_id, status, published_at, source, source_url, summary, body_html
ON articles BEGIN
    INSERT INTO content_changes (article_id, category_id) VALUES (OLD.id, OLD.category_id);
    INSERT INTO content_changes (article_id, category_id)
        SELECT NEW.id, NEW.category_id WHERE NEW.category_id <> OLD.category_id;
END;

CREATE TRIGGER content_changes_article_delete AFTER DELETE ON articles BEGIN
    INSERT INTO content_changes (article_id, category_id) VALUES (OLD.id, OLD.category_id);
END;

CREATE TRIGGER content_changes_keyword_insert AFTER INSERT ON article_keywords BEGIN
    INSERT INTO content_changes (article_id, keyword) VALUES (NEW.article_id, NEW.keyword);
END;

CREATE TRIGGER content_changes_keyword_delete AFTER DELETE ON article_keywords BEGIN
    INSERT INTO content_changes (article_id, keyword) VALUES (OLD.article_id, OLD.keyword);
END;

CREATE TRIGGER content_changes_keyword_update AFTER UPDATE ON article_keywords BEGIN
    INSERT INTO content_changes (article_id, keyword) VALUES (OLD.article_id, OLD.keyword);
    INSERT INTO content_changes (article_id, keyword) VALUES (NEW.article_id, NEW.keyword);
END;

CREATE TRIGGER content_changes_category_insert AFTER INSERT ON categories BEGIN
    INSERT INTO content_changes (category_id, structure) VALUES (NEW.id, 1);
END;

CREATE TRIGGER content_changes_category_update AFTER UPDATE ON categories BEGIN
    INSERT INTO content_changes (category_id, structure) VALUES (NEW.id, 1);
END;

CREATE TRIGGER content_changes_category_delete AFTER DELETE ON categories BEGIN
    INSERT INTO content_changes (category_id, structure) VALUES (OLD.id, 1);
END;

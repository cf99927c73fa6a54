-- Search result pages are cached (docs/adr/0010-page-cache.md); a synonym group changes which
-- articles a query finds, so it goes into the content change log like a category change, which
-- drops every cached page. Synonyms change rarely; their own pages cannot be told apart.
CREATE TRIGGER content_changes_synonym_insert AFTER INSERT ON search_synonyms BEGIN
    INSERT INTO content_changes (structure) VALUES (1);
END;
CREATE TRIGGER content_changes_synonym_update AFTER UPDATE ON search_synonyms BEGIN
    INSERT INTO content_changes (structure) VALUES (1);
END;
CREATE TRIGGER content_changes_synonym_delete AFTER DELETE ON search_synonyms BEGIN
    INSERT INTO content_changes (structure) VALUES (1);
END;

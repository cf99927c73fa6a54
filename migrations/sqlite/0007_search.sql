-- Full-text search (docs/design.md "Search"). The tokenizer 'guardpress' and the function
-- gp_article_text() are registered by the program on every connection.
CREATE VIRTUAL TABLE article_search USING fts5(title, keywords, body, tokenize = 'guardpress');
CREATE VIRTUAL TABLE article_search_terms USING fts5vocab(article_search, 'row');

-- Every change to an article's text queues it here, whatever writes it; the program indexes
-- the queue inside the same transaction, just before COMMIT (docs/adr/0008).
CREATE TABLE search_pending (article_id INTEGER PRIMARY KEY);
CREATE TRIGGER search_article_added AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (new.id);
END;
CREATE TRIGGER search_article_changed AFTER UPDATE OF id, title, body_html ON articles BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (old.id);
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (new.id);
END;
CREATE TRIGGER search_article_removed AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (old.id);
END;
CREATE TRIGGER search_keyword_added AFTER INSERT ON article_keywords BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (new.article_id);
END;
CREATE TRIGGER search_keyword_changed AFTER UPDATE ON article_keywords BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (old.article_id);
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (new.article_id);
END;
CREATE TRIGGER search_keyword_removed AFTER DELETE ON article_keywords BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (old.article_id);
END;
INSERT INTO search_pending (article_id) SELECT id FROM articles;

-- Synonym groups; a term may sit in one group only (compared as written, folded by the
-- program). terms_version counts changes, so every process notices a new synonym and the
-- index is rebuilt under the new term list.
CREATE TABLE search_synonyms (
    term     TEXT    NOT NULL PRIMARY KEY,
    group_id INTEGER NOT NULL
);
CREATE INDEX search_synonyms_by_group ON search_synonyms (group_id, term);
CREATE TABLE search_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    terms_version   INTEGER NOT NULL,
    indexed_version INTEGER NOT NULL,
    analyzer        TEXT    NOT NULL
);
INSERT INTO search_state (id, terms_version, indexed_version, analyzer) VALUES (1, 1, 0, '');
CREATE TRIGGER search_synonym_added AFTER INSERT ON search_synonyms BEGIN
    UPDATE search_state SET terms_version = terms_version + 1;
END;
CREATE TRIGGER search_synonym_changed AFTER UPDATE ON search_synonyms BEGIN
    UPDATE search_state SET terms_version = terms_version + 1;
END;
CREATE TRIGGER search_synonym_removed AFTER DELETE ON search_synonyms BEGIN
    UPDATE search_state SET terms_version = terms_version + 1;
END;

-- The starting list for the MLPS field.
INSERT INTO search_synonyms (term, group_id) VALUES
    ('等保', 1), ('等级保护', 1), ('网络安全等级保护', 1), ('等级保护制度', 1),
    ('测评', 2), ('评测', 2), ('等级测评', 2),
    ('个保法', 3), ('个人信息保护法', 3),
    ('数安法', 4), ('数据安全法', 4),
    ('网安法', 5), ('网络安全法', 5),
    ('关保', 6), ('关键信息基础设施安全保护', 6),
    ('关基', 7), ('关键信息基础设施', 7), ('cii', 7),
    ('密评', 8), ('商用密码应用安全性评估', 8), ('商密评估', 8),
    ('等保2.0', 9), ('等级保护2.0', 9), ('mlps 2.0', 9),
    ('mlps', 10), ('multi-level protection scheme', 10),
    ('定级', 11), ('等级确定', 11),
    ('渗透测试', 12), ('渗透', 12),
    ('漏洞扫描', 13), ('漏扫', 13),
    ('堡垒机', 14), ('运维审计系统', 14),
    ('态势感知', 15), ('安全态势感知', 15),
    ('应急预案', 16), ('应急响应预案', 16),
    ('数据出境', 17), ('数据跨境', 17), ('跨境传输', 17),
    ('网信办', 18), ('网信部门', 18), ('国家互联网信息办公室', 18),
    ('公安机关', 19), ('网安部门', 19), ('网警', 19);

-- What readers look for: the normalised query text and counts, nothing about who asked.
CREATE TABLE search_queries (
    query            TEXT    NOT NULL PRIMARY KEY,
    searches         INTEGER NOT NULL,
    no_hit_searches  INTEGER NOT NULL,
    last_results     INTEGER NOT NULL,
    last_searched_at INTEGER NOT NULL
);
CREATE INDEX search_queries_by_searches ON search_queries (searches DESC);

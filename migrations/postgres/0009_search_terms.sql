-- Synonym groups and the query log (SQLite migrations 0007 and 0013, docs/design.md "Search").

-- A term may sit in one group only (compared as written, folded by the program). `id` keeps
-- the order terms were added in, as SQLite's rowid does.
CREATE TABLE search_synonyms (
    id       BIGINT GENERATED ALWAYS AS IDENTITY,
    term     TEXT   NOT NULL PRIMARY KEY,
    group_id BIGINT NOT NULL
);
CREATE INDEX search_synonyms_by_group ON search_synonyms (group_id, id);

-- terms_version counts synonym changes, so every node notices a new synonym and the search
-- index is rebuilt under the new term list; indexed_version and analyzer say what the index
-- was last built under.
CREATE TABLE search_state (
    id              BIGINT PRIMARY KEY CHECK (id = 1),
    terms_version   BIGINT NOT NULL,
    indexed_version BIGINT NOT NULL,
    analyzer        TEXT   NOT NULL
);
INSERT INTO search_state (id, terms_version, indexed_version, analyzer) VALUES (1, 1, 0, '');

-- The starting list for the MLPS field, written before the triggers below: it is no change.
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

-- Search result pages are cached (docs/adr/0010-page-cache.md); a synonym change changes which
-- articles a query finds, so each changed row goes into the content change log like a category
-- change, which drops every cached page, and raises terms_version. The change log's lock is
-- taken first, as by every writer of the log (migration 0006).
CREATE FUNCTION search_synonyms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM content_changes_lock();
    INSERT INTO content_changes (structure) VALUES (true);
    UPDATE search_state SET terms_version = terms_version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_synonyms_changed AFTER INSERT OR UPDATE OR DELETE ON search_synonyms
    FOR EACH ROW EXECUTE FUNCTION search_synonyms_changed();

-- What readers look for: the normalised query text and counts, nothing about who asked.
CREATE TABLE search_queries (
    query            TEXT   NOT NULL PRIMARY KEY,
    searches         BIGINT NOT NULL,
    no_hit_searches  BIGINT NOT NULL,
    last_results     BIGINT NOT NULL,
    last_searched_at BIGINT NOT NULL
);
CREATE INDEX search_queries_by_searches ON search_queries (searches DESC);

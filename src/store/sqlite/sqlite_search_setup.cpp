#include "store/sqlite/sqlite_search_setup.hpp"

#include <fmt/format.h>

#include <map>

#include "content/html_text.hpp"
#include "store/sqlite/sqlite_search_rank_function.hpp"
#include "store/synonym_groups.hpp"

namespace gp::store::sqlite {
namespace {

constexpr const char* kTokenizerName = "guardpress";

constexpr std::string_view kState =
    "SELECT terms_version, indexed_version, analyzer FROM search_state WHERE id = 1";
constexpr std::string_view kTermsVersion = "SELECT terms_version FROM search_state WHERE id = 1";
constexpr std::string_view kSynonyms =
    "SELECT group_id, term FROM search_synonyms ORDER BY group_id";
constexpr std::string_view kRebuild =
    "INSERT INTO article_search (article_search) VALUES ('rebuild')";
constexpr std::string_view kMarkIndexed =
    "UPDATE search_state SET indexed_version = ?, analyzer = ? WHERE id = 1";
constexpr std::string_view kAnyPending = "SELECT EXISTS (SELECT 1 FROM search_pending)";
constexpr std::string_view kUnindexPending =
    "DELETE FROM article_search WHERE rowid IN (SELECT article_id FROM search_pending)";
constexpr std::string_view kIndexPending =
    "INSERT INTO article_search (rowid, title, keywords, body) "
    "SELECT a.id, a.title, "
    "coalesce((SELECT group_concat(keyword, ' ') FROM "
    "(SELECT keyword FROM article_keywords WHERE article_id = a.id ORDER BY position)), ''), "
    "gp_article_text(a.body_html) FROM articles a "
    "WHERE a.id IN (SELECT article_id FROM search_pending)";
constexpr std::string_view kClearPending = "DELETE FROM search_pending";

struct TokenizerInstance {
    search::Analyzer* analyzer;
};

int create_tokenizer(void* context, const char** /*args*/, int /*nargs*/, Fts5Tokenizer** out) {
    *out = reinterpret_cast<Fts5Tokenizer*>(
        new TokenizerInstance{static_cast<search::Analyzer*>(context)});
    return SQLITE_OK;
}

void delete_tokenizer(Fts5Tokenizer* tokenizer) {
    delete reinterpret_cast<TokenizerInstance*>(tokenizer);
}

int tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
    auto& analyzer = *reinterpret_cast<TokenizerInstance*>(tokenizer)->analyzer;
    // A query phrase is analysed as a query; documents (and FTS5's own re-reads of them for
    // deletes) as documents.
    const auto mode =
        (flags & FTS5_TOKENIZE_QUERY) ? search::SegmentMode::query : search::SegmentMode::document;
    int rc = SQLITE_OK;
    try {
        const auto vocabulary = analyzer.vocabulary.get();
        analyzer.segmenter.tokenize(std::string_view(text, static_cast<std::size_t>(length)),
                                    *vocabulary, mode, [&](const search::Token& t) {
                                        if (rc != SQLITE_OK) return;
                                        rc = token(ctx, t.colocated ? FTS5_TOKEN_COLOCATED : 0,
                                                   t.text.data(), static_cast<int>(t.text.size()),
                                                   t.begin, t.end);
                                    });
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    } catch (const std::exception&) {
        // SQLite's C stack cannot carry the exception; the statement fails with an error
        // that names the query.
        return SQLITE_ERROR;
    }
    return rc;
}

fts5_api* fts5_of(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) {
        throw SqliteError(fmt::format("FTS5 is not available: {}", sqlite3_errmsg(db)));
    }
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api) throw SqliteError("FTS5 did not hand out its API");
    return api;
}

void article_text(sqlite3_context* context, int argc, sqlite3_value** argv) {
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_text(context, "", 0, SQLITE_STATIC);
        return;
    }
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto n = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
    try {
        auto text = content::html_to_text(std::string_view(p, n));
        sqlite3_result_text(context, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    } catch (const std::exception& e) {
        sqlite3_result_error(context, e.what(), -1);
    }
}

std::int64_t read_int(Connection& c, std::string_view sql, std::string_view name) {
    Statement st(c, sql, name);
    st.step();
    return st.int64(0);
}

bool has_search_tables(Connection& c) {
    // Before the search migration (a store being migrated) there is nothing to keep in step.
    Statement st(c.handle(),
                 "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_state'",
                 "has_search_tables");
    return st.step();
}

void load_vocabulary(Connection& c, search::Analyzer& analyzer, std::int64_t version) {
    std::map<std::int64_t, std::vector<std::string>> groups;
    Statement st(c, kSynonyms, "list_synonym_terms");
    while (st.step()) {
        groups[st.int64(0)].push_back(analyzer.folder.fold_string(st.text(1)));
    }
    analyzer.vocabulary.set(
        std::make_shared<const search::Vocabulary>(synonym_groups(std::move(groups)), version));
}

}  // namespace

void setup_search(Connection& connection, search::Analyzer& analyzer) {
    // Not memory-mapped, with SQLite's default 2 MB page cache per connection: a mapping put
    // every store page a search or render touched into the process's RSS (180 MB at 10,000
    // articles, growing with the file), where read() leaves them to the kernel's page cache.
    // An uncached search pays about 3 ms more at 10,000 articles (docs/adr/0014).
    connection.exec("PRAGMA mmap_size = 0; PRAGMA cache_size = -2048", "search_connection_setup");
    auto* api = fts5_of(connection.handle());
    fts5_tokenizer tokenizer{create_tokenizer, delete_tokenizer, tokenize};
    if (api->xCreateTokenizer(api, kTokenizerName, &analyzer, &tokenizer, nullptr) != SQLITE_OK) {
        throw SqliteError("registering the search tokenizer failed");
    }
    register_rank_function(api);
    if (sqlite3_create_function_v2(connection.handle(), "gp_article_text", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, article_text,
                                   nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw SqliteError(fmt::format("registering gp_article_text failed: {}",
                                      sqlite3_errmsg(connection.handle())));
    }
    connection.set_before_commit([&analyzer](Connection& c) { sync_search_index(c, analyzer); });
}

void refresh_vocabulary(Connection& connection, search::Analyzer& analyzer) {
    const auto version = read_int(connection, kTermsVersion, "search_terms_version");
    if (version != analyzer.vocabulary.get()->version()) {
        load_vocabulary(connection, analyzer, version);
    }
}

void sync_search_index(Connection& c, search::Analyzer& analyzer) {
    if (!has_search_tables(c)) return;
    Statement state(c, kState, "search_state");
    state.step();
    const auto terms_version = state.int64(0);
    const auto indexed_version = state.int64(1);
    const auto built_by = state.text(2);
    // The vocabulary is loaded only when FTS5 is about to tokenize: most commits index nothing,
    // and folding the synonyms at start-up would build ICU's transliterator before the first
    // page is served.
    const auto current_vocabulary = [&] {
        if (terms_version != analyzer.vocabulary.get()->version()) {
            load_vocabulary(c, analyzer, terms_version);
        }
    };
    const auto signature = search::analyzer_signature();
    if (indexed_version != terms_version || built_by != signature) {
        // The stored text is current; only its tokens change. FTS5 re-reads it.
        current_vocabulary();
        c.exec(kRebuild, "rebuild_search_index");
        Statement mark(c, kMarkIndexed, "mark_search_indexed");
        mark.bind(1, terms_version).bind(2, signature).run();
    }
    if (read_int(c, kAnyPending, "any_search_pending") == 0) return;
    current_vocabulary();
    c.exec(kUnindexPending, "unindex_pending_articles");
    c.exec(kIndexPending, "index_pending_articles");
    c.exec(kClearPending, "clear_search_pending");
}

}  // namespace gp::store::sqlite

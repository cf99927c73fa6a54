#include "store/postgres/postgres_search_text.hpp"

#include <algorithm>
#include <map>

#include "content/html_text.hpp"
#include "store/synonym_groups.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kContentLock = "search_content_lock";
constexpr const char* kState = "search_state";
constexpr const char* kTermsVersion = "search_terms_version";
constexpr const char* kSynonyms = "search_synonym_terms";
constexpr const char* kMarkIndexed = "mark_search_indexed";
constexpr const char* kQueueAll = "search_queue_all";
constexpr const char* kPendingBatch = "search_pending_batch";
constexpr const char* kKeywordsOfMany = "search_keywords_of_many";
constexpr const char* kUnindex = "search_unindex_pending";
constexpr const char* kIndex = "search_index_article";
constexpr const char* kClearPending = "search_clear_pending";
constexpr const char* kCountPending = "search_count_pending";
constexpr const char* kDropAll = "search_drop_all";

constexpr std::int64_t kBatch = 500;
constexpr int kMaxPosition = 16383;
constexpr std::size_t kMaxPositionsPerLexeme = 255;
constexpr std::size_t kMaxLexemeBytes = 2046;

std::string quoted(std::string_view lexeme) {
    std::string out = "'";
    for (char c : lexeme) {
        if (c == '\'' || c == '\\') out += c;
        out += c;
    }
    return out + "'";
}

struct Positions {
    std::vector<std::pair<int, char>> at;  // (position, weight)
};

void add_field(std::map<std::string, Positions>& lexemes, int& position, std::string_view text,
               char weight, const search::Segmenter& segmenter,
               const search::Vocabulary& vocabulary) {
    // A gap between fields, so a phrase cannot run from one into the next.
    ++position;
    bool first = true;
    segmenter.tokenize(text, vocabulary, search::SegmentMode::document,
                       [&](const search::Token& t) {
                           if (!t.colocated || first) ++position;
                           first = false;
                           if (t.text.empty() || t.text.size() > kMaxLexemeBytes) return;
                           auto& p = lexemes[t.text].at;
                           if (p.size() < kMaxPositionsPerLexeme) {
                               p.emplace_back(std::min(position, kMaxPosition), weight);
                           }
                       });
}

}  // namespace

void define_search_text_queries(Pool& pool) {
    pool.define(kContentLock, "SELECT content_changes_lock()");
    pool.define(kState,
                "SELECT terms_version, indexed_version, analyzer FROM search_state WHERE id = 1");
    pool.define(kTermsVersion, "SELECT terms_version FROM search_state WHERE id = 1");
    pool.define(kSynonyms, "SELECT group_id, term FROM search_synonyms ORDER BY group_id, id");
    pool.define(kMarkIndexed,
                "UPDATE search_state SET indexed_version = $1, analyzer = $2 WHERE id = 1");
    pool.define(kQueueAll,
                "INSERT INTO search_pending (article_id) SELECT id FROM articles "
                "ON CONFLICT DO NOTHING");
    pool.define(kPendingBatch,
                "SELECT a.id, a.title, a.body_html FROM search_pending p JOIN articles a "
                "ON a.id = p.article_id WHERE p.article_id > $1 ORDER BY p.article_id LIMIT $2");
    pool.define(kKeywordsOfMany,
                "SELECT article_id, keyword FROM article_keywords WHERE article_id = "
                "ANY($1::bigint[]) ORDER BY article_id, position");
    pool.define(kUnindex,
                "DELETE FROM article_search WHERE article_id IN "
                "(SELECT article_id FROM search_pending)");
    pool.define(kIndex,
                "INSERT INTO article_search (article_id, document, body_text) "
                "VALUES ($1, $2::tsvector, $3)");
    pool.define(kClearPending, "DELETE FROM search_pending");
    pool.define(kCountPending, "SELECT count(*) FROM search_pending");
    pool.define(kDropAll, "DELETE FROM article_search");
}

std::string search_document(std::string_view title, const std::vector<std::string>& keywords,
                            std::string_view body_text, const search::Segmenter& segmenter,
                            const search::Vocabulary& vocabulary) {
    std::map<std::string, Positions> lexemes;
    int position = 0;
    add_field(lexemes, position, title, 'A', segmenter, vocabulary);
    std::string joined;
    for (const auto& k : keywords) {
        if (!joined.empty()) joined += ' ';
        joined += k;
    }
    add_field(lexemes, position, joined, 'B', segmenter, vocabulary);
    add_field(lexemes, position, body_text, 'C', segmenter, vocabulary);
    std::string out;
    for (const auto& [lexeme, positions] : lexemes) {
        if (!out.empty()) out += ' ';
        out += quoted(lexeme);
        char sep = ':';
        for (const auto& [p, w] : positions.at) {
            out += sep;
            out += std::to_string(p);
            out += w;
            sep = ',';
        }
    }
    return out;
}

std::string tsquery_phrase(std::string_view phrase, const search::Segmenter& segmenter,
                           const search::Vocabulary& vocabulary) {
    std::vector<std::vector<std::string>> positions;
    segmenter.tokenize(phrase, vocabulary, search::SegmentMode::query, [&](const search::Token& t) {
        if (t.text.empty() || t.text.size() > kMaxLexemeBytes) return;
        if (t.colocated && !positions.empty()) {
            positions.back().push_back(t.text);
        } else {
            positions.push_back({t.text});
        }
    });
    std::string out;
    for (const auto& alternatives : positions) {
        if (!out.empty()) out += " <-> ";
        if (alternatives.size() > 1) out += '(';
        for (std::size_t i = 0; i < alternatives.size(); ++i) {
            if (i) out += " | ";
            out += quoted(alternatives[i]);
        }
        if (alternatives.size() > 1) out += ')';
    }
    return out;
}

std::string tsquery_of(const std::vector<std::vector<std::string>>& clauses,
                       const search::Segmenter& segmenter, const search::Vocabulary& vocabulary) {
    std::string out;
    for (const auto& clause : clauses) {
        std::vector<std::string> phrases;
        for (const auto& alternative : clause) {
            auto p = tsquery_phrase(alternative, segmenter, vocabulary);
            if (!p.empty()) phrases.push_back("(" + p + ")");
        }
        if (phrases.empty()) continue;
        if (!out.empty()) out += " & ";
        out += '(';
        for (std::size_t i = 0; i < phrases.size(); ++i) {
            if (i) out += " | ";
            out += phrases[i];
        }
        out += ')';
    }
    return out;
}

void refresh_vocabulary(pqxx::transaction_base& tx, search::Analyzer& analyzer) {
    const auto version = tx.exec_prepared1(kTermsVersion)[0].as<std::int64_t>();
    if (version == analyzer.vocabulary.get()->version()) return;
    std::map<std::int64_t, std::vector<std::string>> groups;
    for (const auto& row : tx.exec_prepared(kSynonyms)) {
        groups[row[0].as<std::int64_t>()].push_back(
            analyzer.folder.fold_string(row[1].as<std::string>()));
    }
    analyzer.vocabulary.set(
        std::make_shared<const search::Vocabulary>(synonym_groups(std::move(groups)), version));
}

namespace {

/// Indexes the queued articles in batches and empties the queue.
std::int64_t index_pending(pqxx::transaction_base& tx, search::Analyzer& analyzer,
                           const std::function<void(std::int64_t, std::int64_t)>& progress,
                           std::int64_t total) {
    const auto vocabulary = analyzer.vocabulary.get();
    tx.exec_prepared0(kUnindex);
    std::int64_t done = 0;
    std::int64_t last = 0;
    for (;;) {
        const auto rows = tx.exec_prepared(kPendingBatch, last, kBatch);
        if (rows.empty()) break;
        std::string ids = "{";
        for (const auto& row : rows) {
            if (ids.size() > 1) ids += ',';
            ids += row[0].c_str();
        }
        ids += '}';
        std::map<std::int64_t, std::vector<std::string>> keywords;
        for (const auto& row : tx.exec_prepared(kKeywordsOfMany, ids)) {
            keywords[row[0].as<std::int64_t>()].push_back(row[1].as<std::string>());
        }
        for (const auto& row : rows) {
            const auto id = row[0].as<std::int64_t>();
            const auto body = content::html_to_text(row[2].as<std::string>());
            const auto document = search_document(row[1].as<std::string>(), keywords[id], body,
                                                  analyzer.segmenter, *vocabulary);
            tx.exec_prepared0(kIndex, id, document, body);
            last = id;
            ++done;
        }
        if (progress) progress(done, total);
    }
    tx.exec_prepared0(kClearPending);
    return done;
}

}  // namespace

std::int64_t sync_search_index(pqxx::transaction_base& tx, search::Analyzer& analyzer) {
    // The queue's writers hold this lock already; a synonym change takes it here.
    tx.exec_prepared(kContentLock);
    const auto state = tx.exec_prepared1(kState);
    const auto terms_version = state[0].as<std::int64_t>();
    const auto indexed_version = state[1].as<std::int64_t>();
    const auto built_by = state[2].as<std::string>();
    refresh_vocabulary(tx, analyzer);
    const auto signature = search::analyzer_signature();
    if (indexed_version != terms_version || built_by != signature) {
        tx.exec_prepared0(kQueueAll);
        tx.exec_prepared0(kMarkIndexed, terms_version, signature);
    }
    return index_pending(tx, analyzer, nullptr, 0);
}

std::int64_t rebuild_search_index(pqxx::transaction_base& tx, search::Analyzer& analyzer,
                                  const std::function<void(std::int64_t, std::int64_t)>& progress) {
    tx.exec_prepared(kContentLock);
    refresh_vocabulary(tx, analyzer);
    tx.exec_prepared0(kDropAll);
    tx.exec_prepared0(kQueueAll);
    const auto total = tx.exec_prepared1(kCountPending)[0].as<std::int64_t>();
    if (progress) progress(0, total);
    const auto done = index_pending(tx, analyzer, progress, total);
    const auto version = tx.exec_prepared1(kTermsVersion)[0].as<std::int64_t>();
    tx.exec_prepared0(kMarkIndexed, version, search::analyzer_signature());
    return done;
}

}  // namespace gp::store::postgres

#include "store/sqlite/sqlite_search_rank_function.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {
namespace {

constexpr double kK1 = 1.2;
/// Columns that can carry a weight; the article index has three.
constexpr int kMaxColumns = 8;

/// What is the same for every row of one query: each phrase's idf and the mean row length.
struct QueryStats {
    std::vector<double> idf;
    double mean_tokens = 1;
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* n) {
    ++*static_cast<sqlite3_int64*>(n);
    return SQLITE_OK;
}

QueryStats* query_stats(const Fts5ExtensionApi* api, Fts5Context* fts, int* rc) {
    if (auto* s = static_cast<QueryStats*>(api->xGetAuxdata(fts, 0))) return s;
    auto* s = new QueryStats;
    sqlite3_int64 rows = 0;
    sqlite3_int64 tokens = 0;
    *rc = api->xRowCount(fts, &rows);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rows > 0) s->mean_tokens = static_cast<double>(tokens) / static_cast<double>(rows);
    const int phrases = api->xPhraseCount(fts);
    // With one phrase the idf scales every row alike and cannot change the order; counting
    // its rows would walk the phrase's matches a second time.
    if (phrases == 1) s->idf.push_back(1);
    for (int i = 0; *rc == SQLITE_OK && phrases > 1 && i < phrases; ++i) {
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(fts, i, &hits, count_row);
        const double idf =
            std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
        s->idf.push_back(idf <= 0 ? 1e-6 : idf);
    }
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fts, s, [](void* p) { delete static_cast<QueryStats*>(p); });
    else
        delete s;
    return *rc == SQLITE_OK ? s : nullptr;
}

void rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
          sqlite3_value** argv) {
    int rc = SQLITE_OK;
    auto* stats = query_stats(api, fts, &rc);
    if (!stats) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    const int columns = api->xColumnCount(fts);
    std::array<double, kMaxColumns> weight;
    weight.fill(1.0);
    for (int col = 0; col < std::min({argc, columns, kMaxColumns}); ++col) {
        weight[static_cast<std::size_t>(col)] = sqlite3_value_double(argv[col]);
    }
    const double b = argc > columns ? sqlite3_value_double(argv[columns]) : 0.75;
    double length_factor = 1 - b;
    if (b > 0) {
        int tokens = 0;
        rc = api->xColumnSize(fts, -1, &tokens);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        length_factor += b * static_cast<double>(tokens) / stats->mean_tokens;
    }
    double score = 0;
    for (int p = 0; p < static_cast<int>(stats->idf.size()); ++p) {
        Fts5PhraseIter it;
        int col = 0;
        int offset = 0;
        double frequency = 0;
        rc = api->xPhraseFirst(fts, p, &it, &col, &offset);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        for (; col >= 0; api->xPhraseNext(fts, &it, &col, &offset)) {
            if (col < kMaxColumns) frequency += weight[static_cast<std::size_t>(col)];
        }
        score += stats->idf[p] * frequency * (kK1 + 1) / (frequency + kK1 * length_factor);
    }
    sqlite3_result_double(ctx, -score);
}

}  // namespace

void register_rank_function(fts5_api* api) {
    if (api->xCreateFunction(api, "gp_rank", nullptr, rank, nullptr) != SQLITE_OK) {
        throw SqliteError("registering the search rank function failed");
    }
}

}  // namespace gp::store::sqlite

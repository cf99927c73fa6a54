#include "store/postgres/postgres_change_log.hpp"

#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kLatest = "latest_change";
constexpr const char* kSince = "changes_since";
constexpr const char* kPrune = "prune_changes";
constexpr const char* kNextScheduled = "next_scheduled";
constexpr const char* kCameDue = "came_due";

}  // namespace

PostgresChangeLog::PostgresChangeLog(Pool& pool) : pool_(pool) {
    pool_.define(kLatest, "SELECT coalesce(max(seq), 0) FROM content_changes");
    pool_.define(kSince,
                 "SELECT seq, article_id, category_id, keyword, structure FROM content_changes "
                 "WHERE seq > $1 ORDER BY seq LIMIT $2");
    pool_.define(kPrune, "DELETE FROM content_changes WHERE at < $1");
    pool_.define(kNextScheduled,
                 "SELECT min(published_at) FROM articles "
                 "WHERE status = 'published' AND published_at > $1");
    pool_.define(kCameDue,
                 "SELECT id, category_id FROM articles WHERE status = 'published' "
                 "AND published_at > $1 AND published_at <= $2 ORDER BY id");
}

std::int64_t PostgresChangeLog::latest_change() {
    return pool_.with(kLatest, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kLatest)[0].as<std::int64_t>();
    });
}

std::vector<content::ContentChange> PostgresChangeLog::changes_since(std::int64_t seq,
                                                                     std::int64_t limit) {
    return pool_.with(kSince, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::ContentChange> out;
        for (const auto& row : tx.exec_prepared(kSince, seq, limit)) {
            content::ContentChange ch;
            ch.seq = row[0].as<std::int64_t>();
            ch.article_id = optional_int(row[1]);
            ch.category_id = optional_int(row[2]);
            ch.keyword = optional_text(row[3]);
            ch.structure = row[4].as<bool>();
            out.push_back(std::move(ch));
        }
        return out;
    });
}

void PostgresChangeLog::prune_changes(content::Time before) {
    pool_.with(kPrune, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared0(kPrune, seconds(before));
        tx.commit();
    });
}

std::optional<content::Time> PostgresChangeLog::next_scheduled(content::Time now) {
    return pool_.with(kNextScheduled, [&](pqxx::connection& c) -> std::optional<content::Time> {
        pqxx::nontransaction tx(c);
        const auto f = tx.exec_prepared1(kNextScheduled, seconds(now))[0];
        if (f.is_null()) return std::nullopt;
        return time_of(f);
    });
}

std::vector<content::ContentChange> PostgresChangeLog::came_due(content::Time after,
                                                                content::Time until) {
    return pool_.with(kCameDue, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::ContentChange> out;
        for (const auto& row : tx.exec_prepared(kCameDue, seconds(after), seconds(until))) {
            content::ContentChange ch;
            ch.article_id = row[0].as<std::int64_t>();
            ch.category_id = row[1].as<std::int64_t>();
            out.push_back(std::move(ch));
        }
        return out;
    });
}

}  // namespace gp::store::postgres

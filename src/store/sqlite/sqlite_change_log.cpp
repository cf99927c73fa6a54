#include "store/sqlite/sqlite_change_log.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kLatest = "SELECT coalesce(max(seq), 0) FROM content_changes";
constexpr std::string_view kSince =
    "SELECT seq, article_id, category_id, keyword, structure FROM content_changes "
    "WHERE seq > ? ORDER BY seq LIMIT ?";
constexpr std::string_view kPrune = "DELETE FROM content_changes WHERE at < ?";
constexpr std::string_view kNextScheduled =
    "SELECT min(published_at) FROM articles WHERE status = 'published' AND published_at > ?";
constexpr std::string_view kCameDue =
    "SELECT id, category_id FROM articles WHERE status = 'published' "
    "AND published_at > ? AND published_at <= ?";

std::int64_t seconds(content::Time t) { return t.time_since_epoch().count(); }

}  // namespace

std::int64_t SqliteChangeLog::latest_change() {
    auto c = db_.borrow();
    Statement st(*c, kLatest, "latest_change");
    st.step();
    return st.int64(0);
}

std::vector<content::ContentChange> SqliteChangeLog::changes_since(std::int64_t seq,
                                                                   std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kSince, "changes_since");
    st.bind(1, seq).bind(2, limit);
    std::vector<content::ContentChange> out;
    while (st.step()) {
        content::ContentChange ch;
        ch.seq = st.int64(0);
        if (!st.is_null(1)) ch.article_id = st.int64(1);
        if (!st.is_null(2)) ch.category_id = st.int64(2);
        ch.keyword = st.optional_text(3);
        ch.structure = st.int64(4) != 0;
        out.push_back(std::move(ch));
    }
    return out;
}

void SqliteChangeLog::prune_changes(content::Time before) {
    auto c = db_.borrow();
    Statement st(*c, kPrune, "prune_changes");
    st.bind(1, seconds(before)).run();
}

std::optional<content::Time> SqliteChangeLog::next_scheduled(content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, kNextScheduled, "next_scheduled");
    st.bind(1, seconds(now));
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return content::Time{std::chrono::seconds{st.int64(0)}};
}

std::vector<content::ContentChange> SqliteChangeLog::came_due(content::Time after,
                                                              content::Time until) {
    auto c = db_.borrow();
    Statement st(*c, kCameDue, "came_due");
    st.bind(1, seconds(after)).bind(2, seconds(until));
    std::vector<content::ContentChange> out;
    while (st.step()) {
        content::ContentChange ch;
        ch.article_id = st.int64(0);
        ch.category_id = st.int64(1);
        out.push_back(std::move(ch));
    }
    return out;
}

}  // namespace gp::store::sqlite

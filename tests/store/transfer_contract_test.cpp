// Import and export on every backend: checks against the store, all or nothing, an audit
// record in the same transaction, and an export that imports into an empty store unchanged,
// the other backend's included.
#include <nlohmann/json.hpp>
#include <type_traits>

#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class TransferContract : public Contract<Backend> {};
TYPED_TEST_SUITE(TransferContract, Backends, BackendNames);

TYPED_TEST(TransferContract, ExportThenImportIntoAnEmptyStoreReproducesIt) {
    this->seed();
    this->s_.articles.add_views({{2, 9}}, "");
    const auto exported = export_json(this->s_);
    const auto doc = nlohmann::json::parse(exported);
    EXPECT_EQ(doc["articles"].size(), 8u);
    EXPECT_EQ(doc["articles"][1]["views"], 9);
    EXPECT_EQ(doc["articles"][0]["published_at"], "2025-03-01T01:00:00Z");

    TypeParam other;
    auto stores = other.stores();
    const auto result = import_json(stores, exported, kNow);
    ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
        << std::get<content::ImportError>(result).message();
    EXPECT_EQ(export_json(stores), exported);
}

TYPED_TEST(TransferContract, ABadRecordStopsTheImportAndNothingIsWritten) {
    this->seed();
    const auto before = export_json(this->s_);
    const std::string doc = R"({"categories": [{"slug": "training", "name": "等保培训"}],
        "articles": [{"title": "新文章", "category": "training", "published_at": "2025-03-01T09:00:00+08:00", "body_html": "<p>正文</p>"},
                     {"id": 3, "title": "编号已被占用", "category": "policy", "published_at": "2025-03-01T09:00:00+08:00", "body_html": "<p>正文</p>"}]})";
    const auto result = import_json(this->s_, doc, kNow);
    ASSERT_TRUE(std::holds_alternative<content::ImportError>(result));
    EXPECT_EQ(std::get<content::ImportError>(result).path, "articles[1].id");
    EXPECT_EQ(export_json(this->s_), before);
}

TYPED_TEST(TransferContract, ArticlesWithoutAnIdFollowTheLargestId) {
    this->seed();
    const std::string doc = R"({"articles": [
        {"title": "不带编号的文章", "category": "cases", "published_at": "2025-03-09T09:00:00+08:00", "body_html": "<p>正文</p>"},
        {"id": 20, "title": "带编号的文章", "category": "cases", "published_at": "2025-03-09T10:00:00+08:00", "body_html": "<p>正文</p>"},
        {"title": "又一篇", "category": "cases", "published_at": "2025-03-09T11:00:00+08:00", "body_html": "<p>正文</p>"}]})";
    const auto result = import_json(this->s_, doc, kNow);
    ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
        << std::get<content::ImportError>(result).message();
    const std::vector<std::int64_t> cases{this->category("cases")};
    std::vector<std::int64_t> ids;
    for (const auto& a : this->s_.articles.list_visible(cases, kNow, 0, 10)) ids.push_back(a.id);
    EXPECT_EQ(ids, (std::vector<std::int64_t>{21, 20, 9, 8}));
}

TYPED_TEST(TransferContract, AnImportIsAuditedWithItsCountsAndARefusedOneIsNot) {
    this->seed();
    store::AuditQuery q;
    q.event = "content.import";
    auto records = this->s_.audit.search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].detail, "5 categories, 8 articles");
    EXPECT_EQ(records[0].account_name, "(shell)");
    EXPECT_EQ(records[0].client_ip, "shell");
    EXPECT_EQ(records[0].user_agent, "guardpress import");
    EXPECT_EQ(records[0].result, "success");
    EXPECT_EQ(records[0].at, kNow);

    const std::string bad = R"({"articles": [{"title": "无栏目", "category": "nowhere",
        "published_at": "2025-03-01T09:00:00+08:00", "body_html": "<p>正文</p>"}]})";
    ASSERT_TRUE(std::holds_alternative<content::ImportError>(import_json(this->s_, bad, kNow)));
    EXPECT_EQ(this->s_.audit.count(q), 1);
    const auto report = this->s_.audit.verify_chain();
    EXPECT_FALSE(report.first_broken) << report.reason;
}

TYPED_TEST(TransferContract, AnImportWhoseAuditRecordCannotBeWrittenWritesNothing) {
    const auto before = export_json(this->s_);
    if constexpr (std::is_same_v<TypeParam, SqliteBackend>) {
        this->backend_.execute(
            "CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit storage is read-only'); END");
    } else {
        this->backend_.execute(
            "CREATE FUNCTION audit_full() RETURNS trigger LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION 'audit storage is read-only'; END$$; "
            "CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_full()");
    }
    EXPECT_ANY_THROW(import_json(this->s_, seed_document(), kNow));
    EXPECT_EQ(export_json(this->s_), before);
    EXPECT_TRUE(this->s_.categories.list_categories().empty());
}

// Moving a site between backends: SQLite's export imports into PostgreSQL and comes out byte
// for byte the same, and back again. (Named Postgres… so the PostgreSQL ctest entry runs it.)
TEST(PostgresTransferFromSqlite, AnExportMovesBetweenBackendsByteForByte) {
    SqliteBackend sqlite;
    auto from = sqlite.stores();
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(from, seed_document(), kNow)));
    from.articles.add_views({{2, 9}, {5, 1}}, "");
    const auto exported = export_json(from);

    PostgresBackend postgres;
    auto to = postgres.stores();
    const auto result = import_json(to, exported, kNow);
    ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
        << std::get<content::ImportError>(result).message();
    EXPECT_EQ(export_json(to), exported);

    SqliteBackend back;
    auto again = back.stores();
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(again, export_json(to), kNow)));
    EXPECT_EQ(export_json(again), exported);
}

}  // namespace
}  // namespace gp::test

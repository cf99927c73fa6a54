// `guardpress migrate-store` through the real binary: a lived-in SQLite site moved into a
// fresh PostgreSQL database reads back the same, is searchable there, keeps its audit chain,
// and a second move or a bad argument changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "editorial/site_transfer.hpp"
#include "http/run_binary.hpp"
#include "store/postgres/postgres_store.hpp"
#include "support/postgres_server.hpp"

namespace gp::test {
namespace {

/// One PostgreSQL server for the whole binary, started once.
PostgresServer& server() {
    static PostgresServer instance;
    return instance;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string audit_key(const std::filesystem::path& data_dir) {
    const auto master = security::MasterKey::load(data_dir / "guardpress.key");
    return app::store_settings(master, data_dir).audit_key;
}

class MigrateStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(run({"init", "--data-dir", site.path().string(), "--demo"}, scratch).code, 0);
        // Accounts and their audit records move too.
        ASSERT_EQ(run({"user", "add", "--data-dir", site.path().string(), "--role", "editor",
                       "--name", "editor.liu"},
                      scratch)
                      .code,
                  0);
        static int next = 0;
        database = "gp_move_" + std::to_string(++next);
        url = server().create_database(database);
    }

    test::Run migrate() {
        return run({"migrate-store", "--from", "sqlite:" + site.path().string(), "--to",
                    "postgres:" + url},
                   scratch);
    }

    TempDir site;
    TempDir scratch;
    std::string database;
    std::string url;
};

TEST_F(MigrateStoreTest, ADemoSiteMovesWholeAndReadsBackTheSame) {
    const auto moved = migrate();
    ASSERT_EQ(moved.code, 0) << moved.out << moved.err;
    EXPECT_TRUE(has(moved.out, "articles")) << moved.out;
    EXPECT_TRUE(has(moved.out, "verified")) << moved.out;
    EXPECT_TRUE(has(moved.out, "audit chain intact on PostgreSQL")) << moved.out;

    const auto exported = run({"export", "--data-dir", site.path().string()}, scratch);
    ASSERT_EQ(exported.code, 0);
    store::postgres::PostgresStore target(
        store::postgres::PostgresSettings{url, 2, audit_key(site.path())});
    // Every category and article, with ids, keywords, views and bodies, byte for byte.
    EXPECT_EQ(editorial::SiteTransfer(target.transfer()).export_json(), exported.out);
    EXPECT_FALSE(target.accounts().find_account_by_name("editor.liu") == std::nullopt);
    const auto chain = target.audit().verify_chain();
    EXPECT_FALSE(chain.first_broken) << chain.reason;
    EXPECT_GE(chain.checked, 1);  // the account created above

    // The index was rebuilt there: the demo's articles are found on PostgreSQL.
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto found = target.search().search("等级保护", {}, now, 0, 10);
    EXPECT_GT(found.total, 10);
    // New ids carry on after the moved ones.
    EXPECT_TRUE(has(moved.out, "sessions were not moved"));
}

TEST_F(MigrateStoreTest, ASecondMoveIntoTheSameDatabaseIsRefusedAndChangesNothing) {
    ASSERT_EQ(migrate().code, 0);
    store::postgres::PostgresStore target(
        store::postgres::PostgresSettings{url, 2, audit_key(site.path())});
    const auto before = editorial::SiteTransfer(target.transfer()).export_json();
    const auto audit_before = target.audit().verify_chain().checked;

    const auto again = migrate();
    EXPECT_EQ(again.code, 2);
    EXPECT_TRUE(has(again.err, "not empty")) << again.err;
    EXPECT_EQ(editorial::SiteTransfer(target.transfer()).export_json(), before);
    EXPECT_EQ(target.audit().verify_chain().checked, audit_before);
}

TEST_F(MigrateStoreTest, BadArgumentsAnswerTwoWithTheReason) {
    auto r =
        run({"migrate-store", "--from", "mysql:" + site.path().string(), "--to", "postgres:" + url},
            scratch);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(has(r.err, "sqlite:PATH")) << r.err;
    r = run(
        {"migrate-store", "--from", "sqlite:" + scratch.path().string(), "--to", "postgres:" + url},
        scratch);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(has(r.err, "no GuardPress store")) << r.err;
    r = run({"migrate-store", "--from", "sqlite:" + site.path().string(), "--to", url}, scratch);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(has(r.err, "postgres:URL")) << r.err;
    // A server that is not there is a failure of the database, not of the input.
    r = run({"migrate-store", "--from", "sqlite:" + site.path().string(), "--to",
             "postgres:host=127.0.0.1 port=1 dbname=none connect_timeout=2"},
            scratch);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(has(r.err, "PostgreSQL")) << r.err;
}

}  // namespace
}  // namespace gp::test

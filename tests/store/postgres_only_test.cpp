// What SQLite's single writer gives for free and PostgreSQL must earn with locks, when several
// nodes share one database (docs/adr/0014).
#include <future>
#include <latch>
#include <pqxx/pqxx>
#include <thread>

#include "store/backends.hpp"
#include "store/postgres/migrations.hpp"

namespace gp::test {
namespace {

using store::postgres::PostgresSettings;
using store::postgres::PostgresStore;

TEST(PostgresMigrations, NodesStartingTogetherMigrateOnce) {
    auto& server = postgres_server();
    const auto url = server.create_database("gp_migrate_together");
    std::latch start(3);
    auto open = [&] {
        start.arrive_and_wait();
        PostgresStore store(PostgresSettings{url, 1, kAuditKey});
        return store.ping();
    };
    auto a = std::async(std::launch::async, open);
    auto b = std::async(std::launch::async, open);
    auto c = std::async(std::launch::async, open);
    EXPECT_TRUE(a.get());
    EXPECT_TRUE(b.get());
    EXPECT_TRUE(c.get());

    {
        pqxx::connection conn(url);
        pqxx::nontransaction tx(conn);
        const auto versions =
            tx.exec1("SELECT count(*), count(DISTINCT version) FROM schema_migrations");
        const auto expected = static_cast<std::int64_t>(store::postgres::migrations().size());
        EXPECT_EQ(versions[0].as<std::int64_t>(), expected);
        EXPECT_EQ(versions[1].as<std::int64_t>(), expected);
    }
    server.drop_database("gp_migrate_together");
}

TEST(PostgresMigrations, AFailedMigrationLeavesNoTrace) {
    auto& server = postgres_server();
    const auto url = server.create_database("gp_migrate_blocked");
    // A table in the way of migration 0001: the run fails, and nothing of it is kept.
    server.execute("gp_migrate_blocked", "CREATE TABLE articles (id int)");
    EXPECT_THROW(PostgresStore(PostgresSettings{url, 1, kAuditKey}),
                 store::postgres::PostgresError);
    {
        pqxx::connection conn(url);
        pqxx::nontransaction tx(conn);
        EXPECT_TRUE(tx.exec("SELECT 1 FROM pg_tables WHERE tablename IN ('categories', "
                            "'schema_migrations')")
                        .empty());
    }
    server.drop_database("gp_migrate_blocked");
}

TEST(PostgresStoreErrors, AnUnreachableServerIsAPostgresError) {
    // A port nothing listens on: the message says what failed, no libpqxx type escapes.
    PostgresSettings settings{"host=127.0.0.1 port=" + std::to_string(free_port()) +
                                  " user=postgres dbname=none connect_timeout=2",
                              1, kAuditKey};
    try {
        PostgresStore store(settings);
        FAIL() << "opened a store on a closed port";
    } catch (const store::postgres::PostgresError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot connect to PostgreSQL"), std::string::npos);
    }
}

TEST(PostgresStoreErrors, ConnectionsTheServerEndedAreReplaced) {
    PostgresBackend backend;
    auto stores = backend.stores();
    stores.redirects.put_redirect({"/old/", "/news/", 301}, kNow);
    // What a restart of PostgreSQL or a failover does to every open session.
    backend.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    // The call on the dead connection fails with the store's own error, naming the query ...
    try {
        stores.redirects.find_redirect("/old/");
    } catch (const store::postgres::PostgresError& e) {
        EXPECT_NE(std::string(e.what()).find("find_redirect"), std::string::npos) << e.what();
    }
    // ... and the pool has dropped it: the next call gets a fresh connection.
    const auto found = stores.redirects.find_redirect("/old/");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->to_path, "/news/");
}

class PostgresChangeOrder : public ::testing::Test {
protected:
    PostgresBackend backend_;
    Stores s_ = backend_.stores();
};

// A reader asks for "changes after N". Were a later writer's change visible while an earlier,
// lower-numbered one is still uncommitted, the reader would move past N and never see it.
TEST_F(PostgresChangeOrder, ALaterWriterWaitsSoChangesAppearInNumberOrder) {
    const auto before = s_.changes.latest_change();
    pqxx::connection other(backend_.url());
    pqxx::work first(other);
    first.exec("INSERT INTO categories (slug, name) VALUES ('first', '先写的分类')");

    auto second = std::async(std::launch::async, [&] {
        content::Category c;
        c.slug = "second";
        c.name = "后写的分类";
        content::AuditRecord r;
        r.at = kNow;
        r.event = "category.create";
        r.result = "success";
        return s_.categories.create_category(c, r);
    });
    // Bounded poll until the second writer is seen waiting on a lock (or has finished, which
    // the assertion below then reports).
    pqxx::connection watcher(backend_.url());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
        pqxx::nontransaction q(watcher);
        const auto waiting =
            q.exec1(
                 "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                 "AND datname = current_database()")[0]
                .as<int>();
        if (waiting > 0) break;
        if (second.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready) break;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the second writer never waited";
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(second.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    EXPECT_EQ(s_.changes.latest_change(), before);

    first.commit();
    ASSERT_TRUE(second.get());
    const auto changes = s_.changes.changes_since(before, 10);
    ASSERT_EQ(changes.size(), 2u);
    const auto first_id = s_.categories.list_categories();
    std::int64_t first_category = 0;
    for (const auto& c : first_id) {
        if (c.slug == "first") first_category = c.id;
    }
    EXPECT_EQ(changes[0].category_id, first_category);
    EXPECT_LT(changes[0].seq, changes[1].seq);
}

// Two editors' steps on one article: while one node's update_article has read the article and
// `decide` runs, no other client can take the row, so a second editor waits and then reads the
// version the first committed (SQLite's BEGIN IMMEDIATE gives the same).
TEST_F(PostgresChangeOrder, AnEditorialStepHoldsItsArticleUntilItCommits) {
    content::ArticleFields f;
    f.title = "初稿";
    content::Category c;
    c.slug = "policy";
    c.name = "等保政策";
    content::AuditRecord r;
    r.at = kNow;
    r.event = "category.create";
    r.result = "success";
    f.category_id = s_.categories.create_category(c, r).value();
    const auto id = s_.editorial.create_article(f, "ed.li", kNow, "", {});
    const auto lock_row =
        "SELECT 1 FROM articles WHERE id = " + std::to_string(id) + " FOR UPDATE NOWAIT";
    bool refused = false;
    const auto result =
        s_.editorial.update_article(id, "ed.li", kNow, [&](const content::EditorialArticle&) {
            // NOWAIT fails at once instead of waiting: the row is held by the step.
            try {
                backend_.execute(lock_row);
            } catch (const std::exception&) {
                refused = true;
            }
            return std::optional<store::EditorialWrite>{};
        });
    EXPECT_EQ(result, store::EditorialResult::unchanged);
    EXPECT_TRUE(refused);
    // After the step the row is free again.
    EXPECT_NO_THROW(backend_.execute(lock_row));
}

// TRUNCATE skips row triggers: it emptied the audit trail without a word until a statement
// trigger refused it, and with triggers off the anchor still shows it.
TEST(PostgresAudit, TheAuditTrailCannotBeTruncatedUnseen) {
    PostgresBackend backend;
    auto s = backend.stores();
    content::AuditRecord r;
    r.at = kNow;
    r.event = "auth.login";
    r.result = "success";
    s.audit.append(r);
    s.audit.append(r);
    EXPECT_ANY_THROW(backend.execute("TRUNCATE audit_log"));
    EXPECT_EQ(s.audit.verify_chain().checked, 2);
    backend.execute_unguarded("TRUNCATE audit_log");
    const auto report = s.audit.verify_chain();
    EXPECT_EQ(report.first_broken, 1);
    EXPECT_NE(report.reason.find("every record was removed"), std::string::npos) << report.reason;
}

}  // namespace
}  // namespace gp::test

// Statements kept per connection: each use starts unbound and from the first row, a statement
// used inside another of the same text gets its own, and a failed step leaves the kept one usable.
#include <gtest/gtest.h>

#include <random>

#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kByName = "SELECT id FROM items WHERE name = ?1 ORDER BY id";
constexpr std::string_view kInsert = "INSERT INTO items (id, name) VALUES (?1, ?2)";

class StatementCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        file_ = std::filesystem::temp_directory_path() /
                ("guardpress-statements-" + std::to_string(rd()) + std::to_string(rd()) + ".db");
        connection_ = std::make_unique<Connection>(file_);
        connection_->exec(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
            "INSERT INTO items VALUES (1, '等保测评'), (2, '等保测评'), (3, '定级备案');",
            "fixture");
    }
    void TearDown() override {
        connection_.reset();
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(file_.string() + suffix, ec);
        }
    }

    std::vector<std::int64_t> ids_named(const std::string& name) {
        Statement st(*connection_, kByName, "items_by_name");
        st.bind(1, name);
        std::vector<std::int64_t> out;
        while (st.step()) out.push_back(st.int64(0));
        return out;
    }

    std::filesystem::path file_;
    std::unique_ptr<Connection> connection_;
};

TEST_F(StatementCacheTest, AKeptStatementIsRunAgainWithNewBindingsFromTheFirstRow) {
    EXPECT_EQ(ids_named("等保测评"), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(ids_named("定级备案"), (std::vector<std::int64_t>{3}));
    EXPECT_EQ(ids_named("等保测评"), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(connection_->kept_statements(), 1u);
}

TEST_F(StatementCacheTest, AStatementLeftAfterItsFirstRowStartsOverForTheNextUser) {
    {
        Statement st(*connection_, kByName, "items_by_name");
        st.bind(1, "等保测评");
        ASSERT_TRUE(st.step());
        EXPECT_EQ(st.int64(0), 1);
    }
    EXPECT_EQ(ids_named("等保测评"), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(StatementCacheTest, BindingsDoNotCarryOverToTheNextUse) {
    {
        Statement st(*connection_, kByName, "items_by_name");
        st.bind(1, "定级备案");
        st.run();
    }
    // Unbound parameters are NULL, which matches no name.
    Statement st(*connection_, kByName, "items_by_name");
    EXPECT_FALSE(st.step());
}

TEST_F(StatementCacheTest, TheSameTextInsideARunningStatementGetsItsOwn) {
    Statement outer(*connection_, kByName, "items_by_name");
    outer.bind(1, "等保测评");
    std::vector<std::int64_t> seen;
    while (outer.step()) {
        seen.push_back(outer.int64(0));
        EXPECT_EQ(ids_named("定级备案"), (std::vector<std::int64_t>{3}));
    }
    EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(connection_->kept_statements(), 1u);
}

TEST_F(StatementCacheTest, AFailedStepLeavesTheKeptStatementUsable) {
    {
        Statement st(*connection_, kInsert, "insert_item");
        st.bind(1, std::int64_t{1}).bind(2, "重复的编号");
        EXPECT_THROW(st.run(), SqliteError);
    }
    {
        Statement st(*connection_, kInsert, "insert_item");
        st.bind(1, std::int64_t{4}).bind(2, "安全整改");
        st.run();
    }
    EXPECT_EQ(ids_named("安全整改"), (std::vector<std::int64_t>{4}));
}

TEST_F(StatementCacheTest, AKeptStatementFollowsASchemaChange) {
    EXPECT_EQ(ids_named("定级备案"), (std::vector<std::int64_t>{3}));
    connection_->exec(
        "ALTER TABLE items ADD COLUMN note TEXT; CREATE INDEX items_name ON items(name)",
        "change_schema");
    EXPECT_EQ(ids_named("定级备案"), (std::vector<std::int64_t>{3}));
}

}  // namespace
}  // namespace gp::store::sqlite

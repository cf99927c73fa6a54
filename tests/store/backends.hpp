#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "editorial/site_transfer.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/store.hpp"
#include "support/postgres_server.hpp"

namespace gp::test {

/// The store interfaces a contract test talks to, whatever the backend.
struct Stores {
    store::ArticleStore& articles;
    store::CategoryStore& categories;
    store::ContentTransfer& transfer;
    store::EditorialStore& editorial;
    store::LeadStore& leads;
    store::RedirectStore& redirects;
    store::AccountStore& accounts;
    store::AuditStore& audit;
    store::SearchIndex& search;
    store::SynonymStore& synonyms;
    store::SearchStats& search_stats;
    store::MediaStore& media;
    store::ChangeLog& changes;
};

/// The audit chain's key in every contract test (32 bytes, as the master key derives).
inline const std::string kAuditKey(32, 'k');

/// A time in the site's zone (+08:00), as the fixture writes them.
content::Time at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0);

/// "Now" in the contract tests: 2025-03-11 12:00 in Beijing; article 6 is still scheduled.
inline const content::Time kNow = at(2025, 3, 11, 12);

/// A fresh SQLite store in a temp dir.
class SqliteBackend {
public:
    static constexpr const char* kName = "Sqlite";
    SqliteBackend();
    ~SqliteBackend();
    Stores stores();
    /// Another store over the same data, as a second node would open it.
    Stores second_node();
    /// Where the audit chain's end is anchored (both nodes share it, as on one machine).
    std::filesystem::path anchor_file() const;
    /// Runs SQL straight on the data, as another client of the database could.
    void execute(const std::string& sql);
    /// Runs SQL with the store's own guards (triggers) out of the way: an attacker with full
    /// access to the database, for tests that tamper with rows.
    void execute_unguarded(const std::string& sql);

private:
    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<store::Store> second_;
};

/// The test binary's PostgreSQL server, started on first use and stopped when the binary ends.
PostgresServer& postgres_server();

/// A fresh PostgreSQL database, a copy of a migrated template, on the test binary's server.
class PostgresBackend {
public:
    static constexpr const char* kName = "Postgres";
    PostgresBackend();
    ~PostgresBackend();
    Stores stores();
    Stores second_node();
    std::filesystem::path anchor_file() const;
    void execute(const std::string& sql);
    void execute_unguarded(const std::string& sql);
    std::string url() const;

private:
    std::filesystem::path anchor_dir_;
    std::string database_;
    std::unique_ptr<store::postgres::PostgresStore> store_;
    std::unique_ptr<store::postgres::PostgresStore> second_;
};

/// Every contract test runs once per backend.
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
struct BackendNames {
    template <class T>
    static std::string GetName(int) {
        return T::kName;
    }
};

/// The fixture every contract suite derives from: a fresh backend per test.
template <class Backend>
class Contract : public ::testing::Test {
protected:
    Backend backend_;
    Stores s_ = backend_.stores();

    /// Imports tests/fixtures/store-contract.json (8 articles in 5 categories).
    void seed();
    /// The id of the category with `slug`.
    std::int64_t category(const std::string& slug);
    content::AuditRecord record(const std::string& event) const {
        content::AuditRecord r;
        r.at = kNow;
        r.account_name = "sys.wang";
        r.role = "system_admin";
        r.event = event;
        r.result = "success";
        return r;
    }
};

/// The fixture's text.
std::string seed_document();

/// Imports through the one import path (editorial::SiteTransfer over the backend's rows), as
/// `guardpress import` does.
inline std::variant<std::size_t, content::ImportError> import_json(Stores& s, std::string_view doc,
                                                                   content::Time now) {
    return editorial::SiteTransfer(s.transfer)
        .import_json(doc, now, editorial::shell_importer("import"));
}

/// `guardpress export`'s text of the backend's content.
inline std::string export_json(Stores& s) {
    return editorial::SiteTransfer(s.transfer).export_json();
}

template <class Backend>
void Contract<Backend>::seed() {
    const auto result = import_json(s_, seed_document(), kNow);
    ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
        << std::get<content::ImportError>(result).message();
    ASSERT_EQ(std::get<std::size_t>(result), 8u);
}

template <class Backend>
std::int64_t Contract<Backend>::category(const std::string& slug) {
    for (const auto& c : s_.categories.list_categories()) {
        if (c.slug == slug) return c.id;
    }
    ADD_FAILURE() << "no category " << slug;
    return 0;
}

}  // namespace gp::test

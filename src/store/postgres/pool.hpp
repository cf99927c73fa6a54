#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/postgres/postgres_error.hpp"

namespace gp::store::postgres {

/// A fixed number of libpqxx connections to one database, opened when first needed. Named
/// queries (userver's style) are registered once and prepared on each connection before it is
/// lent, so logs and errors name the query and the server plans it once per connection.
class Pool {
public:
    /// `url` is a libpq connection string or URI; `size` the most connections held at once.
    Pool(std::string url, std::size_t size);
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    /// Adds a named query (again with the same SQL: ignored); connections lent later prepare it.
    void define(std::string name, std::string sql);

    struct Pooled {
        std::unique_ptr<pqxx::connection> connection;
        std::size_t prepared = 0;
    };

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Pooled> c) : pool_(&pool), c_(std::move(c)) {}
        ~Lease();
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        pqxx::connection& operator*() const { return *c_->connection; }
        pqxx::connection* operator->() const { return c_->connection.get(); }

    private:
        Pool* pool_;
        std::unique_ptr<Pooled> c_;
    };

    /// Blocks while every connection is lent; throws PostgresError when none can be opened.
    Lease borrow();

    /// Borrows a connection and runs `work(connection)`; libpqxx failures come out as
    /// PostgresError naming `what`. `work` opens and commits its own transaction, so an early
    /// return or a throw rolls it back. Reads use pqxx::nontransaction: under READ COMMITTED each
    /// statement sees its own snapshot either way (as SQLite's autocommit reads do), and it
    /// saves the BEGIN and COMMIT round trips on every page.
    template <class Work>
    auto with(std::string_view what, Work&& work) {
        try {
            auto lease = borrow();
            if constexpr (std::is_void_v<decltype(work(*lease))>) {
                work(*lease);
                if (after_work_) after_work_(*lease);
            } else {
                auto result = work(*lease);
                if (after_work_) after_work_(*lease);
                return result;
            }
        } catch (const pqxx::failure& e) {
            throw PostgresError(std::string(what) + ": " + e.what());
        } catch (const pqxx::usage_error& e) {
            throw PostgresError(std::string(what) + ": " + e.what());
        } catch (const pqxx::conversion_error& e) {
            throw PostgresError(std::string(what) + ": " + e.what());
        }
    }

    const std::string& url() const { return url_; }

    /// Runs after each `with` whose work returned, on its connection once its transaction has
    /// ended (the audit anchor confirms what committed).
    void set_after_work(std::function<void(pqxx::connection&)> step) {
        after_work_ = std::move(step);
    }

private:
    void give_back(std::unique_ptr<Pooled> c);
    void prepare(Pooled& c);

    std::string url_;
    std::size_t size_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Pooled>> idle_;
    std::size_t open_ = 0;
    std::vector<std::pair<std::string, std::string>> queries_;
    std::function<void(pqxx::connection&)> after_work_;
};

}  // namespace gp::store::postgres

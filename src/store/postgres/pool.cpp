#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

Pool::Pool(std::string url, std::size_t size) : url_(std::move(url)), size_(size ? size : 1) {}

void Pool::define(std::string name, std::string sql) {
    std::lock_guard lock(mutex_);
    for (const auto& [known, known_sql] : queries_) {
        if (known != name) continue;
        // Stores that share a step (the audit append) define its queries each.
        if (known_sql == sql) return;
        throw PostgresError("query " + name + " is defined twice with different SQL");
    }
    queries_.emplace_back(std::move(name), std::move(sql));
}

void Pool::prepare(Pooled& c) {
    // Queries are only ever added, so the ones past `prepared` are the new ones.
    std::vector<std::pair<std::string, std::string>> missing;
    {
        std::lock_guard lock(mutex_);
        missing.assign(queries_.begin() + static_cast<std::ptrdiff_t>(c.prepared), queries_.end());
    }
    for (const auto& [name, sql] : missing) c.connection->prepare(name, sql);
    c.prepared += missing.size();
}

Pool::Lease Pool::borrow() {
    std::unique_ptr<Pooled> c;
    {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
        if (!idle_.empty()) {
            c = std::move(idle_.back());
            idle_.pop_back();
        } else {
            ++open_;
        }
    }
    if (!c) {
        try {
            c = std::make_unique<Pooled>();
            c->connection = std::make_unique<pqxx::connection>(url_);
        } catch (const std::exception& e) {
            {
                std::lock_guard lock(mutex_);
                --open_;
            }
            available_.notify_one();
            throw PostgresError(std::string("cannot connect to PostgreSQL: ") + e.what());
        }
    }
    try {
        prepare(*c);
    } catch (...) {
        // A connection that cannot prepare is dropped, not lent: its slot is free again.
        c->connection.reset();
        give_back(std::move(c));
        throw;
    }
    return Lease(*this, std::move(c));
}

void Pool::give_back(std::unique_ptr<Pooled> c) {
    {
        std::lock_guard lock(mutex_);
        // A broken connection is dropped; its slot opens a fresh one on the next borrow.
        if (c->connection && c->connection->is_open()) {
            idle_.push_back(std::move(c));
        } else {
            --open_;
        }
    }
    available_.notify_one();
}

Pool::Lease::~Lease() {
    if (c_) pool_->give_back(std::move(c_));
}

}  // namespace gp::store::postgres

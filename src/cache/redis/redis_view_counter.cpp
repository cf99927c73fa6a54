#include "cache/redis/redis_view_counter.hpp"

#include <spdlog/spdlog.h>

#include "cache/unavailable.hpp"

namespace gp::cache::redis {
namespace {

// KEYS: pending, total; ARGV[1]: article id. Returns the new total.
const RedisScript kAdd(R"lua(
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
)lua");

// KEYS: pending, total; ARGV[1]: article id. Returns {pending, total}, read together.
const RedisScript kTally(R"lua(
return {tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0'),
        tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')}
)lua");

// KEYS: pending. The whole hash moves out in one step: a second flusher finds it empty.
const RedisScript kTake(R"lua(
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return all
)lua");

// KEYS: pending, total; ARGV: id, pending views, total views, id, ... (zeros skipped).
const RedisScript kPush(R"lua(
for i = 1, #ARGV, 3 do
  local p = tonumber(ARGV[i + 1])
  local t = tonumber(ARGV[i + 2])
  if p ~= 0 then redis.call('HINCRBY', KEYS[1], ARGV[i], p) end
  if t ~= 0 then redis.call('HINCRBY', KEYS[2], ARGV[i], t) end
end
return 1
)lua");

std::int64_t find_or_zero(const std::unordered_map<std::int64_t, std::int64_t>& m,
                          std::int64_t id) {
    const auto it = m.find(id);
    return it == m.end() ? 0 : it->second;
}

}  // namespace

RedisViewCounter::RedisViewCounter(RedisClient& client, std::string key_namespace)
    : client_(client),
      pending_key_(key_namespace + ":views:pending"),
      total_key_(key_namespace + ":views:total") {}

void RedisViewCounter::note_down(const std::exception& e) const {
    if (!down_.exchange(true)) {
        spdlog::warn("view counts kept in this process until redis answers again: {}", e.what());
    }
}

void RedisViewCounter::note_up() const {
    if (down_.exchange(false)) spdlog::info("redis answers again; view counts shared again");
}

void RedisViewCounter::add(std::int64_t article_id) {
    try {
        const auto total =
            client_.eval(kAdd, {pending_key_, total_key_}, {std::to_string(article_id)});
        std::lock_guard lock(mutex_);
        last_total_[article_id] = total.integer;
    } catch (const Unavailable& e) {
        // A page must not fail for its view count. If the command reached Redis before the
        // connection broke, this view is counted twice: more, never fewer (docs/adr/0016).
        note_down(e);
        std::lock_guard lock(mutex_);
        ++local_pending_[article_id];
        ++local_total_[article_id];
    }
}

ViewCounter::Tally RedisViewCounter::tally(std::int64_t article_id) const {
    Tally t;
    std::int64_t redis_total = 0;
    bool answered = false;
    try {
        const auto reply =
            client_.eval(kTally, {pending_key_, total_key_}, {std::to_string(article_id)});
        t.pending = reply.elements.at(0).integer;
        redis_total = reply.elements.at(1).integer;
        answered = true;
    } catch (const Unavailable& e) {
        note_down(e);
    }
    std::lock_guard lock(mutex_);
    if (answered) {
        last_total_[article_id] = redis_total;
    } else {
        redis_total = find_or_zero(last_total_, article_id);
    }
    t.pending += find_or_zero(local_pending_, article_id);
    t.counted = redis_total + find_or_zero(local_total_, article_id);
    return t;
}

std::int64_t RedisViewCounter::pending(std::int64_t article_id) const {
    return tally(article_id).pending;
}

std::int64_t RedisViewCounter::counted(std::int64_t article_id) const {
    return tally(article_id).counted;
}

bool RedisViewCounter::push_local() {
    std::unordered_map<std::int64_t, std::int64_t> pending;
    std::unordered_map<std::int64_t, std::int64_t> total;
    {
        std::lock_guard lock(mutex_);
        if (local_pending_.empty() && local_total_.empty()) return true;
        pending.swap(local_pending_);
        total.swap(local_total_);
    }
    std::vector<std::string> args;
    for (const auto& [id, n] : total) {
        args.push_back(std::to_string(id));
        args.push_back(std::to_string(find_or_zero(pending, id)));
        args.push_back(std::to_string(n));
    }
    for (const auto& [id, n] : pending) {
        if (total.contains(id)) continue;
        args.push_back(std::to_string(id));
        args.push_back(std::to_string(n));
        args.push_back("0");
    }
    try {
        client_.eval(kPush, {pending_key_, total_key_}, args);
        spdlog::info("pushed views counted during a redis outage ({} articles)", args.size() / 3);
        return true;
    } catch (const Unavailable& e) {
        note_down(e);
        std::lock_guard lock(mutex_);
        for (const auto& [id, n] : pending) local_pending_[id] += n;
        for (const auto& [id, n] : total) local_total_[id] += n;
        return false;
    }
}

std::vector<std::pair<std::int64_t, std::int64_t>> RedisViewCounter::take() {
    if (push_local()) {
        try {
            const auto reply = client_.eval(kTake, {pending_key_}, {});
            note_up();
            std::vector<std::pair<std::int64_t, std::int64_t>> out;
            out.reserve(reply.elements.size() / 2);
            for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
                out.emplace_back(std::stoll(reply.elements[i].str),
                                 std::stoll(reply.elements[i + 1].str));
            }
            return out;
        } catch (const Unavailable& e) {
            note_down(e);
        }
    }
    // Redis is down: views counted here go to the store through this node's flusher now; only
    // their share of Redis's total waits for Redis to come back.
    std::unordered_map<std::int64_t, std::int64_t> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(local_pending_);
    }
    return {taken.begin(), taken.end()};
}

void RedisViewCounter::restore(const std::vector<std::pair<std::int64_t, std::int64_t>>& batch) {
    if (batch.empty()) return;
    std::vector<std::string> args;
    args.reserve(batch.size() * 3);
    for (const auto& [id, n] : batch) {
        args.push_back(std::to_string(id));
        args.push_back(std::to_string(n));
        args.push_back("0");
    }
    try {
        client_.eval(kPush, {pending_key_, total_key_}, args);
    } catch (const Unavailable& e) {
        note_down(e);
        std::lock_guard lock(mutex_);
        for (const auto& [id, n] : batch) local_pending_[id] += n;
    }
}

std::pair<std::int64_t, std::int64_t> RedisViewCounter::local_backlog() const {
    std::lock_guard lock(mutex_);
    std::pair<std::int64_t, std::int64_t> out;
    for (const auto& [id, n] : local_pending_) out.first += n;
    for (const auto& [id, n] : local_total_) out.second += n;
    return out;
}

}  // namespace gp::cache::redis

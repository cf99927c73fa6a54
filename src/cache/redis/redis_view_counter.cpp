#include "cache/redis/redis_view_counter.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <array>

#include "cache/unavailable.hpp"

namespace gp::cache::redis {
namespace {

// KEYS: pending, total; ARGV[1]: article id. Returns the new total.
const RedisScript kAdd(R"lua(
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
)lua");

// KEYS: pending, total, batches; ARGV: article id, batch key prefix. Returns {pending, total},
// read together; batches being written count as pending until the store has them.
const RedisScript kTally(R"lua(
local p = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  p = p + tonumber(redis.call('HGET', ARGV[2] .. id, ARGV[1]) or '0')
end
return {p, tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')}
)lua");

// KEYS: pending, batches; ARGV: batch key prefix, id for a new batch, seconds after which a
// listed batch is orphaned. Returns {} or {id, {article, views, ...}}. An orphaned batch comes
// first; otherwise the whole pending hash becomes the new batch in one step, so a second
// flusher finds nothing pending. Either way the batch is listed as taken now.
const RedisScript kTake(R"lua(
local now = tonumber(redis.call('TIME')[1])
local id = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]), 'LIMIT', 0, 1)[1]
if id and redis.call('EXISTS', ARGV[1] .. id) == 0 then
  redis.call('ZREM', KEYS[2], id)
  id = nil
end
if not id then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
  id = ARGV[2]
  redis.call('RENAME', KEYS[1], ARGV[1] .. id)
end
redis.call('ZADD', KEYS[2], now, id)
return {id, redis.call('HGETALL', ARGV[1] .. id)}
)lua");

// KEYS: batches, the batch's hash; ARGV[1]: its id.
const RedisScript kWritten(R"lua(
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
)lua");

// KEYS: batches; ARGV[1]: batch id. The store refused the batch: the next take(), on any node,
// tries it again.
const RedisScript kRetry(R"lua(
return redis.call('ZADD', KEYS[1], 'XX', 0, ARGV[1])
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

/// Unguessable and unique across nodes and restarts: the store keeps every id it has counted.
std::string new_batch_id() {
    std::array<unsigned char, 12> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("no random bytes for a view batch id");
    }
    std::string out;
    for (const auto b : bytes) out += fmt::format("{:02x}", b);
    return out;
}

}  // namespace

RedisViewCounter::RedisViewCounter(RedisClient& client, const std::string& key_namespace,
                                   std::chrono::seconds orphan_after)
    : client_(client),
      pending_key_(key_namespace + ":views:pending"),
      total_key_(key_namespace + ":views:total"),
      batches_key_(key_namespace + ":views:batches"),
      batch_key_prefix_(key_namespace + ":views:batch:"),
      orphan_after_(orphan_after) {}

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
        const auto reply = client_.eval(kTally, {pending_key_, total_key_, batches_key_},
                                        {std::to_string(article_id), batch_key_prefix_});
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
        args.emplace_back("0");
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

ViewBatch RedisViewCounter::take() {
    if (push_local()) {
        try {
            const auto reply = client_.eval(
                kTake, {pending_key_, batches_key_},
                {batch_key_prefix_, new_batch_id(), std::to_string(orphan_after_.count())});
            note_up();
            ViewBatch out;
            if (reply.elements.size() != 2) return out;
            out.id = reply.elements[0].str;
            const auto& pairs = reply.elements[1].elements;
            out.deltas.reserve(pairs.size() / 2);
            for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
                out.deltas.emplace_back(std::stoll(pairs[i].str), std::stoll(pairs[i + 1].str));
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
    return {"", {taken.begin(), taken.end()}};
}

void RedisViewCounter::written(const ViewBatch& batch) {
    if (batch.id.empty()) return;
    try {
        client_.eval(kWritten, {batches_key_, batch_key_prefix_ + batch.id}, {batch.id});
    } catch (const Unavailable& e) {
        // The batch stays listed; once orphaned it is taken again and the store, which has its
        // id, counts it no more.
        note_down(e);
    }
}

void RedisViewCounter::restore(const ViewBatch& batch) {
    if (batch.empty()) return;
    if (!batch.id.empty()) {
        try {
            client_.eval(kRetry, {batches_key_}, {batch.id});
        } catch (const Unavailable& e) {
            // Still listed in Redis: it is taken again once orphaned.
            note_down(e);
        }
        return;
    }
    std::lock_guard lock(mutex_);
    for (const auto& [id, n] : batch.deltas) local_pending_[id] += n;
}

std::pair<std::int64_t, std::int64_t> RedisViewCounter::local_backlog() const {
    std::lock_guard lock(mutex_);
    std::pair<std::int64_t, std::int64_t> out;
    for (const auto& [id, n] : local_pending_) out.first += n;
    for (const auto& [id, n] : local_total_) out.second += n;
    return out;
}

}  // namespace gp::cache::redis

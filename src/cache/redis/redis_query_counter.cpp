#include "cache/redis/redis_query_counter.hpp"

#include <spdlog/spdlog.h>

#include <unordered_map>

#include "cache/unavailable.hpp"

namespace gp::cache::redis {
namespace {

// KEYS: searches, no-hit searches, last result count; ARGV: query, results, max distinct.
const RedisScript kAdd(R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and
   redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if tonumber(ARGV[2]) == 0 then redis.call('HINCRBY', KEYS[2], ARGV[1], 1) end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 1
)lua");

// The three hashes move out together, so no search is split between two flushers.
const RedisScript kTake(R"lua(
local out = {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]),
             redis.call('HGETALL', KEYS[3])}
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return out
)lua");

// ARGV: query, searches, no-hit searches, last results, query, ... A search counted since the
// batch was taken is newer, so its last result count stands (HSETNX), as in memory.
const RedisScript kRestore(R"lua(
for i = 1, #ARGV, 4 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], tonumber(ARGV[i + 1]))
  if tonumber(ARGV[i + 2]) ~= 0 then
    redis.call('HINCRBY', KEYS[2], ARGV[i], tonumber(ARGV[i + 2]))
  end
  redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 3])
end
return 1
)lua");

std::unordered_map<std::string, std::int64_t> to_map(const RedisValue& flat) {
    std::unordered_map<std::string, std::int64_t> out;
    for (std::size_t i = 0; i + 1 < flat.elements.size(); i += 2) {
        out.emplace(flat.elements[i].str, std::stoll(flat.elements[i + 1].str));
    }
    return out;
}

std::vector<std::string> restore_args(const std::vector<content::QueryCount>& batch) {
    std::vector<std::string> args;
    args.reserve(batch.size() * 4);
    for (const auto& c : batch) {
        args.push_back(c.query);
        args.push_back(std::to_string(c.searches));
        args.push_back(std::to_string(c.no_hit_searches));
        args.push_back(std::to_string(c.last_results));
    }
    return args;
}

}  // namespace

RedisQueryCounter::RedisQueryCounter(RedisClient& client, const std::string& key_namespace)
    : client_(client),
      keys_{key_namespace + ":queries:searches", key_namespace + ":queries:no_hit",
            key_namespace + ":queries:last"} {}

void RedisQueryCounter::note_down(const std::exception& e) {
    if (!down_.exchange(true)) {
        spdlog::warn("search counts kept in this process until redis answers again: {}", e.what());
    }
}

void RedisQueryCounter::add(const std::string& normalized_query, std::int64_t results) {
    try {
        client_.eval(kAdd, keys_,
                     {normalized_query, std::to_string(results), std::to_string(kMaxPending)});
    } catch (const Unavailable& e) {
        note_down(e);
        local_.add(normalized_query, results);
    }
}

std::vector<content::QueryCount> RedisQueryCounter::take() {
    auto backlog = local_.take();
    try {
        if (!backlog.empty()) client_.eval(kRestore, keys_, restore_args(backlog));
        backlog.clear();
        const auto reply = client_.eval(kTake, keys_, {});
        if (down_.exchange(false)) spdlog::info("redis answers again; search counts shared again");
        const auto searches = to_map(reply.elements.at(0));
        const auto no_hit = to_map(reply.elements.at(1));
        const auto last = to_map(reply.elements.at(2));
        std::vector<content::QueryCount> out;
        out.reserve(searches.size());
        for (const auto& [query, n] : searches) {
            content::QueryCount c{query, n};
            if (const auto it = no_hit.find(query); it != no_hit.end())
                c.no_hit_searches = it->second;
            if (const auto it = last.find(query); it != last.end()) c.last_results = it->second;
            out.push_back(std::move(c));
        }
        return out;
    } catch (const Unavailable& e) {
        // Searches counted here while Redis is down go to the store through this node.
        note_down(e);
        return backlog;
    }
}

void RedisQueryCounter::restore(const std::vector<content::QueryCount>& batch) {
    if (batch.empty()) return;
    try {
        client_.eval(kRestore, keys_, restore_args(batch));
    } catch (const Unavailable& e) {
        note_down(e);
        local_.restore(batch);
    }
}

}  // namespace gp::cache::redis

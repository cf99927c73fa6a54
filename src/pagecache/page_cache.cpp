#include "pagecache/page_cache.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_set>

namespace gp::pagecache {
namespace {

PageBody make_body(PageSource& s) {
    std::size_t at = PageBody::kNoSlot;
    if (!s.slot_marker.empty()) at = s.body.find(s.slot_marker);
    const auto length = at == PageBody::kNoSlot ? 0 : s.slot_marker.size();
    return PageBody(std::move(s.body), at, length, s.compress);
}

/// The validator of a page without one of its own, made before the body is compressed (the
/// compressed body keeps no identity bytes to make it from).
std::string etag_of(const PageSource& s) {
    if (!s.etag.empty()) return s.etag.starts_with("W/") ? s.etag : "W/" + s.etag;
    const auto at = s.slot_marker.empty() ? PageBody::kNoSlot : s.body.find(s.slot_marker);
    return weak_etag(s.body, at, at == PageBody::kNoSlot ? 0 : s.slot_marker.size());
}

}  // namespace

CachedPage::CachedPage(PageSource source) : CachedPage(etag_of(source), std::move(source)) {}

CachedPage::CachedPage(std::string validator, PageSource&& source)
    : http::PageFacts(std::move(static_cast<http::PageFacts&>(source))),
      body(make_body(source)),
      etag(std::move(validator)),
      expires_at(source.expires_at) {
    std::string common;
    for (const auto& [name, value] : source.headers) {
        common.append(name).append(": ").append(value).append("\r\n");
    }
    common.append("ETag: ").append(etag).append("\r\n");
    // Every cached page may be sent in several encodings, so each answer says it varies.
    common += "Vary: Accept-Encoding\r\n";
    for (auto e : {Encoding::identity, Encoding::gzip, Encoding::br}) {
        auto& h = head[static_cast<std::size_t>(e)];
        h = "HTTP/1.1 200 OK\r\n" + common;
        if (e != Encoding::identity) {
            h += "Content-Encoding: " + std::string(encoding_name(e)) + "\r\n";
        }
    }
    head_not_modified = "HTTP/1.1 304 Not Modified\r\n";
    for (const auto& [name, value] : source.headers) {
        // A 304 carries the validators and caching fields, not the description of a body.
        if (name == "Content-Type") continue;
        head_not_modified.append(name).append(": ").append(value).append("\r\n");
    }
    head_not_modified.append("ETag: ").append(etag).append("\r\nVary: Accept-Encoding\r\n");
}

PageCache::PageCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::shared_ptr<const CachedPage> PageCache::find(std::string_view target) const {
    std::shared_lock lock(mutex_);
    const auto it = pages_.find(target);
    if (it == pages_.end()) return nullptr;
    it->second->last_used.store(tick_.fetch_add(1, std::memory_order_relaxed),
                                std::memory_order_relaxed);
    return it->second;
}

bool PageCache::put(std::string target, std::shared_ptr<const CachedPage> page,
                    std::uint64_t generation) {
    const auto size = page->body.memory() + target.size() + page->head[0].size() * 4;
    if (size > max_bytes_ / 4) return false;
    std::unique_lock lock(mutex_);
    if (generation != generation_.load(std::memory_order_acquire)) return false;
    page->last_used.store(tick_.fetch_add(1, std::memory_order_relaxed));
    auto [it, inserted] = pages_.try_emplace(std::move(target), page);
    if (!inserted) {
        bytes_ -= it->second->body.memory() + it->first.size() + it->second->head[0].size() * 4;
        it->second = std::move(page);
    }
    bytes_ += size;
    if (bytes_ > max_bytes_) evict_locked();
    return true;
}

void PageCache::evict_locked() {
    // Least recently used first, down to 90% of the budget so that eviction is not paid on
    // every insert.
    std::vector<std::pair<std::uint64_t, const std::string*>> order;
    order.reserve(pages_.size());
    for (const auto& [key, page] : pages_) {
        order.emplace_back(page->last_used.load(std::memory_order_relaxed), &key);
    }
    std::sort(order.begin(), order.end());
    const auto target = max_bytes_ / 10 * 9;
    std::vector<std::string> doomed;
    std::size_t bytes = bytes_;
    for (const auto& [tick, key] : order) {
        if (bytes <= target) break;
        const auto& page = pages_.find(*key)->second;
        bytes -= page->body.memory() + key->size() + page->head[0].size() * 4;
        doomed.push_back(*key);
    }
    for (const auto& key : doomed) pages_.erase(key);
    bytes_ = bytes;
}

std::size_t PageCache::invalidate(const std::vector<std::string>& names) {
    const std::unordered_set<std::string_view> wanted(names.begin(), names.end());
    std::unique_lock lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    std::size_t removed = 0;
    for (auto it = pages_.begin(); it != pages_.end();) {
        const auto& deps = it->second->depends_on;
        const bool hit = std::any_of(deps.begin(), deps.end(),
                                     [&](const std::string& d) { return wanted.contains(d); });
        if (hit) {
            bytes_ -= it->second->body.memory() + it->first.size() + it->second->head[0].size() * 4;
            it = pages_.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

void PageCache::clear() {
    std::unique_lock lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    pages_.clear();
    bytes_ = 0;
}

std::size_t PageCache::size() const {
    std::shared_lock lock(mutex_);
    return pages_.size();
}

std::size_t PageCache::bytes() const {
    std::shared_lock lock(mutex_);
    return bytes_;
}

}  // namespace gp::pagecache

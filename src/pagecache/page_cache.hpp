#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/message.hpp"
#include "pagecache/page_body.hpp"

namespace gp::pagecache {

/// What a rendered 200 response is made into.
struct PageSource : http::PageFacts {
    std::string body;
    /// The text standing where the per-request slot goes; empty when the page has none.
    std::string slot_marker;
    /// Headers that are the same for every request (Content-Type, Cache-Control, security
    /// headers…), in order; never Content-Length, Content-Encoding, ETag or a request id.
    std::vector<std::pair<std::string, std::string>> headers;
    /// The response's own validator, if it had one; otherwise one is made from the bytes.
    std::string etag;
    bool compress = true;
    std::chrono::seconds expires_at{};  ///< seconds since the epoch; re-rendered after this
};

/// One cached page: bytes for each encoding, the header block before Content-Length for each,
/// and a 304 header block. Immutable once made, shared by the requests that send it.
struct CachedPage : http::PageFacts {
    explicit CachedPage(PageSource source);

    PageBody body;
    std::string etag;  ///< weak: shared by every encoding of the page (Vary: Accept-Encoding)
    std::array<std::string, 3> head;  ///< by Encoding; ends with the line before Content-Length
    std::string head_not_modified;
    std::chrono::seconds expires_at{};
    mutable std::atomic<std::uint64_t> last_used{0};

private:
    CachedPage(std::string validator, PageSource&& source);
};

/// Public pages as final bytes, keyed by request target, bounded by a byte budget (least
/// recently used pages go first). Lookups take a shared lock only; safe from any thread.
class PageCache {
public:
    explicit PageCache(std::size_t max_bytes);

    std::shared_ptr<const CachedPage> find(std::string_view target) const;

    /// Advances on every invalidation; read it before rendering and hand it to put().
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
    /// Keeps `page` unless an invalidation happened since `generation` was read (the render
    /// may then show content that has already changed). Returns whether it was kept.
    bool put(std::string target, std::shared_ptr<const CachedPage> page, std::uint64_t generation);

    /// Removes every page that depends on one of `names`; returns how many.
    std::size_t invalidate(const std::vector<std::string>& names);
    /// Removes everything (categories changed: every page's navigation may differ).
    void clear();

    std::size_t size() const;
    std::size_t bytes() const;

private:
    void evict_locked();

    const std::size_t max_bytes_;
    mutable std::shared_mutex mutex_;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::shared_ptr<const CachedPage>, Hash, std::equal_to<>>
        pages_;
    std::size_t bytes_ = 0;
    std::atomic<std::uint64_t> generation_{0};
    mutable std::atomic<std::uint64_t> tick_{0};
};

/// Tag names, one place for the handlers that declare them and the code that invalidates.
namespace depends {
inline std::string article(std::int64_t id) { return "article:" + std::to_string(id); }
/// A page that links to the article (上一篇/下一篇).
inline std::string link(std::int64_t id) { return "link:" + std::to_string(id); }
/// Every list page and feed of one top-level section (their counts and lists).
inline std::string section(std::int64_t id) { return "section:" + std::to_string(id); }
inline std::string keyword(std::string_view k) { return "keyword:" + std::string(k); }
/// Pages that list or count every article: home, the site feed, sitemaps.
inline std::string all_articles() { return "all-articles"; }
}  // namespace depends

}  // namespace gp::pagecache

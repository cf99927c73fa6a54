#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cache/query_counter.hpp"
#include "cache/view_counter.hpp"
#include "http/middleware/access_log.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "pagecache/page_cache.hpp"
#include "site/page_invalidator.hpp"
#include "site/site.hpp"

namespace gp::site {

struct Leading;

/// What the page-cache stage works with; all of it outlives the stage.
struct CachedPagesDeps {
    pagecache::PageCache& cache;
    PageInvalidator& invalidator;
    cache::ViewCounter& views;
    cache::QueryCounter& queries;
    Clock clock;
    /// The placeholder article pages render where their view count goes (docs/adr/0010).
    std::string view_slot;
    std::chrono::seconds max_age;
    /// For the I/O-thread answer, which bypasses the pipeline: the same client address and
    /// access log line as the stage above.
    const http::ClientAddress& clients;
    const http::AccessLog& access_log;
};

/// The page-cache stage of the pipeline, and the I/O-thread answer for a kept page. A public
/// GET or HEAD without credentials is answered from kept bytes when it can be; otherwise it is
/// rendered once (later requests for the same target wait for that render) and the page its
/// handler declares cacheable is kept. Either way the answer is made by pagecache's responder,
/// so the first answer is byte for byte what every later one is.
class CachedPages : public http::Middleware {
public:
    explicit CachedPages(CachedPagesDeps deps) : d_(std::move(deps)) {}

    http::Response handle(http::Request& req, http::RequestContext& ctx,
                          const http::Next& next) override;

    /// A kept page written as final bytes on the I/O thread (no store, no rendering), or false
    /// when the request must go to a worker through the pipeline.
    bool serve_prepared(const http::Request& req, http::RequestContext& ctx,
                        http::PreparedResponse& out);

private:
    /// The kept page for this request if it may be answered now (GET or HEAD, no credentials,
    /// not expired, no scheduled article come due); no store access.
    std::shared_ptr<const pagecache::CachedPage> fresh(const http::Request& req) const;
    /// Waits for another request's render of the same target, or makes this one the renderer.
    std::shared_ptr<const pagecache::CachedPage> after_render_in_flight(
        const http::Request& req, Leading& leading, std::promise<void>& rendered);
    /// Counts what an answer from the cache stands for: an article's view, a search.
    void count_hit(const pagecache::CachedPage& page, const http::Request& req);
    std::string view_text(const http::PageFacts& page) const;
    void keep(http::Response& res, const http::Request& req, const http::RequestContext& ctx,
              std::uint64_t generation);

    CachedPagesDeps d_;
    // Targets being rendered for the cache: later requests for one wait for its page instead
    // of rendering it again (a burst on a page just dropped renders it once).
    std::mutex rendering_mutex_;
    std::unordered_map<std::string, std::shared_future<void>> rendering_;
    friend struct Leading;
};

}  // namespace gp::site

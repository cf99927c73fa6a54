#include "site/cached_pages.hpp"

#include <spdlog/spdlog.h>

#include "http/reader_view.hpp"
#include "pagecache/responder.hpp"

namespace gp::site {

/// Marks this request as the one rendering its target; the destructor lets the waiters go,
/// whatever way the render ends.
struct Leading {
    CachedPages* stage = nullptr;
    std::string target;
    std::promise<void>* done = nullptr;
    ~Leading() {
        if (!stage) return;
        std::lock_guard lock(stage->rendering_mutex_);
        stage->rendering_.erase(target);
        done->set_value();
    }
};

namespace {

bool is_read(const http::Request& req) {
    return req.method() == http::Verb::get || req.method() == http::Verb::head;
}

}  // namespace

std::shared_ptr<const pagecache::CachedPage> CachedPages::fresh(const http::Request& req) const {
    if (!is_read(req)) return nullptr;
    if (!req[http::Field::authorization].empty()) return nullptr;
    const auto now = d_.clock();
    if (d_.invalidator.due(now)) return nullptr;
    auto page = d_.cache.find(req.target());
    if (!page || now.time_since_epoch() >= page->expires_at) return nullptr;
    return page;
}

std::shared_ptr<const pagecache::CachedPage> CachedPages::after_render_in_flight(
    const http::Request& req, Leading& leading, std::promise<void>& rendered) {
    std::shared_future<void> other;
    {
        std::lock_guard lock(rendering_mutex_);
        auto [it, first] = rendering_.try_emplace(std::string(req.target()));
        if (first) {
            it->second = rendered.get_future().share();
            leading.target = it->first;
            leading.done = &rendered;
            leading.stage = this;
            return nullptr;
        }
        other = it->second;
    }
    // Bounded: a render that hangs must not hold its waiters for ever; they render themselves.
    other.wait_for(std::chrono::seconds(10));
    return fresh(req);
}

void CachedPages::count_hit(const pagecache::CachedPage& page, const http::Request& req) {
    if (req.method() != http::Verb::get) return;
    if (page.view_article != 0 && http::counts_as_view(req)) d_.views.add(page.view_article);
    // A search answered from the cache is still a search readers made.
    if (!page.counted_query.empty()) d_.queries.add(page.counted_query, page.counted_results);
}

std::string CachedPages::view_text(const http::PageFacts& page) const {
    if (page.view_article == 0) return {};
    return std::to_string(page.view_base + d_.views.counted(page.view_article));
}

http::Response CachedPages::handle(http::Request& req, http::RequestContext& ctx,
                                   const http::Next& next) {
    // A scheduled article came due: drop what it changes before answering anything.
    if (d_.invalidator.due(d_.clock())) d_.invalidator.poll();
    const auto generation = d_.cache.generation();
    std::promise<void> rendered;
    Leading leading;
    auto page = fresh(req);
    if (!page && is_read(req)) page = after_render_in_flight(req, leading, rendered);
    if (page) {
        count_hit(*page, req);
        return pagecache::respond(*page, pagecache::choose(*page, req), view_text(*page));
    }
    auto res = next(req, ctx);
    try {
        keep(res, req, ctx, generation);
    } catch (const std::exception& e) {
        // The page was rendered; only keeping it failed (compression): send it as it is.
        spdlog::error("{} page not cached: {}", ctx.request_id, e.what());
    }
    return res;
}

void CachedPages::keep(http::Response& res, const http::Request& req,
                       const http::RequestContext& ctx, std::uint64_t generation) {
    if (!ctx.cacheable) return;
    const auto& facts = *ctx.cacheable;
    const bool fill = res.result() == http::Status::ok && is_read(req) &&
                      req.target() == facts.target && req[http::Field::authorization].empty() &&
                      res[http::Field::set_cookie].empty();
    if (!fill) {
        if (facts.view_article != 0)
            pagecache::fill_slot(res.body(), d_.view_slot, view_text(facts));
        return;
    }
    auto kept = pagecache::keep(std::move(res), facts, d_.view_slot,
                                (d_.clock() + d_.max_age).time_since_epoch());
    d_.cache.put(std::string(req.target()), kept, generation);
    // This answer is made from the kept bytes, exactly as a later hit would be.
    res = pagecache::respond(*kept, pagecache::choose(*kept, req), view_text(*kept));
}

bool CachedPages::serve_prepared(const http::Request& req, http::RequestContext& ctx,
                                 http::PreparedResponse& out) {
    auto page = fresh(req);
    if (!page) return false;
    ctx.client_ip = d_.clients.resolve(req, ctx.client_ip);
    count_hit(*page, req);
    const auto status = pagecache::prepare(*page, pagecache::choose(*page, req), view_text(*page),
                                           req, ctx.request_id, out);
    out.owner = std::move(page);
    d_.access_log.log_line(req, ctx, status);
    return true;
}

}  // namespace gp::site

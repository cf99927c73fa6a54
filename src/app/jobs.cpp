#include <spdlog/spdlog.h>

#include "app/app.hpp"

// The periodic jobs the server's scheduler runs (server_runner.cpp); tests call them directly.
namespace gp::app {

std::size_t App::check_content_changes() { return invalidator_ ? invalidator_->poll() : 0; }

std::size_t App::refresh_related() { return related_->poll(); }

std::size_t App::flush_views() {
    // One batch per take(); a few more are left by nodes that died mid-write only after a crash.
    constexpr int kBatchesPerFlush = 16;
    std::size_t articles = 0;
    for (int i = 0; i < kBatchesPerFlush; ++i) {
        auto batch = views_->take();
        if (batch.empty()) break;
        try {
            if (!store_->articles().add_views(batch.deltas, batch.id)) {
                spdlog::info("view batch {} was already written by a node that stopped", batch.id);
            }
        } catch (...) {
            views_->restore(batch);
            throw;
        }
        views_->written(batch);
        articles += batch.deltas.size();
    }
    return articles;
}

std::size_t App::flush_queries() {
    auto batch = queries_->take();
    if (batch.empty()) return 0;
    try {
        store_->search_stats().add_query_counts(batch, clock_());
    } catch (...) {
        queries_->restore(batch);
        throw;
    }
    return batch.size();
}

std::size_t App::notify_leads() { return notifier_->run_once(); }

std::int64_t App::purge_leads() {
    const auto now = clock_();
    const auto& l = settings_.leads;
    const auto purged =
        store_->leads().purge_leads(now - std::chrono::days(l.retention_closed_days),
                                    now - std::chrono::days(l.retention_unhandled_days));
    // Counts only: a purge report never names a lead.
    if (purged > 0) {
        spdlog::info("retention: {} leads deleted", purged);
        try {
            audit_log_->record(nullptr, accounts::Client{"system", "retention", ""}, "lead.purge",
                               "lead", "", "success", fmt::format("{} leads deleted", purged));
        } catch (const store::AuditWriteFailed& e) {
            spdlog::critical("ALERT audit record for the lead purge failed: {}", e.what());
        }
    }
    return purged;
}

std::int64_t App::purge_sessions() {
    // Expired sessions are refused when used; this removes the ones nobody came back to.
    const auto now = clock_();
    return store_->accounts().delete_stale_sessions(now - settings_.accounts.session_idle,
                                                    now - settings_.accounts.session_absolute);
}

}  // namespace gp::app

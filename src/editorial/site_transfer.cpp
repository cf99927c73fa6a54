#include "editorial/site_transfer.hpp"

#include <fmt/format.h>

#include "content/article_text.hpp"
#include "content/export_document.hpp"

namespace gp::editorial {

std::variant<std::size_t, content::ImportError> SiteTransfer::import_json(
    std::string_view json_text, content::Time now, const content::AuditRecord& who) {
    std::variant<std::size_t, content::ImportError> outcome = std::size_t{0};
    rows_.write_import([&](store::ImportRows& rows) -> std::optional<content::AuditRecord> {
        const content::ImportContext context{
            [&](std::string_view slug) { return rows.slug_exists(slug); },
            [&](std::int64_t id) { return rows.article_id_taken(id); }, now};
        auto parsed = content::parse_import_document(json_text, context);
        if (auto* error = std::get_if<content::ImportError>(&parsed)) {
            outcome = std::move(*error);
            return std::nullopt;
        }
        auto& doc = std::get<content::ImportDocument>(parsed);
        for (const auto& category : doc.categories) rows.insert_category(category);
        for (auto& article : doc.articles) {
            auto prepared = content::prepare_body(article.body_html, article.summary);
            article.body_html = std::move(prepared.body_html);
            article.summary = std::move(prepared.summary);
            rows.insert_article(article, now);
        }
        outcome = doc.articles.size();
        auto record = who;
        record.at = now;
        record.event = "content.import";
        record.result = "success";
        record.detail =
            fmt::format("{} categories, {} articles", doc.categories.size(), doc.articles.size());
        return record;
    });
    return outcome;
}

std::string SiteTransfer::export_json() { return content::export_document(rows_.read_content()); }

content::AuditRecord shell_importer(std::string_view command) {
    content::AuditRecord who;
    who.account_name = "(shell)";
    who.client_ip = "shell";
    who.user_agent = "guardpress " + std::string(command);
    return who;
}

}  // namespace gp::editorial

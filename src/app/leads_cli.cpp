#include "app/leads_cli.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <ostream>

#include "accounts/audit_log.hpp"
#include "app/app.hpp"
#include "app/store_choice.hpp"
#include "content/control_chars.hpp"
#include "content/csv.hpp"
#include "content/time_zone.hpp"
#include "security/phone_vault.hpp"
#include "store/store.hpp"

namespace gp::app {
namespace {

constexpr std::int64_t kAllLeads = 1'000'000'000;

}  // namespace

int list_leads(const std::filesystem::path& data_dir, const config::Settings& settings,
               std::int64_t limit, std::ostream& out) {
    auto store = open_configured_store(settings, store::StoreSettings{data_dir, {}});
    const content::SiteTimeZone zone(settings.site.time_zone);
    const auto leads = store->leads().list_leads(limit);
    out << fmt::format("{:>6}  {:<16}  {:<14}  {:<8}  {:<10}  {}\n", "id", "time", "phone",
                       "status", "name", "page");
    // A visitor typed the name and chose the page: printed raw, an escape sequence in either
    // would drive the operator's terminal.
    using content::escape_control_chars;
    for (const auto& l : leads) {
        out << fmt::format("{:>6}  {:<16}  {:<14}  {:<8}  {:<10}  {}\n", l.id,
                           zone.date_time(l.created_at), escape_control_chars(l.phone_masked),
                           content::to_string(l.status), escape_control_chars(l.name),
                           escape_control_chars(l.origin.landing_page));
    }
    out << leads.size() << " leads\n";
    return 0;
}

int export_leads_csv(const std::filesystem::path& data_dir, const config::Settings& settings,
                     bool full_numbers, std::ostream& out) {
    const auto master = security::MasterKey::load(key_file_path(settings, data_dir));
    auto store = open_configured_store(
        settings, store_settings(master, data_dir, key_file_path(settings, data_dir)));
    std::optional<security::PhoneVault> vault;
    if (full_numbers) vault.emplace(master);
    const content::SiteTimeZone zone(settings.site.time_zone);
    auto& leads = store->leads();
    const auto all = leads.list_leads(kAllLeads);
    // The export is recorded before any number is written (fail closed, MLPS 8.1.4.3 d).
    accounts::AuditLog audit(store->audit(), [] {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    });
    audit.record(
        nullptr, accounts::Client{"shell", "guardpress leads export", ""}, "lead.export", "lead",
        "", "success",
        fmt::format("{} leads, full numbers: {}", all.size(), full_numbers ? "yes" : "no"));
    out << "id,created_at,phone,phone_kind,name,preferred_time,landing_page,article_id,referrer,"
           "utm_source,utm_medium,utm_campaign,utm_term,utm_content,consent_version,status\r\n";
    for (const auto& l : all) {
        std::string phone = l.phone_masked;
        if (vault) {
            const auto sealed = leads.sealed_phone(l.id);
            if (sealed) phone = vault->open(security::Sealed{sealed->first, sealed->second});
        }
        const auto& o = l.origin;
        const std::vector<std::string> row{std::to_string(l.id),
                                           zone.rfc3339(l.created_at),
                                           phone,
                                           l.phone_kind,
                                           l.name,
                                           l.preferred_time,
                                           o.landing_page,
                                           o.article_id ? std::to_string(*o.article_id) : "",
                                           o.referrer,
                                           o.utm_source,
                                           o.utm_medium,
                                           o.utm_campaign,
                                           o.utm_term,
                                           o.utm_content,
                                           l.consent_version,
                                           content::to_string(l.status)};
        out << content::csv_row(row);
    }
    // Exports of personal data are recorded; the full-number flag is named explicitly.
    spdlog::warn("leads export: {} leads written as CSV, full numbers: {}", all.size(),
                 full_numbers ? "YES" : "no (masked)");
    return 0;
}

}  // namespace gp::app

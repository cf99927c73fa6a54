// LeadService on a real SQLite store in a temp dir: the call-back rules in their order, what an
// accepted lead stores, and both limits.
#include "leads/lead_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "cache/memory/memory_rate_limiter.hpp"
#include "cache/unavailable.hpp"
#include "security/key_file.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace gp {
namespace {

const content::Time kStart{std::chrono::seconds{1767225600}};  // 2026-01-01 08:00 Beijing

/// The real limiter, until it is told the shared counts went away (as Redis can).
class SwitchableLimiter final : public cache::RateLimiter {
public:
    bool hit(const std::string& key, int limit, std::chrono::seconds window,
             std::chrono::sys_seconds now) override {
        if (down) throw cache::Unavailable("redis: connection refused");
        return real_.hit(key, limit, window, now);
    }
    bool down = false;

private:
    cache::memory::MemoryRateLimiter real_;
};

class LeadServiceTest : public ::testing::Test {
protected:
    LeadServiceTest()
        : dir_(make_dir()),
          store_(store::sqlite::open_store(store::StoreSettings{dir_ / "data", {}})),
          key_(created_key(dir_ / "guardpress.key")),
          vault_(key_),
          tokens_(key_, settings_.form_token_lifetime),
          service_(leads::LeadService::Deps{store_->leads(), limiter_, vault_, tokens_, settings_,
                                            [this] { return now_; }}) {}
    ~LeadServiceTest() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    static std::filesystem::path make_dir() {
        std::random_device rd;
        auto dir = std::filesystem::temp_directory_path() /
                   ("guardpress-leads-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir / "data");
        return dir;
    }
    static security::MasterKey created_key(const std::filesystem::path& file) {
        security::MasterKey::create(file);
        return security::MasterKey::load(file);
    }

    /// A form as a person fills it on an article page.
    leads::CallbackInput form(std::string phone = "13800138000") {
        leads::CallbackInput in;
        in.phone = std::move(phone);
        in.name = "王先生";
        in.preferred_time = "工作日下午";
        in.consent = true;
        in.token = tokens_.issue(now_);
        in.client_ip = "203.0.113.7";
        in.origin.landing_page = "/news/policy/101.html";
        in.origin.article_id = 101;
        in.origin.utm_source = "baidu";
        return in;
    }
    std::vector<content::LeadRecord> stored() { return store_->leads().list_leads(100); }

    static void expect_refused(const leads::SubmitResult& r, leads::Refusal why,
                               std::string_view field, std::string_view key) {
        EXPECT_EQ(r.outcome, leads::Outcome::refused);
        EXPECT_EQ(r.refusal, why);
        EXPECT_EQ(r.field(), field);
        EXPECT_EQ(r.message_key(), key);
        EXPECT_EQ(r.lead_id, 0);
    }

    config::LeadSettings settings_;
    content::Time now_ = kStart;
    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
    security::MasterKey key_;
    security::PhoneVault vault_;
    security::FormTokens tokens_;
    SwitchableLimiter limiter_;
    leads::LeadService service_;
};

TEST_F(LeadServiceTest, AnAcceptedLeadIsStoredSealedWithItsOriginAndQueuedForNotice) {
    const auto r = service_.submit(form("138 0013 8000"));
    ASSERT_EQ(r.outcome, leads::Outcome::accepted);
    EXPECT_EQ(r.refusal, leads::Refusal::none);
    EXPECT_EQ(r.field(), "");
    EXPECT_EQ(r.message_key(), "");
    EXPECT_EQ(r.phone_masked, "138****8000");

    const auto leads = stored();
    ASSERT_EQ(leads.size(), 1u);
    EXPECT_EQ(leads[0].id, r.lead_id);
    EXPECT_EQ(leads[0].created_at, kStart);
    EXPECT_EQ(leads[0].phone_masked, "138****8000");
    EXPECT_EQ(leads[0].phone_kind, "mobile");
    EXPECT_EQ(leads[0].name, "王先生");
    EXPECT_EQ(leads[0].preferred_time, "工作日下午");
    EXPECT_EQ(leads[0].origin.landing_page, "/news/policy/101.html");
    EXPECT_EQ(leads[0].origin.article_id, 101);
    EXPECT_EQ(leads[0].origin.utm_source, "baidu");
    EXPECT_EQ(leads[0].consent_version, settings_.notice_version);
    // The number is kept only sealed, in its normalised form.
    const auto sealed = store_->leads().sealed_phone(r.lead_id);
    ASSERT_TRUE(sealed);
    EXPECT_EQ(vault_.open({sealed->first, sealed->second}), "+8613800138000");
    EXPECT_EQ(store_->leads().count_by_phone_since(vault_.keyed_hash("+8613800138000"), kStart), 1);
    // The notification hand-off is the queue row written with the lead.
    const auto due = store_->leads().due_notifications(kStart, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].lead.id, r.lead_id);
}

TEST_F(LeadServiceTest, KindsOfNumberAndAnUnlistedTimeAreStoredAsSuch) {
    auto landline = form("010-12345678");
    landline.preferred_time = "半夜";
    ASSERT_EQ(service_.submit(landline).outcome, leads::Outcome::accepted);
    ASSERT_EQ(service_.submit(form("400-123-4567")).outcome, leads::Outcome::accepted);
    const auto leads = stored();
    ASSERT_EQ(leads.size(), 2u);
    EXPECT_EQ(leads[1].phone_kind, "landline");
    EXPECT_EQ(leads[1].preferred_time, "");
    EXPECT_EQ(leads[0].phone_kind, "service");
}

TEST_F(LeadServiceTest, AMissingForgedExpiredOrCrossSiteFormIsRefusedFirst) {
    auto missing = form();
    missing.token.clear();
    missing.phone = "12";  // a bad number too: the token is judged before it
    expect_refused(service_.submit(missing), leads::Refusal::unconfirmed_form, "form",
                   "callback.unconfirmed_form");
    auto forged = form();
    forged.token = "1767225600.00";
    expect_refused(service_.submit(forged), leads::Refusal::unconfirmed_form, "form",
                   "callback.unconfirmed_form");
    auto cross_site = form();
    cross_site.same_site = false;
    expect_refused(service_.submit(cross_site), leads::Refusal::unconfirmed_form, "form",
                   "callback.unconfirmed_form");
    auto expired = form();
    now_ = kStart + settings_.form_token_lifetime + std::chrono::seconds(1);
    expect_refused(service_.submit(expired), leads::Refusal::unconfirmed_form, "form",
                   "callback.unconfirmed_form");
    EXPECT_TRUE(stored().empty());
}

TEST_F(LeadServiceTest, ABadNumberIsRefusedWithTheParsersReason) {
    const auto expected = std::get<content::PhoneError>(content::parse_phone_number("12345678"));
    const auto r = service_.submit(form("12345678"));
    expect_refused(r, leads::Refusal::invalid_phone, "phone", "phone." + expected.code);
    EXPECT_EQ(r.phone_error.message, expected.message);
    EXPECT_TRUE(stored().empty());
}

TEST_F(LeadServiceTest, ConsentIsRequired) {
    auto no_consent = form();
    no_consent.consent = false;
    expect_refused(service_.submit(no_consent), leads::Refusal::no_consent, "consent",
                   "callback.no_consent");
    EXPECT_TRUE(stored().empty());
}

TEST_F(LeadServiceTest, TheHoneypotLooksLikeSuccessAndStoresNothing) {
    auto bot = form();
    bot.honeypot = "http://spam.example";
    const auto r = service_.submit(bot);
    EXPECT_EQ(r.outcome, leads::Outcome::discarded);
    EXPECT_EQ(r.field(), "");
    EXPECT_TRUE(stored().empty());
    EXPECT_TRUE(store_->leads().due_notifications(kStart, 10).empty());
}

TEST_F(LeadServiceTest, OneAddressGetsFiveTriesInItsWindowWhateverTheyHold) {
    for (int i = 0; i < settings_.per_ip_limit; ++i) {
        auto bad = form("1380013800" + std::to_string(i));
        if (i == 0) bad.consent = false;  // refused tries count too
        service_.submit(bad);
    }
    expect_refused(service_.submit(form("13800138009")), leads::Refusal::too_many_from_address,
                   "form", "callback.too_many_from_address");
    EXPECT_EQ(stored().size(), static_cast<std::size_t>(settings_.per_ip_limit - 1));
    auto elsewhere = form("13800138009");
    elsewhere.client_ip = "198.51.100.1";
    EXPECT_EQ(service_.submit(elsewhere).outcome, leads::Outcome::accepted);
    now_ += settings_.per_ip_window + std::chrono::seconds(1);
    auto later = form("13800138008");
    EXPECT_EQ(service_.submit(later).outcome, leads::Outcome::accepted);
}

TEST_F(LeadServiceTest, OneNumberGetsThreeRequestsInItsWindowWhateverTheAddress) {
    for (int i = 0; i < settings_.per_number_limit; ++i) {
        auto in = form("138 0013 8000");
        in.client_ip = "203.0.113." + std::to_string(i);
        ASSERT_EQ(service_.submit(in).outcome, leads::Outcome::accepted) << i;
    }
    auto again = form("+86 13800138000");  // the same number written another way
    again.client_ip = "198.51.100.1";
    expect_refused(service_.submit(again), leads::Refusal::too_many_for_number, "phone",
                   "callback.too_many_for_number");
    EXPECT_EQ(stored().size(), static_cast<std::size_t>(settings_.per_number_limit));
    EXPECT_EQ(service_.submit(form("13900139000")).outcome, leads::Outcome::accepted);

    now_ += settings_.per_number_window + std::chrono::seconds(1);
    auto tomorrow = form("13800138000");
    tomorrow.client_ip = "198.51.100.2";
    EXPECT_EQ(service_.submit(tomorrow).outcome, leads::Outcome::accepted);
}

TEST_F(LeadServiceTest, AnUnreachableLimiterRefusesBeforeAnythingIsWritten) {
    limiter_.down = true;
    const auto r = service_.submit(form());
    expect_refused(r, leads::Refusal::limiter_unavailable, "form", "callback.limiter_unavailable");
    EXPECT_EQ(r.detail, "redis: connection refused");
    EXPECT_TRUE(stored().empty());
    limiter_.down = false;
    EXPECT_EQ(service_.submit(form()).outcome, leads::Outcome::accepted);
}

}  // namespace
}  // namespace gp

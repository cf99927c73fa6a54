// Leads on every backend: the number stored only sealed and read back byte for byte, the
// notification queue, the per-number count and limit, and the purge.
#include <atomic>
#include <latch>
#include <thread>

#include "security/key_file.hpp"
#include "security/phone_vault.hpp"
#include "store/backends.hpp"
#include "support/child_process.hpp"

namespace gp::test {
namespace {

template <class Backend>
class LeadContract : public Contract<Backend> {
protected:
    void SetUp() override {
        key_dir_ = make_temp_dir("gp-key-", std::nullopt);
        security::MasterKey::create(key_dir_ / "guardpress.key");
        vault_.emplace(security::MasterKey::load(key_dir_ / "guardpress.key"));
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(key_dir_, ec);
    }
    std::int64_t add(const std::string& phone, content::Time when) {
        return this->s_.leads.add_lead(make(phone, when));
    }
    store::NewLead make(const std::string& phone, content::Time when) {
        const auto sealed = vault_->seal(phone);
        store::NewLead lead;
        lead.created_at = when;
        lead.phone_nonce = sealed.nonce;
        lead.phone_sealed = sealed.ciphertext;
        lead.phone_hash = vault_->keyed_hash(phone);
        lead.phone_masked = phone.substr(0, 3) + "****" + phone.substr(7);
        lead.phone_kind = "mobile";
        lead.name = "张先生";
        lead.preferred_time = "工作日下午";
        lead.origin.landing_page = "/news/policy/1.html";
        lead.origin.article_id = 1;
        lead.origin.referrer = "https://search.example/";
        lead.origin.utm_source = "wechat";
        lead.origin.utm_campaign = "等保2.0";
        lead.consent_version = "2025-01";
        return lead;
    }

    std::filesystem::path key_dir_;
    std::optional<security::PhoneVault> vault_;
};
TYPED_TEST_SUITE(LeadContract, Backends, BackendNames);

TYPED_TEST(LeadContract, StoresTheNumberSealedAndGivesTheSealBackExactly) {
    const auto id = this->add("13812345678", kNow);
    const auto sealed = this->s_.leads.sealed_phone(id);
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->first.size(), 24u);  // secretbox nonce
    EXPECT_EQ(this->vault_->open({sealed->first, sealed->second}), "13812345678");
    EXPECT_FALSE(this->s_.leads.sealed_phone(id + 1));

    const auto leads = this->s_.leads.list_leads(10);
    ASSERT_EQ(leads.size(), 1u);
    const auto& lead = leads[0];
    EXPECT_EQ(lead.id, id);
    EXPECT_EQ(lead.phone_masked, "138****5678");
    EXPECT_EQ(lead.phone_kind, "mobile");
    EXPECT_EQ(lead.name, "张先生");
    EXPECT_EQ(lead.preferred_time, "工作日下午");
    EXPECT_EQ(lead.created_at, kNow);
    EXPECT_EQ(lead.origin.landing_page, "/news/policy/1.html");
    EXPECT_EQ(lead.origin.article_id, 1);
    EXPECT_EQ(lead.origin.utm_campaign, "等保2.0");
    EXPECT_EQ(lead.origin.utm_medium, "");
    EXPECT_EQ(lead.consent_version, "2025-01");
    EXPECT_EQ(lead.status, content::LeadStatus::fresh);
}

TYPED_TEST(LeadContract, ListsNewestFirstAndCountsByNumber) {
    this->add("13812345678", kNow - std::chrono::hours(30));
    this->add("13987654321", kNow - std::chrono::hours(2));
    const auto newest = this->add("13812345678", kNow - std::chrono::hours(1));
    const auto leads = this->s_.leads.list_leads(2);
    ASSERT_EQ(leads.size(), 2u);
    EXPECT_EQ(leads[0].id, newest);
    EXPECT_EQ(leads[1].phone_masked, "139****4321");

    const auto hash = this->vault_->keyed_hash("13812345678");
    EXPECT_EQ(this->s_.leads.count_by_phone_since(hash, kNow - std::chrono::hours(24)), 1);
    EXPECT_EQ(this->s_.leads.count_by_phone_since(hash, kNow - std::chrono::hours(48)), 2);
}

TYPED_TEST(LeadContract, TheLimitedInsertStopsAtTheLimitWithinTheWindow) {
    this->add("13812345678", kNow - std::chrono::hours(30));  // before the window
    const store::PerNumberLimit limit{kNow - std::chrono::hours(24), 2};
    const auto first = this->s_.leads.add_lead_within(this->make("13812345678", kNow), limit);
    const auto second = this->s_.leads.add_lead_within(this->make("13812345678", kNow), limit);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_NE(*first, *second);
    EXPECT_FALSE(this->s_.leads.add_lead_within(this->make("13812345678", kNow), limit));
    // Another number has a limit of its own.
    EXPECT_TRUE(this->s_.leads.add_lead_within(this->make("13987654321", kNow), limit));

    const auto hash = this->vault_->keyed_hash("13812345678");
    EXPECT_EQ(this->s_.leads.count_by_phone_since(hash, limit.since), 2);
    EXPECT_EQ(this->s_.leads.list_leads(10).size(), 4u);
    // A refused insert queues no notification either.
    EXPECT_EQ(this->s_.leads.due_notifications(kNow, 10).size(), 4u);
}

TYPED_TEST(LeadContract, TwoNodesSubmittingOneNumberAtOnceStoreItOnlyUpToTheLimit) {
    auto second = this->backend_.second_node();
    constexpr int kNumbers = 40;
    const store::PerNumberLimit limit{kNow - std::chrono::hours(24), 1};
    std::vector<store::NewLead> leads;
    for (int i = 0; i < kNumbers; ++i) {
        leads.push_back(this->make("138000" + std::to_string(10000 + i), kNow));
    }
    std::latch start(2);
    std::atomic<int> stored = 0;
    std::atomic<int> failures = 0;
    // Both nodes race through the same numbers in the same order, so each number's two
    // submissions meet: without the limit inside the transaction both would count 0.
    auto run = [&](store::LeadStore& store) {
        start.arrive_and_wait();
        for (const auto& lead : leads) {
            try {
                if (store.add_lead_within(lead, limit)) ++stored;
            } catch (const std::exception&) {
                // Counted, not swallowed: a lock wait must not fail a submission.
                ++failures;
            }
        }
    };
    std::thread a([&] { run(this->s_.leads); });
    std::thread b([&] { run(second.leads); });
    a.join();
    b.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(stored.load(), kNumbers);
    for (const auto& lead : leads) {
        EXPECT_EQ(this->s_.leads.count_by_phone_since(lead.phone_hash, limit.since), 1)
            << lead.phone_masked;
    }
}

TYPED_TEST(LeadContract, EveryLeadWaitsInTheNotificationQueueUntilDelivered) {
    const auto first = this->add("13812345678", kNow);
    const auto second = this->add("13987654321", kNow + std::chrono::minutes(1));
    auto due = this->s_.leads.due_notifications(kNow + std::chrono::minutes(1), 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].lead.id, first);
    EXPECT_EQ(due[0].attempts, 0);
    EXPECT_EQ(due[0].lead.phone_masked, "138****5678");
    EXPECT_EQ(this->s_.leads.due_notifications(kNow, 10).size(), 1u);

    this->s_.leads.mark_notified(first, kNow + std::chrono::minutes(2));
    this->s_.leads.mark_notify_failed(second, 1, kNow + std::chrono::minutes(10),
                                      "接收方超时：" + std::string(600, 'x'));
    due = this->s_.leads.due_notifications(kNow + std::chrono::minutes(9), 10);
    EXPECT_TRUE(due.empty());
    due = this->s_.leads.due_notifications(kNow + std::chrono::minutes(10), 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].lead.id, second);
    EXPECT_EQ(due[0].attempts, 1);

    this->s_.leads.mark_notify_failed(second, 5, std::nullopt, "放弃");
    EXPECT_TRUE(this->s_.leads.due_notifications(kNow + std::chrono::hours(100), 10).empty());
}

TYPED_TEST(LeadContract, PurgeDeletesOldUnhandledLeadsWithTheirQueueRows) {
    this->add("13812345678", kNow - std::chrono::hours(24 * 40));
    const auto recent = this->add("13987654321", kNow - std::chrono::hours(1));
    EXPECT_EQ(this->s_.leads.purge_leads(kNow - std::chrono::hours(24 * 30),
                                         kNow - std::chrono::hours(24 * 30)),
              1);
    const auto leads = this->s_.leads.list_leads(10);
    ASSERT_EQ(leads.size(), 1u);
    EXPECT_EQ(leads[0].id, recent);
    EXPECT_EQ(this->s_.leads.due_notifications(kNow, 10).size(), 1u);
}

}  // namespace
}  // namespace gp::test

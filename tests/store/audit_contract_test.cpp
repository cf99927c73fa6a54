// The audit trail on every backend: a hash chain that verifies, finds a tampered row, refuses
// changes from any client, and stays one chain when two nodes append at once.
#include <atomic>
#include <latch>
#include <thread>

#include "store/audit_anchor.hpp"
#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class AuditContract : public Contract<Backend> {
protected:
    void append(const std::string& event, const std::string& account, content::Time when,
                const std::string& object = "") {
        auto r = this->record(event);
        r.account_name = account;
        r.at = when;
        r.client_ip = "198.51.100.7";
        r.user_agent = "Mozilla/5.0";
        r.request_id = "req-" + event;
        r.detail = "操作说明";
        if (!object.empty()) {
            r.object_type = object.substr(0, object.find(':'));
            r.object_id = object.substr(object.find(':') + 1);
        }
        this->s_.audit.append(r);
    }
    void append_three() {
        append("auth.login", "sys.wang", kNow);
        append("auth.logout", "Sys.Wang", kNow + std::chrono::minutes(5));
        append("lead.reveal", "leads.wu", kNow + std::chrono::minutes(10), "lead:42");
    }
};
TYPED_TEST_SUITE(AuditContract, Backends, BackendNames);

TYPED_TEST(AuditContract, AppendedRecordsFormAChainThatVerifies) {
    this->append_three();
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.checked, 3);
    EXPECT_FALSE(report.first_broken);

    const auto records = this->s_.audit.search({});
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].id, 3);  // newest first
    EXPECT_EQ(records[0].object_type, "lead");
    EXPECT_EQ(records[0].object_id, "42");
    EXPECT_EQ(records[0].detail, "操作说明");
    EXPECT_EQ(records[0].prev_hash, records[1].hash);
    EXPECT_EQ(records[2].prev_hash, std::string(64, '0'));
    EXPECT_EQ(records[2].at, kNow);
    EXPECT_EQ(records[2].client_ip, "198.51.100.7");
    EXPECT_EQ(records[2].request_id, "req-auth.login");
}

TYPED_TEST(AuditContract, SearchFiltersCombine) {
    this->append_three();
    store::AuditQuery q;
    q.account_name = "SYS.WANG";
    EXPECT_EQ(this->s_.audit.count(q), 2);
    q.event = "auth.";
    EXPECT_EQ(this->s_.audit.count(q), 2);
    q.event = "auth.logout";
    EXPECT_EQ(this->s_.audit.search(q).at(0).id, 2);

    store::AuditQuery by_object;
    by_object.object = "lead:42";
    EXPECT_EQ(this->s_.audit.count(by_object), 1);
    store::AuditQuery by_time;
    by_time.from = kNow + std::chrono::minutes(5);
    by_time.to = kNow + std::chrono::minutes(10);  // exclusive
    const auto in_range = this->s_.audit.search(by_time);
    ASSERT_EQ(in_range.size(), 1u);
    EXPECT_EQ(in_range[0].event, "auth.logout");
    store::AuditQuery denied;
    denied.result = "denied";
    EXPECT_EQ(this->s_.audit.count(denied), 0);

    store::AuditQuery page;
    page.limit = 1;
    page.offset = 1;
    EXPECT_EQ(this->s_.audit.search(page).at(0).id, 2);
}

TYPED_TEST(AuditContract, ATamperedRecordIsFoundAndNamed) {
    this->append_three();
    this->backend_.execute_unguarded("UPDATE audit_log SET detail = '改过的' WHERE id = 2");
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.first_broken, 2);
    EXPECT_EQ(report.reason, "its content does not match its hash");
}

TYPED_TEST(AuditContract, ARemovedRecordIsFound) {
    this->append_three();
    this->backend_.execute_unguarded("DELETE FROM audit_log WHERE id = 2");
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.first_broken, 3);
    EXPECT_EQ(report.reason, "records before it are missing");
}

// The audit trail's tail can be cut unseen: what is left still links up, so only the anchor
// outside the store shows that records were removed from the end.
TYPED_TEST(AuditContract, TheAuditTrailsTailCannotBeCutUnseen) {
    this->append_three();
    this->backend_.execute_unguarded("DELETE FROM audit_log WHERE id >= 2");
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.checked, 1);
    EXPECT_EQ(report.first_broken, 2);
    EXPECT_EQ(report.reason,
              "the trail ends at record 1, but the audit anchor names record 3: the records "
              "after it were removed");
}

TYPED_TEST(AuditContract, TheAuditTrailCannotBeEmptiedUnseen) {
    this->append_three();
    this->backend_.execute_unguarded("DELETE FROM audit_log");
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.first_broken, 1);
    EXPECT_EQ(report.reason,
              "the trail is empty, but the audit anchor names record 3: every record was removed");
}

TYPED_TEST(AuditContract, TheAnchorMovesOnlyForwardAndOnlyUnderTheKey) {
    this->append_three();
    const store::AuditAnchor anchor(this->backend_.anchor_file(), kAuditKey);
    ASSERT_TRUE(anchor.read());
    EXPECT_EQ(anchor.read()->id, 3);
    EXPECT_EQ(anchor.read()->hash, this->s_.audit.search({}).at(0).hash);
    anchor.advance({2, "00"});  // an older head never replaces a newer one
    EXPECT_EQ(anchor.read()->id, 3);
    // An anchor written without the key (here: under another one) is refused, not trusted.
    const store::AuditAnchor forger(this->backend_.anchor_file(), std::string(32, 'f'));
    std::filesystem::remove(this->backend_.anchor_file());
    forger.advance({1, this->s_.audit.search({}).at(2).hash});
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.first_broken, 0);
    EXPECT_NE(report.reason.find("is not sealed by this site's key"), std::string::npos)
        << report.reason;
}

TYPED_TEST(AuditContract, RecordsCannotBeChangedOrDeletedByAnyClient) {
    this->append_three();
    EXPECT_ANY_THROW(this->backend_.execute("UPDATE audit_log SET detail = 'x' WHERE id = 1"));
    EXPECT_ANY_THROW(this->backend_.execute("DELETE FROM audit_log WHERE id = 3"));
    EXPECT_EQ(this->s_.audit.verify_chain().checked, 3);
    EXPECT_FALSE(this->s_.audit.verify_chain().first_broken);
}

TYPED_TEST(AuditContract, ALongUserAgentIsCutAndTheChainStillVerifies) {
    auto r = this->record("auth.login");
    r.user_agent = std::string(400, 'a');
    this->s_.audit.append(r);
    EXPECT_EQ(this->s_.audit.search({}).at(0).user_agent, std::string(300, 'a'));
    const auto report = this->s_.audit.verify_chain();
    EXPECT_FALSE(report.first_broken) << report.reason;
}

// A browser may send any bytes as its user agent. PostgreSQL refused them, and with the record
// the sign-in it recorded: the attempt was neither recorded nor counted.
TYPED_TEST(AuditContract, ANonUtf8UserAgentIsRecordedNotRefused) {
    auto r = this->record("auth.login");
    r.result = "failure";
    r.user_agent = "Mozilla/5.0 \xC0\xAF (\xFF\xFE) \xE6\xB5";
    r.detail = "wrong password \xED\xA0\x80";
    ASSERT_NO_THROW(this->s_.audit.append(r));
    // 300 characters, not bytes, and never half of one.
    auto chinese = this->record("auth.login");
    std::string long_agent;
    for (int i = 0; i < 400; ++i) long_agent += "浏";
    chinese.user_agent = long_agent;
    ASSERT_NO_THROW(this->s_.audit.append(chinese));

    const auto records = this->s_.audit.search({});
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].user_agent, "Mozilla/5.0 \uFFFD\uFFFD (\uFFFD\uFFFD) \uFFFD\uFFFD");
    EXPECT_EQ(records[1].detail, "wrong password \uFFFD\uFFFD\uFFFD");
    std::string clipped;
    for (int i = 0; i < 300; ++i) clipped += "浏";
    EXPECT_EQ(records[0].user_agent, clipped);
    const auto report = this->s_.audit.verify_chain();
    EXPECT_FALSE(report.first_broken) << report.reason;
}

TYPED_TEST(AuditContract, TwoNodesAppendingAtOnceKeepOneChain) {
    auto second = this->backend_.second_node();
    constexpr int kEach = 100;
    std::latch start(2);
    std::atomic<int> failures = 0;
    auto run = [&](store::AuditStore& audit, const std::string& who) {
        start.arrive_and_wait();
        for (int i = 0; i < kEach; ++i) {
            auto r = this->record("auth.login");
            r.account_name = who;
            r.detail = std::to_string(i);
            try {
                audit.append(r);
            } catch (const std::exception&) {
                // Counted, not swallowed: every append must succeed.
                ++failures;
            }
        }
    };
    std::thread a([&] { run(this->s_.audit, "node.a"); });
    std::thread b([&] { run(second.audit, "node.b"); });
    a.join();
    b.join();
    EXPECT_EQ(failures.load(), 0);
    const auto report = this->s_.audit.verify_chain();
    EXPECT_EQ(report.checked, 2 * kEach);
    EXPECT_FALSE(report.first_broken) << report.reason;
}

}  // namespace
}  // namespace gp::test

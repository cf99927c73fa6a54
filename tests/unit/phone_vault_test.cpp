#include "security/phone_vault.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace gp::security {
namespace {

namespace fs = std::filesystem;

class PhoneVaultTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() /
               ("gp-phone-vault-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++) + "-" + std::to_string(std::random_device{}()));
        ASSERT_TRUE(fs::create_directory(dir_));
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    MasterKey new_master(const std::string& name) {
        MasterKey::create(dir_ / name);
        return MasterKey::load(dir_ / name);
    }
    fs::path dir_;
};

bool is_lower_hex(const std::string& s) {
    return s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST_F(PhoneVaultTest, SealThenOpenRoundTrips) {
    const PhoneVault vault(new_master("a.key"));
    const std::vector<std::string> texts = {"13800138000", "+86 138 0013 8000", "",
                                            std::string(1, '\0'), std::string(500, 'x')};
    for (const auto& text : texts) {
        const auto sealed = vault.seal(text);
        EXPECT_EQ(vault.open(sealed), text);
    }
}

TEST_F(PhoneVaultTest, AVaultFromAReloadedKeyOpensWhatTheFirstSealed) {
    MasterKey::create(dir_ / "a.key");
    const auto sealed = PhoneVault(MasterKey::load(dir_ / "a.key")).seal("13800138000");
    const PhoneVault reopened(MasterKey::load(dir_ / "a.key"));
    EXPECT_EQ(reopened.open(sealed), "13800138000");
}

TEST_F(PhoneVaultTest, EachSealUsesAFreshNonce) {
    const PhoneVault vault(new_master("a.key"));
    const auto first = vault.seal("13800138000");
    const auto second = vault.seal("13800138000");
    EXPECT_EQ(first.nonce.size(), 24u);
    EXPECT_NE(first.nonce, second.nonce);
    EXPECT_NE(first.ciphertext, second.ciphertext);
    EXPECT_EQ(vault.open(first), "13800138000");
    EXPECT_EQ(vault.open(second), "13800138000");
}

TEST_F(PhoneVaultTest, CiphertextDoesNotContainThePlaintext) {
    const PhoneVault vault(new_master("a.key"));
    const std::string phone = "13800138000";
    const auto sealed = vault.seal(phone);
    EXPECT_EQ(sealed.ciphertext.size(), phone.size() + 16);  // MAC included
    EXPECT_EQ(sealed.ciphertext.find(phone), std::string::npos);
    EXPECT_EQ(sealed.ciphertext.find("138001"), std::string::npos);
    EXPECT_EQ(sealed.nonce.find(phone), std::string::npos);
}

TEST_F(PhoneVaultTest, OpenRejectsAnyFlippedByte) {
    const PhoneVault vault(new_master("a.key"));
    const auto sealed = vault.seal("13800138000");
    for (std::size_t i = 0; i < sealed.ciphertext.size(); ++i) {
        auto tampered = sealed;
        tampered.ciphertext[i] = static_cast<char>(tampered.ciphertext[i] ^ 0x01);
        EXPECT_THROW(vault.open(tampered), std::runtime_error) << "ciphertext byte " << i;
    }
    for (std::size_t i = 0; i < sealed.nonce.size(); ++i) {
        auto tampered = sealed;
        tampered.nonce[i] = static_cast<char>(tampered.nonce[i] ^ 0x80);
        EXPECT_THROW(vault.open(tampered), std::runtime_error) << "nonce byte " << i;
    }
}

TEST_F(PhoneVaultTest, OpenRejectsMalformedValues) {
    const PhoneVault vault(new_master("a.key"));
    const auto sealed = vault.seal("13800138000");

    auto short_nonce = sealed;
    short_nonce.nonce.pop_back();
    EXPECT_THROW(vault.open(short_nonce), std::runtime_error);

    auto long_nonce = sealed;
    long_nonce.nonce.push_back('\0');
    EXPECT_THROW(vault.open(long_nonce), std::runtime_error);

    auto no_nonce = sealed;
    no_nonce.nonce.clear();
    EXPECT_THROW(vault.open(no_nonce), std::runtime_error);

    auto truncated = sealed;
    truncated.ciphertext.pop_back();
    EXPECT_THROW(vault.open(truncated), std::runtime_error);

    auto too_short = sealed;
    too_short.ciphertext.resize(15);  // shorter than the MAC
    EXPECT_THROW(vault.open(too_short), std::runtime_error);

    auto empty = sealed;
    empty.ciphertext.clear();
    EXPECT_THROW(vault.open(empty), std::runtime_error);

    auto extended = sealed;
    extended.ciphertext.push_back('x');
    EXPECT_THROW(vault.open(extended), std::runtime_error);
}

TEST_F(PhoneVaultTest, OpenRejectsAValueSealedUnderAnotherMasterKey) {
    const PhoneVault a(new_master("a.key"));
    const PhoneVault b(new_master("b.key"));
    const auto sealed = a.seal("13800138000");
    EXPECT_THROW(b.open(sealed), std::runtime_error);
    EXPECT_EQ(a.open(sealed), "13800138000");
}

TEST_F(PhoneVaultTest, KeyedHashIsStableHexAndKeyed) {
    MasterKey::create(dir_ / "a.key");
    const PhoneVault a1(MasterKey::load(dir_ / "a.key"));
    const PhoneVault a2(MasterKey::load(dir_ / "a.key"));
    const PhoneVault b(new_master("b.key"));

    const auto h = a1.keyed_hash("13800138000");
    EXPECT_EQ(h.size(), 64u);
    EXPECT_TRUE(is_lower_hex(h)) << h;
    EXPECT_EQ(h, a1.keyed_hash("13800138000"));
    EXPECT_EQ(h, a2.keyed_hash("13800138000"));
    EXPECT_NE(h, b.keyed_hash("13800138000"));
    EXPECT_NE(h, a1.keyed_hash("13800138001"));
    EXPECT_NE(h, a1.keyed_hash("1380013800"));
    EXPECT_NE(h, a1.keyed_hash(""));
    EXPECT_EQ(a1.keyed_hash("").size(), 64u);
}

TEST_F(PhoneVaultTest, KeyedHashIsNotAnUnkeyedHash) {
    // Phone numbers are few enough to enumerate, so an unkeyed hash would reveal them.
    const PhoneVault vault(new_master("a.key"));
    const std::string phone = "13800138000";
    unsigned char plain[32];
    crypto_generichash(plain, sizeof plain, reinterpret_cast<const unsigned char*>(phone.data()),
                       phone.size(), nullptr, 0);
    char hex[sizeof plain * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, plain, sizeof plain);
    const auto h = vault.keyed_hash(phone);
    EXPECT_NE(h, std::string(hex));
    EXPECT_EQ(h.find(phone), std::string::npos);
}

}  // namespace
}  // namespace gp::security

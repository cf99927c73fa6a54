#include "content/phone_number.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace gp::content {
namespace {

struct Accepted {
    std::string_view input;
    PhoneKind kind;
    std::string_view normalized;
};

// Each row is a way readers actually write numbers; the expected form is what we store.
constexpr Accepted kAccepted[] = {
    // Mobiles, plain and separated.
    {"13812345678", PhoneKind::mobile, "+8613812345678"},
    {"138 1234 5678", PhoneKind::mobile, "+8613812345678"},
    {"138-1234-5678", PhoneKind::mobile, "+8613812345678"},
    {"138.1234.5678", PhoneKind::mobile, "+8613812345678"},
    {"138–1234–5678", PhoneKind::mobile, "+8613812345678"},
    {"138—1234—5678", PhoneKind::mobile, "+8613812345678"},
    {"138－1234－5678", PhoneKind::mobile, "+8613812345678"},
    {"(138) 1234 5678", PhoneKind::mobile, "+8613812345678"},
    {"13012345678", PhoneKind::mobile, "+8613012345678"},
    {"19912345678", PhoneKind::mobile, "+8619912345678"},
    {"16612345678", PhoneKind::mobile, "+8616612345678"},
    // Mobiles with a country prefix.
    {"+8613812345678", PhoneKind::mobile, "+8613812345678"},
    {"+86 138 1234 5678", PhoneKind::mobile, "+8613812345678"},
    {"+86-138-1234-5678", PhoneKind::mobile, "+8613812345678"},
    {"(+86) 138 1234 5678", PhoneKind::mobile, "+8613812345678"},
    {"+86 (0)138 1234 5678", PhoneKind::mobile, "+8613812345678"},
    {"0086 13812345678", PhoneKind::mobile, "+8613812345678"},
    {"008613812345678", PhoneKind::mobile, "+8613812345678"},
    {"86 13812345678", PhoneKind::mobile, "+8613812345678"},
    {"8613812345678", PhoneKind::mobile, "+8613812345678"},
    // Full-width characters and surrounding whitespace.
    {"１３８１２３４５６７８", PhoneKind::mobile, "+8613812345678"},
    {"＋８６ １３８ １２３４ ５６７８", PhoneKind::mobile, "+8613812345678"},
    {"\u300013812345678\u3000", PhoneKind::mobile, "+8613812345678"},
    {"  13812345678\t\n", PhoneKind::mobile, "+8613812345678"},
    {"138\u30001234\u30005678", PhoneKind::mobile, "+8613812345678"},
    {"\u200b13812345678", PhoneKind::mobile, "+8613812345678"},
    // Exactly 32 characters is still allowed.
    {"138                     12345678", PhoneKind::mobile, "+8613812345678"},
    // Landlines: three-digit area codes 010, 020–029.
    {"010-12345678", PhoneKind::landline, "+861012345678"},
    {"01012345678", PhoneKind::landline, "+861012345678"},
    {"(010) 1234-5678", PhoneKind::landline, "+861012345678"},
    {"(021)12345678", PhoneKind::landline, "+862112345678"},
    {"（021）12345678", PhoneKind::landline, "+862112345678"},
    {"021-1234-5678", PhoneKind::landline, "+862112345678"},
    {"021 1234567", PhoneKind::landline, "+86211234567"},
    {"020-87654321", PhoneKind::landline, "+862087654321"},
    {"029.8888.6666", PhoneKind::landline, "+862988886666"},
    {"０１０－１２３４５６７８", PhoneKind::landline, "+861012345678"},
    // Landlines: four-digit area codes.
    {"0755 1234567", PhoneKind::landline, "+867551234567"},
    {"0755-12345678", PhoneKind::landline, "+8675512345678"},
    {"0571-87654321", PhoneKind::landline, "+8657187654321"},
    {"0351 7654321", PhoneKind::landline, "+863517654321"},
    {"0931-8123456", PhoneKind::landline, "+869318123456"},
    {"0991 1234567", PhoneKind::landline, "+869911234567"},
    // Landlines with a country prefix, with and without the trunk 0.
    {"+86 10 12345678", PhoneKind::landline, "+861012345678"},
    {"+861012345678", PhoneKind::landline, "+861012345678"},
    {"+86 (0)10 1234 5678", PhoneKind::landline, "+861012345678"},
    {"+86 010 12345678", PhoneKind::landline, "+861012345678"},
    {"+86 755 1234 5678", PhoneKind::landline, "+8675512345678"},
    {"0086 10 12345678", PhoneKind::landline, "+861012345678"},
    {"86 21 12345678", PhoneKind::landline, "+862112345678"},
    // Extensions with every marker.
    {"010-12345678-801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678转801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678 转 801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678 分机 801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678 ext 801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678 ext.801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678 EXT. 801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678 x801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678X801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678#801", PhoneKind::landline, "+861012345678;ext=801"},
    {"010-12345678＃801", PhoneKind::landline, "+861012345678;ext=801"},
    {"(021)1234-5678 转 1", PhoneKind::landline, "+862112345678;ext=1"},
    {"021 1234 5678 123456", PhoneKind::landline, "+862112345678;ext=123456"},
    {"010-12345678-1", PhoneKind::landline, "+861012345678;ext=1"},
    {"0755-1234567-801", PhoneKind::landline, "+867551234567;ext=801"},
    {"+861012345678;ext=801", PhoneKind::landline, "+861012345678;ext=801"},
    // A trailing group that completes an 8-digit local number belongs to the number.
    {"0755-1234567-8", PhoneKind::landline, "+8675512345678"},
    {"0755-123-4567", PhoneKind::landline, "+867551234567"},
    // 400/800 service numbers.
    {"400-123-4567", PhoneKind::service, "+864001234567"},
    {"400 1234 567", PhoneKind::service, "+864001234567"},
    {"4001234567", PhoneKind::service, "+864001234567"},
    {"800-820-1234", PhoneKind::service, "+868008201234"},
    {"+86 400 123 4567", PhoneKind::service, "+864001234567"},
    {"４００－１２３－４５６７", PhoneKind::service, "+864001234567"},
    {"400-123-4567 转 2", PhoneKind::service, "+864001234567;ext=2"},
    {"400-123-4567-801", PhoneKind::service, "+864001234567;ext=801"},
};

struct Rejected {
    std::string_view input;
    std::string_view code;
};

constexpr Rejected kRejected[] = {
    {"", "empty"},
    {"   ", "empty"},
    {"\u3000\u3000", "empty"},
    {"138                      12345678", "too_long"},  // 33 characters
    {"1381234567813812345678138123456781", "too_long"},
    {"010-12345678 转 801 或者 138 1234 5678 都可以打", "too_long"},
    {"1381234567a", "bad_chars"},
    {"abc", "bad_chars"},
    {"138/1234/5678", "bad_chars"},
    {"电话13812345678", "bad_chars"},
    {"138_1234_5678", "bad_chars"},
    {"\xff\xfe", "bad_chars"},
    {"138\xe4\xb8", "bad_chars"},   // truncated sequence
    {"\xc0\xb1", "bad_chars"},      // overlong '1'
    {"\xed\xa0\x80", "bad_chars"},  // UTF-16 surrogate
    {"1381234567", "mobile_length"},
    {"138123456789", "mobile_length"},
    {"138 1234 5678 9", "mobile_length"},
    {"+86 138 1234 567", "mobile_length"},
    {"12345678", "mobile_length"},
    {"10012345678", "bad_mobile_prefix"},
    {"11012345678", "bad_mobile_prefix"},
    {"12012345678", "bad_mobile_prefix"},
    {"87654321", "landline_needs_area_code"},
    {"2345678", "landline_needs_area_code"},
    {"6543 2100", "landline_needs_area_code"},
    {"011-12345678", "bad_area_code"},
    {"019 1234567", "bad_area_code"},
    {"000 12345678", "bad_area_code"},
    {"0400-1234567", "bad_area_code"},
    {"0800-1234567", "bad_area_code"},
    {"+86 0 0755 1234567", "bad_area_code"},
    {"010-123456", "landline_length"},
    {"010-123456789", "landline_length"},
    {"010", "landline_length"},
    {"0755", "landline_length"},
    {"0755-12345678-1234567", "landline_length"},
    {"010-12345678-801 转 2", "landline_length"},
    {"010 转 801", "landline_length"},
    {"010-01234567", "bad_local_number"},
    {"010-010-12345678", "bad_local_number"},
    {"400-123-456", "service_length"},
    {"800-123-45678", "service_length"},
    {"+1 415 555 0100", "not_mainland"},
    {"+852 1234 5678", "not_mainland"},
    {"+853 2812 3456", "not_mainland"},
    {"+886 912 345 678", "not_mainland"},
    {"+44 20 7946 0958", "not_mainland"},
    {"00852 1234 5678", "not_mainland"},
    {"001 415 555 0100", "not_mainland"},
    {"13812345678 转 801", "bad_extension"},
    {"010-12345678 转 1234567", "bad_extension"},
    {"010-12345678转", "bad_extension"},
    {"010-12345678 # (801)", "bad_extension"},
    {"(010 12345678", "unknown_format"},
    {"010) 12345678", "unknown_format"},
    {"((010)) 12345678", "unknown_format"},
    {"138+12345678", "unknown_format"},
    {"++86 13812345678", "unknown_format"},
    {"+0086 13812345678", "unknown_format"},
    {"+", "unknown_format"},
    {"---", "unknown_format"},
    {"转801", "unknown_format"},
    {"234567890", "unknown_format"},
};

TEST(PhoneNumber, AcceptsWhatReadersType) {
    for (const auto& c : kAccepted) {
        const auto result = parse_phone_number(c.input);
        const auto* phone = std::get_if<PhoneNumber>(&result);
        if (!phone) {
            ADD_FAILURE() << "rejected \"" << c.input
                          << "\": " << std::get<PhoneError>(result).code;
            continue;
        }
        EXPECT_EQ(phone->normalized(), c.normalized) << c.input;
        EXPECT_EQ(phone->kind, c.kind) << c.input;
    }
}

TEST(PhoneNumber, RejectsWithSpecificCodes) {
    for (const auto& c : kRejected) {
        const auto result = parse_phone_number(c.input);
        const auto* err = std::get_if<PhoneError>(&result);
        if (!err) {
            ADD_FAILURE() << "accepted \"" << c.input << "\" as "
                          << std::get<PhoneNumber>(result).normalized();
            continue;
        }
        EXPECT_EQ(err->code, c.code) << c.input;
        EXPECT_FALSE(err->message.empty()) << c.input;
    }
}

std::string message_for(std::string_view input) {
    const auto result = parse_phone_number(input);
    const auto* err = std::get_if<PhoneError>(&result);
    return err ? err->message : std::string("(accepted)");
}

TEST(PhoneNumber, KeyMessagesTellTheReaderWhatToFix) {
    EXPECT_EQ(message_for(""), "请输入您的联系电话。");
    EXPECT_NE(message_for("87654321").find("座机请加区号"), std::string::npos);
    EXPECT_NE(message_for("2345678").find("座机请加区号"), std::string::npos);
    EXPECT_NE(message_for("1381234567").find("手机号码位数不对"), std::string::npos);
    EXPECT_NE(message_for("138123456789").find("手机号码位数不对"), std::string::npos);
    EXPECT_EQ(message_for("138-abcd-5678"), "请只输入数字，可包含空格、横线和括号。");
    EXPECT_EQ(message_for("+852 1234 5678"), "目前只支持中国大陆的电话号码。");
}

TEST(PhoneNumber, SeparatesNumberAndExtension) {
    const auto result = parse_phone_number("（010）1234-5678 转 801");
    const auto* phone = std::get_if<PhoneNumber>(&result);
    ASSERT_TRUE(phone);
    EXPECT_EQ(phone->kind, PhoneKind::landline);
    EXPECT_EQ(phone->e164, "+861012345678");
    EXPECT_EQ(phone->extension, "801");
}

TEST(PhoneNumber, NormalizedFormParsesBackUnchanged) {
    for (const auto& c : kAccepted) {
        const auto first = parse_phone_number(c.input);
        ASSERT_TRUE(std::holds_alternative<PhoneNumber>(first)) << c.input;
        const PhoneNumber& a = std::get<PhoneNumber>(first);
        const auto second = parse_phone_number(a.normalized());
        const auto* b = std::get_if<PhoneNumber>(&second);
        ASSERT_TRUE(b) << a.normalized();
        EXPECT_EQ(b->normalized(), a.normalized());
        EXPECT_EQ(b->kind, a.kind) << a.normalized();
        EXPECT_EQ(b->extension, a.extension) << a.normalized();
    }
}

TEST(PhoneNumber, MasksAllButTheRecognisableParts) {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"13812345678", "138****5678"},      {"+86 199 8765 4321", "199****4321"},
        {"010-12345678", "010****5678"},     {"020 8765 4321", "020****4321"},
        {"0755-1234567", "0755****4567"},    {"0571-87654321", "0571****4321"},
        {"010-12345678-801", "010****5678"}, {"400-123-4567", "400****567"},
        {"800-820-1234", "800****234"},
    };
    for (const auto& [input, masked] : cases) {
        const auto result = parse_phone_number(input);
        ASSERT_TRUE(std::holds_alternative<PhoneNumber>(result)) << input;
        EXPECT_EQ(std::get<PhoneNumber>(result).masked(), masked) << input;
    }
    // A hand-built value must still never leak digits or crash.
    EXPECT_EQ(PhoneNumber{}.masked(), "****");
    EXPECT_EQ((PhoneNumber{PhoneKind::landline, "+861", ""}.masked()), "****");
}

TEST(PhoneNumber, RejectsOversizedInputBeforeParsing) {
    EXPECT_EQ(std::get<PhoneError>(parse_phone_number(std::string(100000, '1'))).code, "too_long");
    EXPECT_EQ(std::get<PhoneError>(parse_phone_number(std::string(97, ' '))).code, "too_long");
}

}  // namespace
}  // namespace gp::content

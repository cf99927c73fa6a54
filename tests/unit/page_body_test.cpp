#include "pagecache/page_body.hpp"

#include <gtest/gtest.h>

#include "pagecache/accept_encoding.hpp"

namespace gp::pagecache {
namespace {

std::string page_text() {
    std::string s = "<!doctype html><html><head><title>等保测评</title></head><body>";
    for (int i = 0; i < 200; ++i) s += "<p>网络安全等级保护第" + std::to_string(i) + "条要求。</p>";
    return s + "</body></html>";
}

TEST(PageBody, GzipAndBrotliVariantsInflateToTheSameBytes) {
    const auto text = page_text();
    const PageBody body(text, PageBody::kNoSlot, 0, true);
    ASSERT_TRUE(body.has(Encoding::gzip));
    ASSERT_TRUE(body.has(Encoding::br));
    BodyPieces gz, br, id;
    body.pieces(Encoding::gzip, "", gz);
    body.pieces(Encoding::br, "", br);
    body.pieces(Encoding::identity, "", id);
    EXPECT_LT(gz.size(), text.size() / 3);
    EXPECT_LT(br.size(), text.size() / 3);
    EXPECT_EQ(gzip_decompress(gz.joined()), text);
    EXPECT_EQ(brotli_decompress(br.joined()), text);
    EXPECT_EQ(id.joined(), text);
}

TEST(PageBody, UncompressibleBodiesKeepOnlyIdentity) {
    const PageBody body("\x89PNG....", PageBody::kNoSlot, 0, false);
    EXPECT_FALSE(body.has(Encoding::gzip));
    EXPECT_FALSE(body.has(Encoding::br));
}

TEST(PageBody, SlotIsFilledPerRequestInIdentityAndGzip) {
    auto text = page_text();
    const std::string marker = "SLOT1234";
    const auto at = text.find("第100条");
    text.insert(at, marker);
    const PageBody body(text, at, marker.size(), true);
    EXPECT_TRUE(body.has_slot());
    EXPECT_FALSE(body.has(Encoding::br)) << "a brotli stream cannot be spliced";
    for (const std::string fill : {"", "7", "1102", "123456789012"}) {
        auto expected = text;
        expected.replace(at, marker.size(), fill);
        BodyPieces id, gz;
        body.pieces(Encoding::identity, fill, id);
        body.pieces(Encoding::gzip, fill, gz);
        EXPECT_EQ(id.joined(), expected);
        // One gzip member with a correct CRC and length: zlib checks both.
        EXPECT_EQ(gzip_decompress(gz.joined()), expected) << "fill " << fill;
    }
}

TEST(PageBody, IdentityIsInflatedWholeWhateverTheSizeAroundTheSlot) {
    // Parts of exactly the inflater's buffer size and around it, on both sides of the slot.
    for (const std::size_t before : {16383u, 16384u, 16385u, 32768u}) {
        for (const std::size_t after : {0u, 16384u}) {
            std::string text(before, 'a');
            for (std::size_t i = 0; i < before; i += 7) text[i] = static_cast<char>('a' + i % 26);
            text += "SLOT";
            text += std::string(after, 'z');
            const PageBody body(text, before, 4, true);
            BodyPieces id;
            body.pieces(Encoding::identity, "42", id);
            auto expected = text;
            expected.replace(before, 4, "42");
            EXPECT_EQ(id.joined(), expected) << before << " + " << after;
        }
    }
}

TEST(PageBody, TheEtagLeavesTheSlotOut) {
    EXPECT_EQ(weak_etag("before SLOT after", 7, 4),
              weak_etag("before  after", PageBody::kNoSlot, 0));
    EXPECT_NE(weak_etag("before SLOT after", 7, 4),
              weak_etag("before  after!", PageBody::kNoSlot, 0));
    EXPECT_TRUE(weak_etag("x", PageBody::kNoSlot, 0).starts_with("W/\""));
}

TEST(PageBody, ACompressedPageKeepsNoIdentityCopy) {
    auto text = page_text();
    const PageBody plain(text, PageBody::kNoSlot, 0, true);
    EXPECT_LT(plain.memory(), text.size() / 2);
    const auto at = text.find("第50条");
    text.insert(at, "SLOT");
    const PageBody slotted(text, at, 4, true);
    EXPECT_LT(slotted.memory(), text.size() / 3);
    // Uncompressed bodies are kept as they are.
    const PageBody image("\x89PNG....", PageBody::kNoSlot, 0, false);
    BodyPieces id;
    image.pieces(Encoding::identity, "", id);
    EXPECT_EQ(id.joined(), "\x89PNG....");
}

TEST(AcceptEncoding, PrefersBrotliThenGzipAndHonoursQZero) {
    EXPECT_EQ(choose_encoding("gzip, deflate, br", true, true), Encoding::br);
    EXPECT_EQ(choose_encoding("gzip, deflate, br", true, false), Encoding::gzip);
    EXPECT_EQ(choose_encoding("gzip", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding("br;q=0, gzip;q=0.5", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("gzip;q=0.000, br;q=0", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding("*", true, true), Encoding::br);
    EXPECT_EQ(choose_encoding("br;q=0, *", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("GZIP ; q=1", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("identity", true, true), Encoding::identity);
}

}  // namespace
}  // namespace gp::pagecache

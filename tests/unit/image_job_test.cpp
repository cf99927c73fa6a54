#include "media/image_job.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace gp::media {
namespace {

TEST(ImageJobTest, AnImageAndItsThumbnailComeBackByteForByte) {
    ProcessedImage image;
    // Bytes that would confuse a line- or text-based reader.
    image.bytes = std::string("\x89PNG\r\n\x1a\n\0\0\n{}", 14);
    image.thumbnail = std::string("\n\n\0thumb", 8);
    image.width = 400;
    image.height = 300;
    const auto back = decode_image_reply(encode_image_reply(image));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->bytes, image.bytes);
    EXPECT_EQ(back->thumbnail, image.thumbnail);
    EXPECT_EQ(back->width, 400);
    EXPECT_EQ(back->height, 300);
}

TEST(ImageJobTest, ARefusalKeepsItsKindMessageAndDetail) {
    const content::Result<ProcessedImage> too_big = content::make_error(
        content::Errc::payload_too_large, "图片尺寸过大", "60000x60000 pixels\nsecond line");
    const auto back = decode_image_reply(encode_image_reply(too_big));
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().code, content::Errc::payload_too_large);
    EXPECT_EQ(back.error().user_message, "图片尺寸过大");
    EXPECT_EQ(back.error().detail, "60000x60000 pixels\nsecond line");

    const content::Result<ProcessedImage> broken =
        content::make_error(content::Errc::bad_request, "图片文件已损坏", "not a PNG file");
    EXPECT_EQ(decode_image_reply(encode_image_reply(broken)).error().code,
              content::Errc::bad_request);
}

TEST(ImageJobTest, AReplyOutOfShapeIsAFailureNotAnImage) {
    EXPECT_THROW(decode_image_reply(""), std::runtime_error);
    EXPECT_THROW(decode_image_reply("{\"status\":\"ok\"}"), std::runtime_error);  // no newline
    EXPECT_THROW(decode_image_reply("not json\n"), std::runtime_error);
    EXPECT_THROW(decode_image_reply("{\"status\":\"ok\"}\n"), std::runtime_error);
    EXPECT_THROW(decode_image_reply("{\"status\":\"maybe\",\"message\":\"\",\"detail\":\"\"}\n"),
                 std::runtime_error);
    const std::string head =
        R"({"status":"ok","width":1,"height":1,"image_bytes":3,"thumbnail_bytes":2})";
    EXPECT_THROW(decode_image_reply(head + "\nabcd"), std::runtime_error);  // one byte short
    EXPECT_TRUE(decode_image_reply(head + "\nabcde"));
}

TEST(ImageJobTest, FormatNamesRoundTrip) {
    for (auto f : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::webp, ImageFormat::gif}) {
        EXPECT_EQ(image_format_from_name(image_format_name(f)), f);
    }
    EXPECT_FALSE(image_format_from_name("svg"));
    EXPECT_FALSE(image_format_from_name(image_format_name(ImageFormat::none)));
}

}  // namespace
}  // namespace gp::media

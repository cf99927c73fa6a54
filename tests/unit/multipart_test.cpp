#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace gp::http {
namespace {

Request form(std::string body, std::string type = "multipart/form-data; boundary=XyZ") {
    Request req{Verb::post, "/admin/media", 11};
    req.set(Field::content_type, type);
    req.body() = std::move(body);
    return req;
}

TEST(Multipart, ReadsFieldsAndFilesByteForByte) {
    const std::string binary("\x89PNG\r\n\x1a\n\0\0\r\n--Xy\r", 17);
    auto req = form(
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
        "token123\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"等保 报告.png\"\r\n"
        "Content-Type: image/png\r\n\r\n" +
        binary + "\r\n--XyZ--\r\n");
    auto parts = parse_multipart(req, 8);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].name, "_csrf");
    EXPECT_EQ((*parts)[0].data, "token123");
    EXPECT_FALSE((*parts)[0].is_file);
    EXPECT_EQ((*parts)[1].name, "file");
    EXPECT_TRUE((*parts)[1].is_file);
    EXPECT_EQ((*parts)[1].filename, "等保 报告.png");
    EXPECT_EQ((*parts)[1].data, binary);
}

TEST(Multipart, DecodesRfc2231Names) {
    auto req = form(
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%E7%AD%89%E4%BF%9D.pdf\r\n"
        "\r\n%PDF-1.4\r\n--XyZ--\r\n");
    auto parts = parse_multipart(req, 8);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].filename, "等保.pdf");
    EXPECT_EQ((*parts)[0].data, "%PDF-1.4");
}

TEST(Multipart, RefusesWhatIsNotAFormBody) {
    EXPECT_FALSE(parse_multipart(form("a=b", "application/x-www-form-urlencoded"), 8));
    EXPECT_FALSE(parse_multipart(form("--XyZ\r\n\r\nno disposition\r\n--XyZ--\r\n"), 8));
    std::string many;
    for (int i = 0; i < 10; ++i) {
        many += "--XyZ\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) +
                "\"\r\n\r\nv\r\n";
    }
    EXPECT_FALSE(parse_multipart(form(many + "--XyZ--\r\n"), 8));
    EXPECT_TRUE(parse_multipart(form(many + "--XyZ--\r\n"), 10));
}

}  // namespace
}  // namespace gp::http

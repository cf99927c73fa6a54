#include "media/download_name.hpp"

#include <gtest/gtest.h>

#include "media/file_type.hpp"
#include "media/media_files.hpp"

namespace gp::media {
namespace {

TEST(DisplayName, KeepsOnlyTheLastPathComponent) {
    EXPECT_EQ(display_name("../../etc/passwd", "x"), "passwd");
    EXPECT_EQ(display_name("C:\\Users\\liu\\等保测评报告.pdf", "x"), "等保测评报告.pdf");
    EXPECT_EQ(display_name("/", "附件"), "附件");
}

TEST(DisplayName, DropsControlCharactersNulAndLeadingDots) {
    EXPECT_EQ(display_name(std::string_view("a\0b\r\n.pdf", 9), "x"), "ab.pdf");
    EXPECT_EQ(display_name("..hidden", "x"), "hidden");
    EXPECT_EQ(display_name("...", "附件"), "附件");
}

TEST(DisplayName, DropsBidiOverridesAndBadUtf8) {
    // U+202E would show "gpj.exe" reversed as "exe.jpg".
    EXPECT_EQ(display_name("photo\xE2\x80\xAEgpj.exe", "x"), "photogpj.exe");
    EXPECT_EQ(display_name("bad\xFF\xC0name.pdf", "x"), "badname.pdf");
}

TEST(DisplayName, IsCutAt120Characters) {
    std::string longest;
    for (int i = 0; i < 200; ++i) longest += "等";
    EXPECT_EQ(display_name(longest, "x").size(), 120u * 3);
}

TEST(ContentDisposition, CarriesTheUtf8NameAsFilenameStar) {
    EXPECT_EQ(content_disposition("attachment", "等保.pdf"),
              "attachment; filename=\"______.pdf\"; "
              "filename*=UTF-8''%E7%AD%89%E4%BF%9D.pdf");
    EXPECT_EQ(content_disposition("inline", "a \"b\".pdf"),
              "inline; filename=\"a _b_.pdf\"; filename*=UTF-8''a%20%22b%22.pdf");
}

TEST(MediaFiles, AcceptsOnlyGeneratedNames) {
    const auto name = MediaFiles::new_name(".jpg");
    EXPECT_EQ(name.size(), 36u);
    EXPECT_TRUE(MediaFiles::valid_name(name));
    EXPECT_TRUE(MediaFiles::valid_name(MediaFiles::new_name(".thumb.webp")));
    EXPECT_NE(MediaFiles::new_name(".jpg"), name);
    EXPECT_FALSE(MediaFiles::valid_name("../guardpress.sqlite3"));
    EXPECT_FALSE(MediaFiles::valid_name(name.substr(0, 32)));
    EXPECT_FALSE(MediaFiles::valid_name(name.substr(0, 32) + "./x"));
    EXPECT_FALSE(MediaFiles::valid_name("ABCDEF0123456789ABCDEF0123456789.jpg"));
}

TEST(FileType, AcceptsImagesAndOfficeDocumentsOnly) {
    EXPECT_EQ(accepted_type("image/jpeg")->image, ImageFormat::jpeg);
    EXPECT_EQ(accepted_type("image/gif")->extension, "png");
    EXPECT_EQ(accepted_type("application/pdf")->kind, content::MediaKind::file);
    for (auto refused : {"text/html", "image/svg+xml", "text/x-php", "application/zip",
                         "application/x-executable", "text/plain"}) {
        EXPECT_FALSE(accepted_type(refused)) << refused;
    }
}

TEST(FileType, LibmagicJudgesTheBytes) {
    TypeDetector detector;
    EXPECT_EQ(detector.mime_type("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n"),
              "application/pdf");
    EXPECT_FALSE(detector.detect("<html><script>alert(1)</script></html>"));
    EXPECT_FALSE(detector.detect("<?php system($_GET['c']); ?>"));
}

}  // namespace
}  // namespace gp::media

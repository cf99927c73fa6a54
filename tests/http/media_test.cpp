// Uploads to the media library over real HTTP: type by content, size and pixel limits,
// re-encoding that strips metadata, safe names, downloads, permissions, CSRF and the audit trail.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <vips/vips.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "accounts/roles.hpp"
#include "admin_client.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using accounts::Role;

constexpr std::string_view kPassword = "Qz7#mLp2vR-kelp";

/// An RGB gradient encoded by libvips in `format` ("jpeg", "png", "webp", "gif").
std::string make_image(const std::string& format, int width = 64, int height = 48) {
    static std::once_flag once;
    std::call_once(once, [] { vips_init("media_test"); });
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width * height * 3));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            auto* p = &pixels[static_cast<std::size_t>((y * width + x) * 3)];
            p[0] = static_cast<unsigned char>(x * 4);
            p[1] = static_cast<unsigned char>(y * 5);
            p[2] = 128;
        }
    }
    VipsImage* image = vips_image_new_from_memory(pixels.data(), pixels.size(), width, height, 3,
                                                  VIPS_FORMAT_UCHAR);
    void* buf = nullptr;
    std::size_t len = 0;
    int rc = -1;
    if (format == "jpeg") rc = vips_jpegsave_buffer(image, &buf, &len, nullptr);
    if (format == "png") rc = vips_pngsave_buffer(image, &buf, &len, nullptr);
    if (format == "webp") rc = vips_webpsave_buffer(image, &buf, &len, nullptr);
    if (format == "gif") rc = vips_gifsave_buffer(image, &buf, &len, nullptr);
    g_object_unref(image);
    if (rc != 0) throw std::runtime_error("cannot encode a test image: " + format);
    std::string out(static_cast<const char*>(buf), len);
    g_free(buf);
    return out;
}

std::string be16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string be32(unsigned v) { return be16(v >> 16) + be16(v & 0xFFFF); }

/// A JPEG with an EXIF segment holding a GPS position (39°54'27" N) and a comment, inserted
/// after the start-of-image marker.
std::string jpeg_with_gps() {
    const auto jpeg = make_image("jpeg");
    std::string tiff = "MM" + be16(42) + be32(8);
    // IFD0: one entry, the GPS IFD pointer (tag 0x8825, LONG) → offset 26.
    tiff += be16(1) + be16(0x8825) + be16(4) + be32(1) + be32(26) + be32(0);
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude three RATIONALs at offset 56.
    tiff += be16(2) + be16(0x0001) + be16(2) + be32(2) + std::string("N\0\0\0", 4);
    tiff += be16(0x0002) + be16(5) + be32(3) + be32(56) + be32(0);
    for (unsigned v : {39u, 54u, 27u}) tiff += be32(v) + be32(1);
    const std::string exif = std::string("Exif\0\0", 6) + tiff;
    const std::string app1 = "\xFF\xE1" + be16(static_cast<unsigned>(exif.size() + 2)) + exif;
    const std::string comment = "gp-secret-location 39.9075N";
    const std::string com = "\xFF\xFE" + be16(static_cast<unsigned>(comment.size() + 2)) + comment;
    return jpeg.substr(0, 2) + app1 + com + jpeg.substr(2);
}

std::string png_chunk(const std::string& type, const std::string& data) {
    std::string body = type + data;
    const auto crc =
        crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    return be32(static_cast<unsigned>(data.size())) + body + be32(static_cast<unsigned>(crc));
}

/// A PNG whose header claims 60,000 × 60,000 grey pixels in a few dozen bytes.
std::string png_bomb() {
    std::string ihdr = be32(60000) + be32(60000) + std::string("\x08\x00\x00\x00\x00", 5);
    const std::string row(60001, '\0');
    uLongf size = compressBound(static_cast<uLong>(row.size()));
    std::string idat(size, '\0');
    compress(reinterpret_cast<Bytef*>(idat.data()), &size,
             reinterpret_cast<const Bytef*>(row.data()), static_cast<uLong>(row.size()));
    idat.resize(size);
    return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat) +
           png_chunk("IEND", "");
}

const std::string kPdf =
    "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

struct Upload {
    std::string filename;
    std::string bytes;
    std::string content_type = "application/octet-stream";
};

class MediaTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.settings().media.max_upload_bytes = 1 << 20;
        server.start();
        editor = sign_in("editor.liu", Role::editor);
    }

    std::unique_ptr<AdminClient> sign_in(const std::string& name, Role role) {
        auto created = server.app().account_admin().create_account(
            name, role, nullptr, accounts::Client{"shell", "media_test", ""});
        if (!created) throw std::runtime_error("cannot create " + name);
        auto client = std::make_unique<AdminClient>(server);
        client->first_sign_in(name, created->one_time_password, std::string(kPassword));
        return client;
    }

    /// POSTs a multipart body as a browser would; the CSRF token goes in the form, in the
    /// X-CSRF-Token header, or nowhere.
    Response upload(AdminClient& client, const Upload& file, bool json = true,
                    const std::string& csrf_in = "form") {
        client.get("/admin/media");
        const std::string boundary = "----GuardPressTest7MA4YWxkTrZu0gW";
        std::string body;
        if (csrf_in == "form") {
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" +
                    client.csrf() + "\r\n";
        }
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                file.filename + "\"\r\nContent-Type: " + file.content_type + "\r\n\r\n" +
                file.bytes + "\r\n--" + boundary + "--\r\n";
        http::request<http::string_body> req{http::verb::post, "/admin/media", 11};
        req.set(http::field::content_type, "multipart/form-data; boundary=" + boundary);
        req.set(http::field::origin, "http://127.0.0.1");
        req.set(http::field::cookie, "gp_admin=" + client.cookie("gp_admin"));
        if (json) req.set(http::field::accept, "application/json");
        if (csrf_in == "header") req.set("X-CSRF-Token", client.csrf());
        req.body() = body;
        return server.send(std::move(req));
    }

    static nlohmann::json json_of(const Response& r) {
        return nlohmann::json::parse(r.body(), nullptr, false);
    }

    std::size_t files_on_disk() {
        std::size_t n = 0;
        for (const auto& e : std::filesystem::directory_iterator(server.data_dir() / "media")) {
            (void)e;
            ++n;
        }
        return n;
    }

    TestServer server;
    std::unique_ptr<AdminClient> editor;
};

TEST_F(MediaTest, AnImageIsReEncodedWithAThumbnailAndServedWithItsType) {
    for (const std::string format : {"jpeg", "png", "webp", "gif"}) {
        auto r = upload(*editor, {"图." + format, make_image(format, 400, 300), "image/" + format});
        ASSERT_EQ(r.result_int(), 201) << format << " " << r.body();
        auto j = json_of(r);
        EXPECT_EQ(j["kind"], "image");
        EXPECT_EQ(j["name"], "图." + format);
        const std::string url = j["url"];
        const std::string thumb = j["thumbnail"];
        EXPECT_TRUE(std::regex_match(url, std::regex("/media/[0-9a-f]{32}\\.(jpg|png|webp)")))
            << url;
        auto file = server.get(url);
        ASSERT_EQ(file.result_int(), 200);
        const std::string expected_type = format == "jpeg"   ? "image/jpeg"
                                          : format == "webp" ? "image/webp"
                                                             : "image/png";
        EXPECT_EQ(file[http::field::content_type], expected_type);
        EXPECT_EQ(file["X-Content-Type-Options"], "nosniff");
        EXPECT_NE(file[http::field::cache_control].find("max-age=31536000"), std::string::npos);
        auto small = server.get(thumb);
        ASSERT_EQ(small.result_int(), 200);
        // The thumbnail is the configured width (320) and smaller than the picture.
        VipsImage* t =
            vips_image_new_from_buffer(small.body().data(), small.body().size(), "", nullptr);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(vips_image_get_width(t), 320);
        g_object_unref(t);
    }
    EXPECT_EQ(server.app().store().media().count_media(), 4);
}

TEST_F(MediaTest, ExifGpsAndCommentsAreGoneAfterReEncoding) {
    const auto original = jpeg_with_gps();
    ASSERT_NE(original.find("Exif"), std::string::npos);
    ASSERT_NE(original.find("gp-secret-location"), std::string::npos);
    auto r = upload(*editor, {"现场照片.jpg", original, "image/jpeg"});
    ASSERT_EQ(r.result_int(), 201) << r.body();
    const auto served = server.get(json_of(r)["url"]).body();
    EXPECT_EQ(served.substr(0, 2), "\xFF\xD8");
    EXPECT_EQ(served.find("Exif"), std::string::npos);
    EXPECT_EQ(served.find("gp-secret-location"), std::string::npos);
    EXPECT_EQ(served.find("\xFF\xE1"), std::string::npos);  // no APP1 segment at all
}

TEST_F(MediaTest, BytesAfterAnImageDoNotSurvive) {
    const auto polyglot = make_image("png") + "<?php system($_GET['c']); ?>";
    auto r = upload(*editor, {"logo.png", polyglot, "image/png"});
    ASSERT_EQ(r.result_int(), 201) << r.body();
    const auto served = server.get(json_of(r)["url"]).body();
    EXPECT_EQ(served.find("<?php"), std::string::npos);
}

TEST_F(MediaTest, AFileThatIsNotWhatItsNameSaysIsRefused) {
    const Upload disguised[] = {
        {"photo.png", "<html><body><script>alert(document.cookie)</script></body></html>",
         "image/png"},
        {"avatar.png", "<?php echo shell_exec($_GET['cmd']); ?>\n", "image/png"},
        {"icon.png",
         "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)"
         "</script></svg>",
         "image/png"},
        {"readme.pdf", "plain text pretending to be a PDF", "application/pdf"},
    };
    for (const auto& file : disguised) {
        auto r = upload(*editor, file);
        EXPECT_EQ(r.result_int(), 415) << file.filename;
        EXPECT_NE(json_of(r)["error"].get<std::string>().find("不支持这种文件类型"),
                  std::string::npos);
    }
    EXPECT_EQ(server.app().store().media().count_media(), 0);
    EXPECT_EQ(files_on_disk(), 0u);
}

TEST_F(MediaTest, TooBigAndDecompressionBombsAreRefused) {
    auto r = upload(*editor, {"big.pdf", kPdf + std::string((1 << 20) + 1 - kPdf.size(), ' ')});
    EXPECT_EQ(r.result_int(), 413) << r.body().substr(0, 500);
    EXPECT_NE(json_of(r)["error"].get<std::string>().find("1 MB"), std::string::npos);

    const auto bomb = png_bomb();
    ASSERT_LT(bomb.size(), 1000u);
    r = upload(*editor, {"bomb.png", bomb, "image/png"});
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_NE(json_of(r)["error"].get<std::string>().find("60000×60000"), std::string::npos);
    EXPECT_EQ(files_on_disk(), 0u);
}

TEST_F(MediaTest, ANameThatTriesAPathIsOnlyADisplayName) {
    const std::string name = std::string("../../etc/passwd\0.pdf", 21);
    auto r = upload(*editor, {name, kPdf, "application/pdf"});
    ASSERT_EQ(r.result_int(), 201) << r.body();
    auto j = json_of(r);
    const std::string url = j["url"];
    EXPECT_TRUE(std::regex_match(url, std::regex("/media/[0-9a-f]{32}\\.pdf"))) << url;
    const std::string shown = j["name"];
    EXPECT_EQ(shown.find('/'), std::string::npos);
    EXPECT_EQ(shown.find('\0'), std::string::npos);
    EXPECT_EQ(shown.find(".."), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(server.data_dir().parent_path() / "etc"));
    EXPECT_EQ(files_on_disk(), 1u);
    auto file = server.get(url);
    EXPECT_EQ(file[http::field::content_disposition].find(".."), std::string::npos);
}

TEST_F(MediaTest, APdfIsADownloadWithItsChineseName) {
    auto r = upload(*editor, {"等保测评报告.pdf", kPdf, "text/html"});
    ASSERT_EQ(r.result_int(), 201) << r.body();
    auto j = json_of(r);
    EXPECT_EQ(j["kind"], "file");
    EXPECT_TRUE(j["thumbnail"].is_null());
    auto file = server.get(j["url"]);
    ASSERT_EQ(file.result_int(), 200);
    EXPECT_EQ(file.body(), kPdf);
    EXPECT_EQ(file[http::field::content_type], "application/pdf");
    EXPECT_EQ(file["X-Content-Type-Options"], "nosniff");
    const std::string disposition(file[http::field::content_disposition]);
    EXPECT_TRUE(disposition.starts_with("attachment;")) << disposition;
    EXPECT_NE(disposition.find("filename*=UTF-8''%E7%AD%89%E4%BF%9D"), std::string::npos)
        << disposition;
}

TEST_F(MediaTest, UnknownMediaIsA404Page) {
    for (const auto* target : {"/media/0123456789abcdef0123456789abcdef.jpg", "/media/nothing",
                               "/media/guardpress.key", "/media/.thumb.jpg"}) {
        auto r = server.get(target);
        EXPECT_EQ(r.result_int(), 404) << target;
        EXPECT_NE(r.body().find("不存在"), std::string::npos) << target;
    }
    // An encoded slash is refused before routing.
    EXPECT_EQ(server.get("/media/..%2Fguardpress.sqlite3").result_int(), 400);
}

TEST_F(MediaTest, CsrfIsNeededAsFieldOrHeader) {
    auto r = upload(*editor, {"a.pdf", kPdf}, true, "none");
    EXPECT_EQ(r.result_int(), 403);
    EXPECT_TRUE(json_of(r).contains("error"));
    r = upload(*editor, {"a.pdf", kPdf}, true, "header");
    EXPECT_EQ(r.result_int(), 201) << r.body();
    EXPECT_EQ(server.app().store().media().count_media(), 1);
}

TEST_F(MediaTest, RolesWithoutMediaPermissionsAreRefused) {
    auto auditor = sign_in("audit.sun", Role::audit_admin);
    auto r = upload(*auditor, {"a.pdf", kPdf});
    EXPECT_EQ(r.result_int(), 403);
    EXPECT_EQ(auditor->get("/admin/media").result_int(), 403);
    EXPECT_EQ(server.app().store().media().count_media(), 0);
}

TEST_F(MediaTest, TheLibraryListsItemsForThePickerAndAFormUploadRedirects) {
    auto r = upload(*editor, {"图.png", make_image("png"), "image/png"}, false);
    ASSERT_EQ(r.result_int(), 303);
    EXPECT_TRUE(std::string(r[http::field::location]).starts_with("/admin/media?uploaded="));
    auto page = editor->get("/admin/media");
    ASSERT_EQ(page.result_int(), 200);
    const auto item = server.app().store().media().list_media(1, 0).at(0);
    EXPECT_NE(page.body().find("data-url=\"/media/" + item.stored_name + "\""), std::string::npos);
    EXPECT_NE(page.body().find("data-insert=\"/media/" + item.stored_name + "\""),
              std::string::npos);
    EXPECT_NE(page.body().find("src=\"/media/" + item.thumbnail_name + "\""), std::string::npos);
    // A refused form upload shows the page again with the reason.
    r = upload(*editor, {"x.png", "<html></html>", "image/png"}, false);
    EXPECT_EQ(r.result_int(), 415);
    EXPECT_NE(r.body().find("不支持这种文件类型"), std::string::npos);
    EXPECT_NE(r.body().find("data-media-picker"), std::string::npos) << r.body();
}

TEST_F(MediaTest, DeletingIsRefusedWhileAnArticleUsesTheFile) {
    auto r = upload(*editor, {"图.png", make_image("png"), "image/png"});
    ASSERT_EQ(r.result_int(), 201);
    const std::int64_t id = json_of(r)["id"];
    const std::string url = json_of(r)["url"];
    server.import(R"({"categories": [{"slug": "news", "name": "等保资讯", "parent": null}],
        "articles": [{"title": "等保测评现场", "category": "news",
                      "published_at": "2025-03-11T09:00:00+08:00",
                      "body_html": "<p>现场照片：</p><p><img src=\")" +
                  url + R"(\" alt=\"现场\"></p>", "status": "draft"}]})");
    editor->get("/admin/media");
    r = editor->post("/admin/media/" + std::to_string(id) + "/delete", {});
    EXPECT_EQ(r.result_int(), 409);
    EXPECT_NE(r.body().find("该文件被 1 篇文章引用"), std::string::npos);
    EXPECT_EQ(server.get(url).result_int(), 200);

    auto other = upload(*editor, {"b.pdf", kPdf});
    const std::int64_t unused = json_of(other)["id"];
    const std::string unused_url = json_of(other)["url"];
    editor->get("/admin/media");
    r = editor->post("/admin/media/" + std::to_string(unused) + "/delete", {});
    EXPECT_EQ(r.result_int(), 303);
    EXPECT_EQ(server.get(unused_url).result_int(), 404);
    EXPECT_EQ(files_on_disk(), 2u);  // the used picture and its thumbnail
}

TEST_F(MediaTest, UploadsAndDeletesAreAudited) {
    auto r = upload(*editor, {"a.pdf", kPdf});
    ASSERT_EQ(r.result_int(), 201);
    const std::int64_t id = json_of(r)["id"];
    editor->get("/admin/media");
    editor->post("/admin/media/" + std::to_string(id) + "/delete", {});
    for (const auto* event : {"media.upload", "media.delete"}) {
        store::AuditQuery q;
        q.event = event;
        q.object = "media:" + std::to_string(id);
        const auto records = server.app().store().audit().search(q);
        ASSERT_EQ(records.size(), 1u) << event;
        EXPECT_EQ(records[0].account_name, "editor.liu");
        EXPECT_EQ(records[0].result, "success");
    }
}

/// Runs the server again with `program` as its imaging program.
void use_imaging_program(TestServer& server, std::unique_ptr<AdminClient>& editor,
                         const std::filesystem::path& program, std::chrono::seconds timeout) {
    server.stop();
    server.settings().media.imaging_program = program.string();
    server.settings().media.imaging_timeout = timeout;
    server.start();
    // Sessions live in the store, so the editor's session outlives the restart.
    editor->get("/admin/");
}

/// A stand-in imaging program: a shell script with `body`, made executable.
std::filesystem::path script(const std::filesystem::path& dir, const std::string& name,
                             const std::string& body) {
    const auto path = dir / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
}

/// What `ldd` says `program` loads.
std::string shared_libraries(const std::string& program) {
    std::unique_ptr<FILE, int (*)(FILE*)> ldd(popen(("ldd " + program).c_str(), "r"), pclose);
    if (!ldd) throw std::runtime_error("cannot run ldd");
    std::string out;
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, ldd.get())) out.append(buffer, n);
    return out;
}

TEST_F(MediaTest, ImagesAreReEncodedInAProcessOfTheirOwn) {
    // The server does not load libvips: decoders of untrusted files never run inside it, and
    // the imaging program holds no store.
    const auto server_libraries = shared_libraries(GP_BINARY);
    EXPECT_NE(server_libraries.find("libsqlite3"), std::string::npos) << server_libraries;
    EXPECT_EQ(server_libraries.find("libvips"), std::string::npos) << server_libraries;
    const auto imaging_libraries = shared_libraries(GP_IMAGING);
    EXPECT_NE(imaging_libraries.find("libvips"), std::string::npos) << imaging_libraries;
    EXPECT_EQ(imaging_libraries.find("libsqlite3"), std::string::npos) << imaging_libraries;
    auto r = upload(*editor, {"图.png", make_image("png"), "image/png"});
    EXPECT_EQ(r.result_int(), 201) << r.body();
}

TEST_F(MediaTest, AnImagingProgramThatCannotRunAnswers503AndKeepsNothing) {
    const auto dir = server.data_dir() / "programs";
    std::filesystem::create_directories(dir);
    for (const auto& program : {dir / "missing", script(dir, "exits", "exit 3"),
                                script(dir, "babbles", "echo '{\"status\": \"ok\"}'")}) {
        use_imaging_program(server, editor, program, std::chrono::seconds{30});
        auto r = upload(*editor, {"图.png", make_image("png"), "image/png"});
        EXPECT_EQ(r.result_int(), 503) << program;
        EXPECT_NE(json_of(r)["error"].get<std::string>().find("图片处理暂时不可用"),
                  std::string::npos)
            << r.body();
        EXPECT_EQ(server.app().store().media().count_media(), 0);
        EXPECT_EQ(files_on_disk(), 0u);
    }
}

TEST_F(MediaTest, AnImageThatCrashesOrStallsTheDecoderIsRefused) {
    const auto dir = server.data_dir() / "programs";
    std::filesystem::create_directories(dir);
    // A decoder that dies on the file, and one that never finishes (killed at the timeout).
    for (const auto& program :
         {script(dir, "crashes", "kill -SEGV $$"), script(dir, "stalls", "exec sleep 60")}) {
        use_imaging_program(server, editor, program, std::chrono::seconds{1});
        auto r = upload(*editor, {"图.jpg", make_image("jpeg"), "image/jpeg"});
        EXPECT_EQ(r.result_int(), 400) << program;
        EXPECT_NE(json_of(r)["error"].get<std::string>().find("无法解码"), std::string::npos)
            << r.body();
        EXPECT_EQ(server.app().store().media().count_media(), 0);
        EXPECT_EQ(files_on_disk(), 0u);
    }
}

TEST_F(MediaTest, AnAuditTrailThatCannotBeWrittenKeepsNothing) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit storage is read-only'); END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    auto r = upload(*editor, {"图.png", make_image("png"), "image/png"});
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_NE(json_of(r)["error"].get<std::string>().find("无法写入审计记录"), std::string::npos);
    EXPECT_EQ(server.app().store().media().count_media(), 0);
    EXPECT_EQ(files_on_disk(), 0u);
}

}  // namespace
}  // namespace gp::test

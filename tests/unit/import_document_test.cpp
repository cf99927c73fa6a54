#include "content/import_document.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

namespace gp::content {
namespace {

using nlohmann::json;

json valid_article() {
    return {{"title", "等保2.0测评要点"},
            {"category", "policy"},
            {"published_at", "2025-03-11T09:00:00+08:00"},
            {"keywords", {"网络安全"}},
            {"source", "本站原创"},
            {"source_url", nullptr},
            {"summary", nullptr},
            {"body_html", "<p>正文</p>"},
            {"views", 1102},
            {"status", "published"}};
}

json valid_doc() {
    return {
        {"categories",
         {{{"slug", "news"}, {"name", "等保资讯"}, {"parent", nullptr}, {"subtitle", "了解最新"}},
          {{"slug", "policy"}, {"name", "等保政策"}, {"parent", "news"}}}},
        {"articles", {valid_article()}}};
}

ImportContext store_with(std::set<std::string> slugs = {}, std::set<std::int64_t> ids = {}) {
    return ImportContext{[slugs](std::string_view s) { return slugs.contains(std::string(s)); },
                         [ids](std::int64_t id) { return ids.contains(id); },
                         Time{std::chrono::seconds{1767225600}}};
}

std::string error_of(const json& doc, const ImportContext& ctx = store_with()) {
    auto r = parse_import_document(doc.dump(), ctx);
    if (auto* e = std::get_if<ImportError>(&r)) return e->message();
    return "ok";
}

TEST(ImportDocument, AcceptsTheDocumentedFormat) {
    auto r = parse_import_document(valid_doc().dump(), store_with());
    ASSERT_TRUE(std::holds_alternative<ImportDocument>(r)) << std::get<ImportError>(r).message();
    const auto& doc = std::get<ImportDocument>(r);
    ASSERT_EQ(doc.categories.size(), 2u);
    EXPECT_EQ(doc.categories[1].parent_slug, "news");
    ASSERT_EQ(doc.articles.size(), 1u);
    EXPECT_EQ(doc.articles[0].published_at.time_since_epoch().count(), 1741654800);
    EXPECT_EQ(doc.articles[0].views, 1102);
    EXPECT_EQ(doc.articles[0].keywords, std::vector<std::string>{"网络安全"});
}

struct BadCase {
    const char* what;
    std::function<void(json&)> mutate;
    const char* expected;
};

TEST(ImportDocument, NamesTheFirstBadRecordByItsPath) {
    const std::vector<BadCase> cases{
        {"bad date", [](json& d) { d["articles"][0]["published_at"] = "2025-03-11"; },
         "articles[0].published_at: not an RFC 3339 date"},
        {"unknown field", [](json& d) { d["articles"][0]["author"] = "x"; },
         "articles[0].author: unknown field"},
        {"unknown top field", [](json& d) { d["pages"] = json::array(); }, "pages: unknown field"},
        {"unknown category", [](json& d) { d["articles"][0]["category"] = "nope"; },
         "articles[0].category: unknown category 'nope'"},
        {"long title",
         [](json& d) { d["articles"][0]["title"] = std::string(201 * 3, 'a').substr(0, 201); },
         "articles[0].title: longer than 200 characters"},
        {"long chinese title",
         [](json& d) {
             std::string t;
             for (int i = 0; i < 201; ++i) t += "等";
             d["articles"][0]["title"] = t;
         },
         "articles[0].title: longer than 200 characters"},
        {"wrong type", [](json& d) { d["articles"][0]["views"] = "many"; },
         "articles[0].views: must be a non-negative integer"},
        {"negative views", [](json& d) { d["articles"][0]["views"] = -1; },
         "articles[0].views: must be a non-negative integer"},
        {"title type", [](json& d) { d["articles"][0]["title"] = 5; },
         "articles[0].title: must be a string, not a number"},
        {"status", [](json& d) { d["articles"][0]["status"] = "archived"; },
         "articles[0].status: must be \"draft\" or \"published\""},
        {"big body",
         [](json& d) { d["articles"][0]["body_html"] = std::string(kMaxBodyBytes + 1, 'x'); },
         "articles[0].body_html: larger than 2 MB"},
        // An editor can kill the server with one save: a body of self-closed non-void tags once
        // passed the depth check and took the importing process down with it.
        {"deep body",
         [](json& d) {
             std::string deep;
             while (deep.size() < kMaxBodyBytes - 8) deep += "<x/>";
             d["articles"][0]["body_html"] = deep;
         },
         "articles[0].body_html: elements nested deeper than 200 levels"},
        {"missing body", [](json& d) { d["articles"][0].erase("body_html"); },
         "articles[0].body_html: missing"},
        {"bad slug", [](json& d) { d["categories"][0]["slug"] = "新闻"; },
         "categories[0].slug: must be 1-64 lowercase letters, digits or '-'"},
        {"reserved slug", [](json& d) { d["categories"][0]["slug"] = "tag"; },
         "categories[0].slug: 'tag' is reserved for the site's own pages"},
        {"duplicate slug", [](json& d) { d["categories"][1]["slug"] = "news"; },
         "categories[1].slug: listed twice in this document"},
        {"parent later", [](json& d) { std::swap(d["categories"][0], d["categories"][1]); },
         "categories[0].parent: unknown category 'news' (a parent must be listed before its "
         "children or exist)"},
        {"bad id", [](json& d) { d["articles"][0]["id"] = 0; },
         "articles[0].id: must be a positive integer"},
        {"javascript source",
         [](json& d) { d["articles"][0]["source_url"] = "javascript:alert(1)"; },
         "articles[0].source_url: must be an http:// or https:// URL"},
        {"keyword slash", [](json& d) { d["articles"][0]["keywords"] = {"a/b"}; },
         "articles[0].keywords[0]: must not contain / ? # % \\ or control characters"},
        {"second article",
         [](json& d) {
             auto second = valid_article();
             second["published_at"] = 20250311;
             d["articles"].push_back(second);
         },
         "articles[1].published_at: must be a string or null, not a number"},
        {"not an object", [](json& d) { d = json::array(); }, "the document must be a JSON object"},
    };
    for (const auto& c : cases) {
        auto doc = valid_doc();
        c.mutate(doc);
        EXPECT_EQ(error_of(doc), c.expected) << c.what;
    }
}

TEST(ImportDocument, ChecksAgainstWhatTheStoreHolds) {
    auto doc = valid_doc();
    EXPECT_EQ(error_of(doc, store_with({"news"})),
              "categories[0].slug: a category with this slug already exists");
    json only_articles = {{"articles", {valid_article()}}};
    EXPECT_EQ(error_of(only_articles, store_with({"policy"})), "ok");
    only_articles["articles"][0]["id"] = 7;
    EXPECT_EQ(error_of(only_articles, store_with({"policy"}, {7})),
              "articles[0].id: article 7 already exists");
}

TEST(ImportDocument, BrokenJsonIsAnError) {
    auto r = parse_import_document("{\"articles\": [", store_with());
    ASSERT_TRUE(std::holds_alternative<ImportError>(r));
    EXPECT_NE(std::get<ImportError>(r).message().find("not valid JSON"), std::string::npos);
}

TEST(ImportDocument, ANumberTooLargeForJsonIsAnErrorNotACrash) {
    // Found by the fuzzer: nlohmann reports this as out_of_range, not parse_error.
    for (const char* text : {"99999999999E999999999999", "{\"articles\": [{\"views\": 1e999}]}"}) {
        auto r = parse_import_document(text, store_with());
        ASSERT_TRUE(std::holds_alternative<ImportError>(r)) << text;
        EXPECT_NE(std::get<ImportError>(r).message().find("not valid JSON"), std::string::npos);
    }
}

TEST(ImportDocument, DraftsMayOmitTheirDate) {
    json doc = {
        {"articles",
         {{{"title", "草稿"}, {"category", "policy"}, {"body_html", ""}, {"status", "draft"}}}}};
    auto r = parse_import_document(doc.dump(), store_with({"policy"}));
    ASSERT_TRUE(std::holds_alternative<ImportDocument>(r));
    EXPECT_EQ(std::get<ImportDocument>(r).articles[0].status, ArticleStatus::draft);
    doc["articles"][0]["status"] = "published";
    EXPECT_EQ(error_of(doc, store_with({"policy"})),
              "articles[0].published_at: missing (required for a published article)");
}

TEST(ImportDocument, HoldsArticlesToTheEditorsLimits) {
    // One set of limits for the import and the editor's form (content::ArticleLimits), so that
    // an imported article can be saved again in the editor.
    auto at_limit = valid_doc();
    json keywords = json::array();
    for (std::size_t i = 0; i < kArticleLimits.keywords; ++i) {
        keywords.push_back("词" + std::to_string(i));
    }
    at_limit["articles"][0]["keywords"] = keywords;
    std::string title;
    for (std::size_t i = 0; i < kArticleLimits.title_chars; ++i) title += "测";
    at_limit["articles"][0]["title"] = title;
    at_limit["articles"][0]["source_url"] =
        "https://example.cn/" + std::string(kArticleLimits.source_url_bytes - 19, 'a');
    EXPECT_EQ(error_of(at_limit), "ok");

    auto many = at_limit;
    many["articles"][0]["keywords"].push_back("又一个");
    EXPECT_EQ(kArticleLimits.keywords, 10u);
    EXPECT_EQ(error_of(many), "articles[0].keywords: more than 10 keywords");

    auto long_title = at_limit;
    long_title["articles"][0]["title"] = title + "测";
    EXPECT_EQ(error_of(long_title), "articles[0].title: longer than 200 characters");

    auto long_url = at_limit;
    long_url["articles"][0]["source_url"] =
        at_limit["articles"][0]["source_url"].get<std::string>() + "a";
    EXPECT_EQ(error_of(long_url), "articles[0].source_url: must be an http:// or https:// URL");
}

}  // namespace
}  // namespace gp::content

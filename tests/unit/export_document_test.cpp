#include "content/export_document.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

ImportDocument two_categories_child_first() {
    ImportDocument doc;
    // A category moved under one created after it comes first in the site's order.
    doc.categories.push_back({"local", "地方政策", "", std::string("policy")});
    doc.categories.push_back({"policy", "等保政策", "政策解读", std::nullopt});
    NewArticle a;
    a.id = 7;
    a.title = "通知";
    a.category_slug = "local";
    a.status = ArticleStatus::draft;
    a.published_at = Time{std::chrono::seconds{1741654800}};
    a.keywords = {"等保", "测评"};
    a.source = "本站";
    a.summary = "摘要";
    a.body_html = "<p>正文</p>";
    a.views = 3;
    doc.articles.push_back(a);
    return doc;
}

TEST(ExportDocument, WritesTheImportFormatParentsFirst) {
    EXPECT_EQ(export_document(two_categories_child_first()), R"({
  "articles": [
    {
      "body_html": "<p>正文</p>",
      "category": "local",
      "id": 7,
      "keywords": [
        "等保",
        "测评"
      ],
      "published_at": "2025-03-11T01:00:00Z",
      "source": "本站",
      "source_url": null,
      "status": "draft",
      "summary": "摘要",
      "title": "通知",
      "views": 3
    }
  ],
  "categories": [
    {
      "name": "等保政策",
      "parent": null,
      "slug": "policy",
      "subtitle": "政策解读"
    },
    {
      "name": "地方政策",
      "parent": "policy",
      "slug": "local",
      "subtitle": ""
    }
  ]
}
)");
}

TEST(ExportDocument, ParsesBackToTheSameDocument) {
    auto doc = two_categories_child_first();
    std::swap(doc.categories[0], doc.categories[1]);
    const auto text = export_document(doc);
    const auto parsed = parse_import_document(text, ImportContext{{}, {}, Time{}});
    ASSERT_TRUE(std::holds_alternative<ImportDocument>(parsed))
        << std::get<ImportError>(parsed).message();
    EXPECT_EQ(export_document(std::get<ImportDocument>(parsed)), text);
}

}  // namespace
}  // namespace gp::content

// Import and export on every backend: checks against the store, all or nothing, and an export
// that imports into an empty store unchanged.
#include <nlohmann/json.hpp>

#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class TransferContract : public Contract<Backend> {};
TYPED_TEST_SUITE(TransferContract, Backends, BackendNames);

TYPED_TEST(TransferContract, ExportThenImportIntoAnEmptyStoreReproducesIt) {
    this->seed();
    this->s_.articles.add_views({{2, 9}}, "");
    const auto exported = this->s_.transfer.export_json();
    const auto doc = nlohmann::json::parse(exported);
    EXPECT_EQ(doc["articles"].size(), 8u);
    EXPECT_EQ(doc["articles"][1]["views"], 9);
    EXPECT_EQ(doc["articles"][0]["published_at"], "2025-03-01T01:00:00Z");

    TypeParam other;
    auto stores = other.stores();
    const auto result = stores.transfer.import_json(exported, kNow);
    ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
        << std::get<content::ImportError>(result).message();
    EXPECT_EQ(stores.transfer.export_json(), exported);
}

TYPED_TEST(TransferContract, ABadRecordStopsTheImportAndNothingIsWritten) {
    this->seed();
    const auto before = this->s_.transfer.export_json();
    const std::string doc = R"({"categories": [{"slug": "training", "name": "等保培训"}],
        "articles": [{"title": "新文章", "category": "training", "published_at": "2025-03-01T09:00:00+08:00", "body_html": "<p>正文</p>"},
                     {"id": 3, "title": "编号已被占用", "category": "policy", "published_at": "2025-03-01T09:00:00+08:00", "body_html": "<p>正文</p>"}]})";
    const auto result = this->s_.transfer.import_json(doc, kNow);
    ASSERT_TRUE(std::holds_alternative<content::ImportError>(result));
    EXPECT_EQ(std::get<content::ImportError>(result).path, "articles[1].id");
    EXPECT_EQ(this->s_.transfer.export_json(), before);
}

TYPED_TEST(TransferContract, ArticlesWithoutAnIdFollowTheLargestId) {
    this->seed();
    const std::string doc = R"({"articles": [
        {"title": "不带编号的文章", "category": "cases", "published_at": "2025-03-09T09:00:00+08:00", "body_html": "<p>正文</p>"},
        {"id": 20, "title": "带编号的文章", "category": "cases", "published_at": "2025-03-09T10:00:00+08:00", "body_html": "<p>正文</p>"},
        {"title": "又一篇", "category": "cases", "published_at": "2025-03-09T11:00:00+08:00", "body_html": "<p>正文</p>"}]})";
    const auto result = this->s_.transfer.import_json(doc, kNow);
    ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
        << std::get<content::ImportError>(result).message();
    const std::vector<std::int64_t> cases{this->category("cases")};
    std::vector<std::int64_t> ids;
    for (const auto& a : this->s_.articles.list_visible(cases, kNow, 0, 10)) ids.push_back(a.id);
    EXPECT_EQ(ids, (std::vector<std::int64_t>{21, 20, 9, 8}));
}

}  // namespace
}  // namespace gp::test

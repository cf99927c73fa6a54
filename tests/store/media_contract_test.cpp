// The media library's rows on every backend: items are added with their audit record, listed
// newest first, found by either stored name, and not deleted while an article of any state
// still links to them.
#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class MediaContract : public Contract<Backend> {
protected:
    void SetUp() override { this->seed(); }

    content::MediaItem image(const std::string& name, content::Time created) {
        content::MediaItem m;
        m.stored_name = name + ".webp";
        m.thumbnail_name = name + "-thumb.webp";
        m.display_name = "拓扑图.png";
        m.mime_type = "image/webp";
        m.kind = content::MediaKind::image;
        m.bytes = 48213;
        m.width = 1200;
        m.height = 800;
        m.created_at = created;
        m.uploaded_by = "ed.li";
        return m;
    }
    content::MediaItem file(const std::string& name, content::Time created) {
        content::MediaItem m;
        m.stored_name = name + ".pdf";
        m.display_name = "定级报告模板.pdf";
        m.mime_type = "application/pdf";
        m.kind = content::MediaKind::file;
        m.bytes = 1024;
        m.created_at = created;
        m.uploaded_by = "ed.wu";
        return m;
    }
    std::int64_t add(const content::MediaItem& item) {
        return this->s_.media.add_media(item, this->record("media.upload"));
    }
    std::int64_t audit_count() { return this->s_.audit.count(store::AuditQuery{}); }
};
TYPED_TEST_SUITE(MediaContract, Backends, BackendNames);

TYPED_TEST(MediaContract, AnAddedItemIsFoundWithEveryFieldAndAudited) {
    const auto item = this->image("a1b2", kNow);
    const auto id = this->add(item);
    EXPECT_GT(id, 0);
    const auto found = this->s_.media.find_media(id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->stored_name, "a1b2.webp");
    EXPECT_EQ(found->thumbnail_name, "a1b2-thumb.webp");
    EXPECT_EQ(found->display_name, "拓扑图.png");
    EXPECT_EQ(found->mime_type, "image/webp");
    EXPECT_EQ(found->kind, content::MediaKind::image);
    EXPECT_EQ(found->bytes, 48213);
    EXPECT_EQ(found->width, 1200);
    EXPECT_EQ(found->height, 800);
    EXPECT_EQ(found->created_at, kNow);
    EXPECT_EQ(found->uploaded_by, "ed.li");
    EXPECT_FALSE(this->s_.media.find_media(id + 100));

    store::AuditQuery q;
    q.object = "media:" + std::to_string(id);
    const auto records = this->s_.audit.search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].event, "media.upload");
}

TYPED_TEST(MediaContract, FoundByTheStoredOrTheThumbnailName) {
    const auto id = this->add(this->image("c3d4", kNow));
    const auto doc = this->add(this->file("e5f6", kNow));
    EXPECT_EQ(this->s_.media.find_media_file("c3d4.webp")->id, id);
    EXPECT_EQ(this->s_.media.find_media_file("c3d4-thumb.webp")->id, id);
    EXPECT_EQ(this->s_.media.find_media_file("e5f6.pdf")->id, doc);
    EXPECT_EQ(this->s_.media.find_media_file("e5f6.pdf")->kind, content::MediaKind::file);
    EXPECT_FALSE(this->s_.media.find_media_file("nothing.webp"));
}

TYPED_TEST(MediaContract, ListsNewestFirstInPages) {
    const auto first = this->add(this->image("01", kNow));
    const auto second = this->add(this->file("02", kNow + std::chrono::minutes(1)));
    const auto third = this->add(this->image("03", kNow + std::chrono::minutes(1)));
    EXPECT_EQ(this->s_.media.count_media(), 3);
    const auto all = this->s_.media.list_media(10, 0);
    ASSERT_EQ(all.size(), 3u);
    // Same time: the later upload first.
    EXPECT_EQ(all[0].id, third);
    EXPECT_EQ(all[1].id, second);
    EXPECT_EQ(all[2].id, first);
    const auto page = this->s_.media.list_media(1, 1);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].id, second);
    EXPECT_TRUE(this->s_.media.list_media(10, 3).empty());
}

TYPED_TEST(MediaContract, TheSameStoredNameIsRefusedAndNothingIsAudited) {
    this->add(this->image("dup", kNow));
    const auto audits = this->audit_count();
    EXPECT_THROW(this->add(this->image("dup", kNow)), std::exception);
    EXPECT_EQ(this->s_.media.count_media(), 1);
    EXPECT_EQ(this->audit_count(), audits);
}

TYPED_TEST(MediaContract, AnItemInUseIsNotDeleted) {
    const auto item = this->image("used", kNow);
    const auto id = this->add(item);
    auto stored = *this->s_.media.find_media(id);
    EXPECT_EQ(this->s_.media.count_media_references(stored), 0);

    // A draft that shows the thumbnail, and a published article that links the full image.
    content::ArticleFields f;
    f.title = "拓扑示例";
    f.category_id = this->category("cases");
    f.body_html = "<p><img src=\"/media/used-thumb.webp\"></p>";
    this->s_.editorial.create_article(f, "ed.li", kNow, "", {});
    this->backend_.execute(
        "UPDATE articles SET body_html = '<p><a href=\"/media/used.webp\">原图</a></p>' "
        "WHERE id = 8");
    EXPECT_EQ(this->s_.media.count_media_references(stored), 2);

    const auto audits = this->audit_count();
    const auto refused = this->s_.media.delete_media(id, this->record("media.delete"));
    EXPECT_TRUE(refused.found);
    EXPECT_EQ(refused.used_by, 2);
    EXPECT_FALSE(refused.deleted);
    EXPECT_TRUE(this->s_.media.find_media(id));
    EXPECT_EQ(this->audit_count(), audits);
}

TYPED_TEST(MediaContract, AnUnusedItemIsDeletedWithItsAuditRecord) {
    const auto id = this->add(this->file("gone", kNow));
    // Another item's name contains nothing of this one's: no reference.
    this->backend_.execute(
        "UPDATE articles SET body_html = '<p><a href=\"/media/other.pdf\">x</a></p>' WHERE id = 1");
    const auto audits = this->audit_count();
    const auto done = this->s_.media.delete_media(id, this->record("media.delete"));
    EXPECT_TRUE(done.found);
    EXPECT_EQ(done.used_by, 0);
    EXPECT_TRUE(done.deleted);
    EXPECT_FALSE(this->s_.media.find_media(id));
    EXPECT_EQ(this->s_.media.count_media(), 0);
    EXPECT_EQ(this->audit_count(), audits + 1);
    store::AuditQuery q;
    q.event = "media.delete";
    const auto records = this->s_.audit.search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].object_id, std::to_string(id));
    EXPECT_EQ(records[0].detail, "gone.pdf");

    const auto missing = this->s_.media.delete_media(id, this->record("media.delete"));
    EXPECT_FALSE(missing.found);
    EXPECT_FALSE(missing.deleted);
    EXPECT_EQ(this->audit_count(), audits + 1);
}

}  // namespace
}  // namespace gp::test

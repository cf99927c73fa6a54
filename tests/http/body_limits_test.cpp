#include "app/body_limits.hpp"

#include <gtest/gtest.h>

namespace gp::app {
namespace {

using http::Verb;

class BodyLimitsTest : public ::testing::Test {
protected:
    BodyLimitsTest() {
        settings.server.body_limit = 1000;
        settings.server.admin_body_limit = 50'000;
        settings.media.max_upload_bytes = 1'000'000;
    }
    std::size_t limit(Verb method, std::string_view target) {
        return body_limits(settings)(method, target).body_limit;
    }
    config::Settings settings;
};

TEST_F(BodyLimitsTest, PublicRequestsGetTheServerBodyLimit) {
    EXPECT_EQ(limit(Verb::post, "/callback"), 1000u);
    EXPECT_EQ(limit(Verb::post, "/admin"), 1000u);
    EXPECT_EQ(limit(Verb::post, "/x/admin/"), 1000u);
}

TEST_F(BodyLimitsTest, BackEndRequestsGetTheAdminLimit) {
    EXPECT_EQ(limit(Verb::post, "/admin/articles/7"), 50'000u);
    EXPECT_EQ(limit(Verb::get, "/admin/media"), 50'000u);
    EXPECT_EQ(limit(Verb::post, "/admin/media/3/delete"), 50'000u);
}

TEST_F(BodyLimitsTest, TheUploadGetsTheFileSizePlusRoomForTheForm) {
    EXPECT_EQ(limit(Verb::post, "/admin/media"), 1'000'000u + (256u << 10));
    EXPECT_EQ(limit(Verb::post, "/admin/media?folder=2"), 1'000'000u + (256u << 10));
}

TEST_F(BodyLimitsTest, TheUploadNeverGetsLessThanTheAdminLimit) {
    settings.server.admin_body_limit = 8u << 20;
    settings.media.max_upload_bytes = 10;
    EXPECT_EQ(limit(Verb::post, "/admin/media"), 8u << 20);
}

}  // namespace
}  // namespace gp::app

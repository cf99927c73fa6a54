#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "config/load.hpp"

namespace gp::config {
namespace {

class ConfigTest : public ::testing::Test {
protected:
    std::filesystem::path write(const std::string& text) {
        std::ofstream(path_) << text;
        return path_;
    }
    void TearDown() override {
        std::filesystem::remove(path_);
        unsetenv("GP_SERVER__LISTEN");
        unsetenv("GP_SITE__PER_PAGE");
    }
    std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                  ("gp-config-" + std::to_string(::getpid()) + ".toml");
};

std::string error_of(const std::optional<std::filesystem::path>& file) {
    try {
        load_settings(file, "/theme");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "ok";
}

TEST_F(ConfigTest, DefaultsWithoutAFile) {
    const auto s = load_settings(std::nullopt, "/theme");
    EXPECT_EQ(s.server.listen, "127.0.0.1:8080");
    EXPECT_EQ(s.site.time_zone, "Asia/Shanghai");
    EXPECT_EQ(s.site.per_page, 20);
    EXPECT_EQ(s.site.theme_dir, "/theme");
}

TEST_F(ConfigTest, ReadsKnownKeys) {
    const auto s = load_settings(write("[site]\nname = \"测评网\"\nper_page = 10\n"
                                       "[widgets]\nconsult_url = \"https://kf.example/1\"\n"),
                                 "/theme");
    EXPECT_EQ(s.site.name, "测评网");
    EXPECT_EQ(s.site.per_page, 10);
    EXPECT_EQ(s.widgets.consult_url, "https://kf.example/1");
}

TEST_F(ConfigTest, BadKeysNameTheFileKeyAndReason) {
    const auto file = path_.string();
    EXPECT_EQ(error_of(write("[site]\nnmae = \"x\"\n")), file + ": site.nmae: unknown key");
    EXPECT_EQ(error_of(write("[sitee]\nname = \"x\"\n")), file + ": [sitee]: unknown section");
    EXPECT_EQ(error_of(write("[site]\nper_page = \"ten\"\n")),
              file + ": site.per_page: expected an integer");
    EXPECT_EQ(error_of(write("[site]\nper_page = 0\n")),
              file + ": site.per_page: must be between 1 and 200");
    EXPECT_EQ(
        error_of(write("[widgets]\nconsult_url = \"javascript:alert(1)\"\n")),
        file + ": widgets: 'javascript:alert(1)' must be an http(s) URL or a path starting with /");
    EXPECT_NE(error_of(write("[site\n")).find(file + ":1:"), std::string::npos);
}

TEST_F(ConfigTest, TheDocumentedExampleIsValidAndMatchesTheDefaults) {
    const auto example =
        load_settings(std::filesystem::path(GP_SOURCE_DIR) / "guardpress.example.toml", "/theme");
    const auto defaults = load_settings(std::nullopt, "/theme");
    EXPECT_EQ(example.server.listen, defaults.server.listen);
    EXPECT_EQ(example.server.header_limit, defaults.server.header_limit);
    EXPECT_EQ(example.site.name, defaults.site.name);
    EXPECT_EQ(example.site.per_page, defaults.site.per_page);
    EXPECT_EQ(example.widgets.consult_url, defaults.widgets.consult_url);
    EXPECT_EQ(example.views.flush_interval, defaults.views.flush_interval);
    const auto& a = example.accounts;
    const auto& d = defaults.accounts;
    EXPECT_EQ(a.password_min_length, d.password_min_length);
    EXPECT_EQ(a.password_min_classes, d.password_min_classes);
    EXPECT_EQ(a.password_max_age_days, d.password_max_age_days);
    EXPECT_EQ(a.password_history, d.password_history);
    EXPECT_EQ(a.lockout_threshold, d.lockout_threshold);
    EXPECT_EQ(a.lockout_window, d.lockout_window);
    EXPECT_EQ(a.lockout_duration, d.lockout_duration);
    EXPECT_EQ(a.login_ip_limit, d.login_ip_limit);
    EXPECT_EQ(a.session_idle, d.session_idle);
    EXPECT_EQ(a.session_absolute, d.session_absolute);
    EXPECT_EQ(example.cache.backend, defaults.cache.backend);
    EXPECT_EQ(example.cache.redis_url, defaults.cache.redis_url);
    EXPECT_EQ(example.cache.key_namespace, defaults.cache.key_namespace);
    EXPECT_EQ(example.cache.timeout, defaults.cache.timeout);
    EXPECT_EQ(example.editorial.reviews_required, defaults.editorial.reviews_required);
}

TEST_F(ConfigTest, ReviewCanBeSkippedTheReviewCountCanOnlyBeRaised) {
    const auto file = path_.string();
    EXPECT_EQ(load_settings(std::nullopt, "/theme").editorial.reviews_required, 1);
    EXPECT_EQ(load_settings(write("[editorial]\nreviews_required = 3\n"), "/theme")
                  .editorial.reviews_required,
              3);
    const std::string why =
        ": editorial.reviews_required: must be at least 1: an article is published only after a "
        "review by someone other than its author";
    EXPECT_EQ(error_of(write("[editorial]\nreviews_required = 0\n")), file + why);
    EXPECT_EQ(error_of(write("[editorial]\nreviews_required = -1\n")), file + why);
    EXPECT_EQ(error_of(write("[editorial]\nreviews_required = 10\n")),
              file + ": editorial.reviews_required: must be at most 9");
    setenv("GP_EDITORIAL__REVIEWS_REQUIRED", "0", 1);
    const auto env = error_of(std::nullopt);
    unsetenv("GP_EDITORIAL__REVIEWS_REQUIRED");
    EXPECT_EQ(env.find("environment GP_EDITORIAL__REVIEWS_REQUIRED: must be at least 1"), 0u)
        << env;
}

TEST_F(ConfigTest, ReadsTheRedisCacheSettings) {
    const auto s = load_settings(write("[cache]\nbackend = \"redis\"\n"
                                       "redis_url = \"redis://:s3cret@10.0.0.5:6380/2\"\n"
                                       "namespace = \"site-a\"\ntimeout_ms = 50\n"),
                                 "/theme");
    EXPECT_EQ(s.cache.backend, CacheBackend::redis);
    EXPECT_EQ(s.cache.redis_host, "10.0.0.5");
    EXPECT_EQ(s.cache.redis_port, 6380);
    EXPECT_EQ(s.cache.redis_db, 2);
    EXPECT_EQ(s.cache.redis_password, "s3cret");
    EXPECT_EQ(s.cache.key_namespace, "site-a");
    EXPECT_EQ(s.cache.timeout, std::chrono::milliseconds(50));
    const auto d =
        load_settings(write("[cache]\nredis_url = \"redis://cache.internal\"\n"), "/theme");
    EXPECT_EQ(d.cache.backend, CacheBackend::memory);
    EXPECT_EQ(d.cache.redis_host, "cache.internal");
    EXPECT_EQ(d.cache.redis_port, 6379);
    EXPECT_EQ(d.cache.redis_db, 0);
    EXPECT_EQ(d.cache.redis_password, "");
}

TEST_F(ConfigTest, BadCacheSettingsNameTheKey) {
    const auto file = path_.string();
    EXPECT_EQ(error_of(write("[cache]\nbackend = \"memcached\"\n")),
              file + ": cache.backend: expected \"memory\" or \"redis\"");
    EXPECT_EQ(error_of(write("[cache]\nredis_url = \"http://127.0.0.1:6379\"\n")),
              file + ": cache.redis_url: expected redis://[:password@]host[:port][/db]");
    EXPECT_EQ(error_of(write("[cache]\nredis_url = \"redis://127.0.0.1:99999\"\n")),
              file + ": cache.redis_url: the port must be between 1 and 65535");
    EXPECT_EQ(error_of(write("[cache]\nredis_url = \"redis://127.0.0.1/16\"\n")),
              file + ": cache.redis_url: the database number must be between 0 and 15");
    EXPECT_EQ(error_of(write("[cache]\nredis_url = \"rediss://127.0.0.1\"\n")),
              file + ": cache.redis_url: TLS (rediss://) is not supported; use redis://");
    EXPECT_EQ(
        error_of(write("[cache]\nredis_url = \"redis://admin:pw@127.0.0.1\"\n")),
        file + ": cache.redis_url: a user name is not supported; write redis://:password@host");
    EXPECT_EQ(error_of(write("[cache]\nnamespace = \"two words\"\n")),
              file + ": cache.namespace: expected 1 to 64 letters, digits or _ . : -");
    EXPECT_EQ(error_of(write("[cache]\ntimeout_ms = 0\n")),
              file + ": cache.timeout_ms: must be between 10 and 10000");
    setenv("GP_CACHE__BACKEND", "disk", 1);
    EXPECT_EQ(error_of(std::nullopt),
              "environment GP_CACHE__BACKEND: expected \"memory\" or \"redis\"");
    unsetenv("GP_CACHE__BACKEND");
}

TEST_F(ConfigTest, SessionTimeoutsCannotBeSetPastTheAssessorsLimits) {
    // An idle time-out over 30 minutes would fail MLPS 8.1.4.1 b; the loader refuses it.
    EXPECT_NE(error_of(write("[accounts]\nsession_idle = 3600\n")).find("between 60 and 1800"),
              std::string::npos);
    EXPECT_NE(error_of(write("[accounts]\nlockout_threshold = 50\n")).find("between 3 and 10"),
              std::string::npos);
}

TEST_F(ConfigTest, TheStoreIsSqliteUnlessPostgresIsNamedWithItsAddress) {
    EXPECT_EQ(load_settings(std::nullopt, "/theme").store.backend, StoreBackend::sqlite);
    const auto s = load_settings(write("[store]\nbackend = \"postgres\"\n"
                                       "url = \"postgresql://gp@db.internal/site\"\n"
                                       "pool_size = 16\n"),
                                 "/theme");
    EXPECT_EQ(s.store.backend, StoreBackend::postgres);
    EXPECT_EQ(s.store.url, "postgresql://gp@db.internal/site");
    EXPECT_EQ(s.store.pool_size, 16u);
    EXPECT_NE(error_of(write("[store]\nbackend = \"postgres\"\n")).find("store.url: needed"),
              std::string::npos);
    EXPECT_NE(error_of(write("[store]\nbackend = \"mysql\"\n"))
                  .find("store.backend: expected \"sqlite\" or \"postgres\""),
              std::string::npos);
    EXPECT_NE(error_of(write("[store]\npool_size = 0\n")).find("store.pool_size"),
              std::string::npos);
}

TEST_F(ConfigTest, EnvironmentOverridesTheFile) {
    setenv("GP_SERVER__LISTEN", "127.0.0.1:9999", 1);
    const auto s = load_settings(write("[server]\nlisten = \"127.0.0.1:8081\"\n"), "/theme");
    EXPECT_EQ(s.server.listen, "127.0.0.1:9999");
    setenv("GP_SITE__PER_PAGE", "lots", 1);
    EXPECT_EQ(error_of(std::nullopt), "environment GP_SITE__PER_PAGE: expected an integer");
}

}  // namespace
}  // namespace gp::config

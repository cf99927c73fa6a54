#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gp::config {

struct ServerSettings {
    std::string listen = "127.0.0.1:8080";
    int io_threads = 1;
    int worker_threads = 2;
    std::size_t header_limit = 8 * 1024;
    std::size_t body_limit = 64 * 1024;
    std::size_t admin_body_limit = 8 * 1024 * 1024;
    std::chrono::seconds read_timeout{15};
    std::chrono::seconds idle_timeout{30};
    std::vector<std::string> trusted_proxies;
    bool access_log = true;  ///< one log line per request
};

struct SiteSettings {
    std::string name = "GuardPress 等保资讯";
    std::string tagline = "网络安全等级保护测评与咨询";
    std::string time_zone = "Asia/Shanghai";
    std::filesystem::path theme_dir;  ///< holds templates/ and static/
    std::string icp_record;           ///< ICP 备案号, e.g. 京ICP备12345678号-1
    std::string police_record;        ///< 公安备案号
    std::string hotline;              ///< shown in the header, e.g. 400-000-0000
    int per_page = 20;
    std::string base_url;          ///< "https://www.example.com": canonical links, sitemaps, feeds
    std::string keywords;          ///< site-wide meta keywords (the fallback for every page)
    std::string description;       ///< site-wide meta description; empty: the tagline
    std::string share_image;       ///< path or URL of the default sharing image
    std::string logo_url;          ///< the header logo (path on this site); empty: a drawn mark
    std::string analytics_script;  ///< a script on this site (/static/…) for self-hosted analytics
};

struct WidgetSettings {
    std::string consult_label = "等保测评咨询";
    std::string consult_url = "https://guardpress.example/consult";
    std::string wechat_url = "https://guardpress.example/wechat";
    std::string wechat_caption = "微信扫一扫，获取等保资料";
};

struct LeadSettings {
    std::filesystem::path key_file;  ///< empty: DATA_DIR/guardpress.key
    int per_ip_limit = 5;
    std::chrono::seconds per_ip_window{600};
    int per_number_limit = 3;
    std::chrono::seconds per_number_window{86400};
    std::chrono::seconds form_token_lifetime{86400};
    std::string collector;                   ///< who collects, for the notice; empty: site name
    std::string notice_version = "2026-11";  ///< stored with each lead's consent
    std::string webhook_url;                 ///< empty: notifications stay queued
    std::string webhook_format = "wecom";    ///< wecom, dingtalk or json
    std::chrono::seconds notify_interval{5};
    int notify_max_attempts = 10;
    int retention_closed_days = 90;
    int retention_unhandled_days = 180;
};

struct FeedSettings {
    bool full_content = false;  ///< whole bodies in RSS, or summaries
    int items = 20;
};

struct ViewSettings {
    std::chrono::seconds flush_interval{5};
};

/// The back end's sign-in and session rules (MLPS 8.1.4.1; docs/compliance.md).
struct AccountSettings {
    int password_min_length = 8;
    int password_min_classes = 3;
    bool password_dictionary_check = true;
    std::string password_banned_words;  ///< space-separated, e.g. the company's name
    int password_max_age_days = 90;
    int password_history = 5;
    int lockout_threshold = 5;
    std::chrono::seconds lockout_window{900};
    std::chrono::seconds lockout_duration{1800};
    int login_ip_limit = 20;
    std::chrono::seconds login_ip_window{900};
    std::chrono::seconds session_idle{900};
    std::chrono::seconds session_absolute{28800};
};

/// The back end's editorial rules (docs/adr/0019-review-before-publishing.md).
struct EditorialSettings {
    /// Approvals by distinct reviewers, none of whom wrote the article, that publishing needs.
    /// At least 1: the setting can add reviewers, never remove the review.
    int reviews_required = 1;
};

/// Where view and search counts and rate limits live: this process, or a Redis shared by
/// every `serve` node (docs/design.md "Several nodes", docs/adr/0016-redis-shared-state.md).
enum class CacheBackend { memory, redis };

struct CacheSettings {
    bool enabled = true;                ///< needs site.base_url (pages hold absolute URLs)
    std::size_t max_bytes = 16u << 20;  ///< memory for cached pages, all variants
    std::chrono::milliseconds check_interval{250};  ///< how often the change log is read
    std::chrono::seconds max_age{3600};             ///< a page is rendered again after this long
    CacheBackend backend = CacheBackend::memory;
    /// redis://[:password@]host[:port][/db]; the parts below are read from it.
    std::string redis_url = "redis://127.0.0.1:6379/0";
    std::string redis_host = "127.0.0.1";
    int redis_port = 6379;
    int redis_db = 0;
    std::string redis_password;
    /// Prefix of every key, so several sites can share one Redis.
    std::string key_namespace = "guardpress";
    /// Bounds connecting to Redis and each command.
    std::chrono::milliseconds timeout{200};
};

/// Related articles, worked out off the request path (docs/adr/0015).
struct SearchSettings {
    /// How often lists of changed, missing or day-old lists are worked out; 0 turns the pass
    /// off (pages then work out lists that are missing on each render).
    std::chrono::milliseconds related_interval{2000};
};

/// Uploads to the media library (docs/adr/0012-media-uploads.md).
struct MediaSettings {
    std::size_t max_upload_bytes = 10u << 20;    ///< one uploaded file, before re-encoding
    std::int64_t max_image_pixels = 40'000'000;  ///< width × height; refuses decompression bombs
    int thumbnail_width = 320;                   ///< the library's thumbnails, in pixels
    int jpeg_quality = 85;                       ///< re-encoded JPEG and WebP images
    /// The program that re-encodes images (docs/adr/0017-imaging-out-of-process.md); empty
    /// means `guardpress-imaging` beside the running executable.
    std::string imaging_program;
    std::chrono::seconds imaging_timeout{30};  ///< per image; then it is killed and refused
};

/// Where the content, accounts, leads and audit trail live (docs/design.md "Store").
enum class StoreBackend { sqlite, postgres };

struct DatabaseSettings {
    /// SQLite: one file in the data dir. PostgreSQL: shared by every `serve` node.
    StoreBackend backend = StoreBackend::sqlite;
    std::string url;            ///< PostgreSQL: a libpq URI or connection string
    std::size_t pool_size = 8;  ///< PostgreSQL: connections held by this process at most
};

struct Settings {
    DatabaseSettings store;
    ServerSettings server;
    SiteSettings site;
    WidgetSettings widgets;
    LeadSettings leads;
    FeedSettings feeds;
    ViewSettings views;
    AccountSettings accounts;
    EditorialSettings editorial;
    CacheSettings cache;
    SearchSettings search;
    MediaSettings media;
};

}  // namespace gp::config

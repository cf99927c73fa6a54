#include "config/load.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <functional>
#include <limits>

namespace gp::config {
namespace {

// A value from either TOML or an environment variable; both end up as this.
struct RawValue {
    const toml::node* node = nullptr;  // from the file
    const char* env = nullptr;         // from the environment
};

using Apply = std::function<void(Settings&, const RawValue&)>;

struct Key {
    std::string_view section;
    std::string_view name;
    Apply apply;
};

[[noreturn]] void bad(std::string_view what) { throw std::invalid_argument(std::string(what)); }

std::string as_string(const RawValue& v) {
    if (v.env) return v.env;
    if (auto s = v.node->value<std::string>()) return *s;
    bad("expected a string");
}

std::int64_t as_int(const RawValue& v, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    if (v.env) {
        char* end = nullptr;
        errno = 0;
        value = std::strtoll(v.env, &end, 10);
        if (errno || end == v.env || *end) bad("expected an integer");
    } else if (auto i = v.node->value_exact<std::int64_t>()) {
        value = *i;
    } else {
        bad("expected an integer");
    }
    if (value < min || value > max) bad(fmt::format("must be between {} and {}", min, max));
    return value;
}

bool as_bool(const RawValue& v) {
    if (v.env) {
        const std::string s = v.env;
        if (s == "true" || s == "1") return true;
        if (s == "false" || s == "0") return false;
        bad("expected true or false");
    }
    if (auto b = v.node->value_exact<bool>()) return *b;
    bad("expected true or false");
}

std::vector<std::string> as_string_list(const RawValue& v) {
    std::vector<std::string> out;
    if (v.env) {
        std::string s = v.env;
        for (std::size_t start = 0; start <= s.size();) {
            auto comma = s.find(',', start);
            if (comma == std::string::npos) comma = s.size();
            if (comma > start) out.push_back(s.substr(start, comma - start));
            start = comma + 1;
        }
        return out;
    }
    const auto* arr = v.node->as_array();
    if (!arr) bad("expected an array of strings");
    for (const auto& item : *arr) {
        auto s = item.value<std::string>();
        if (!s) bad("expected an array of strings");
        out.push_back(*s);
    }
    return out;
}

std::string non_empty(std::string s) {
    if (s.empty()) bad("must not be empty");
    return s;
}

// redis://[:password@]host[:port][/db] into the cache settings; the reason when it is not.
void set_redis_url(CacheSettings& c, const std::string& url) {
    const auto expected = "expected redis://[:password@]host[:port][/db]";
    if (url.starts_with("rediss://")) bad("TLS (rediss://) is not supported; use redis://");
    if (!url.starts_with("redis://")) bad(expected);
    std::string_view rest = std::string_view(url).substr(8);
    std::string password;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        const auto userinfo = rest.substr(0, at);
        if (!userinfo.starts_with(':')) {
            bad("a user name is not supported; write redis://:password@host");
        }
        password = std::string(userinfo.substr(1));
        rest = rest.substr(at + 1);
    }
    int db = 0;
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        const auto digits = rest.substr(slash + 1);
        if (!digits.empty()) {
            if (digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string::npos ||
                std::stoi(std::string(digits)) > 15) {
                bad("the database number must be between 0 and 15");
            }
            db = std::stoi(std::string(digits));
        }
        rest = rest.substr(0, slash);
    }
    int port = 6379;
    if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        const auto digits = rest.substr(colon + 1);
        if (digits.empty() || digits.size() > 5 ||
            digits.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(std::string(digits)) < 1 || std::stoi(std::string(digits)) > 65535) {
            bad("the port must be between 1 and 65535");
        }
        port = std::stoi(std::string(digits));
        rest = rest.substr(0, colon);
    }
    if (rest.empty() || rest.find_first_of("[]/?# ") != std::string_view::npos) bad(expected);
    c.redis_url = url;
    c.redis_host = std::string(rest);
    c.redis_port = port;
    c.redis_db = db;
    c.redis_password = std::move(password);
}

const std::vector<Key>& keys() {
    static const std::vector<Key> list{
        {"server", "listen",
         [](Settings& s, const RawValue& v) { s.server.listen = non_empty(as_string(v)); }},
        {"server", "io_threads",
         [](Settings& s, const RawValue& v) { s.server.io_threads = int(as_int(v, 1, 64)); }},
        {"server", "worker_threads",
         [](Settings& s, const RawValue& v) { s.server.worker_threads = int(as_int(v, 1, 64)); }},
        {"server", "header_limit",
         [](Settings& s, const RawValue& v) {
             s.server.header_limit = std::size_t(as_int(v, 1024, 1 << 20));
         }},
        {"server", "body_limit",
         [](Settings& s, const RawValue& v) {
             s.server.body_limit = std::size_t(as_int(v, 1024, 64 << 20));
         }},
        {"server", "admin_body_limit",
         [](Settings& s, const RawValue& v) {
             s.server.admin_body_limit = std::size_t(as_int(v, 1024, 64 << 20));
         }},
        {"server", "read_timeout",
         [](Settings& s, const RawValue& v) {
             s.server.read_timeout = std::chrono::seconds(as_int(v, 1, 3600));
         }},
        {"server", "idle_timeout",
         [](Settings& s, const RawValue& v) {
             s.server.idle_timeout = std::chrono::seconds(as_int(v, 1, 3600));
         }},
        {"server", "trusted_proxies",
         [](Settings& s, const RawValue& v) { s.server.trusted_proxies = as_string_list(v); }},
        {"server", "access_log",
         [](Settings& s, const RawValue& v) { s.server.access_log = as_bool(v); }},
        {"site", "name",
         [](Settings& s, const RawValue& v) { s.site.name = non_empty(as_string(v)); }},
        {"site", "tagline", [](Settings& s, const RawValue& v) { s.site.tagline = as_string(v); }},
        {"site", "time_zone",
         [](Settings& s, const RawValue& v) { s.site.time_zone = non_empty(as_string(v)); }},
        {"site", "theme_dir",
         [](Settings& s, const RawValue& v) { s.site.theme_dir = non_empty(as_string(v)); }},
        {"site", "icp_record",
         [](Settings& s, const RawValue& v) { s.site.icp_record = as_string(v); }},
        {"site", "police_record",
         [](Settings& s, const RawValue& v) { s.site.police_record = as_string(v); }},
        {"site", "hotline", [](Settings& s, const RawValue& v) { s.site.hotline = as_string(v); }},
        {"site", "per_page",
         [](Settings& s, const RawValue& v) { s.site.per_page = int(as_int(v, 1, 200)); }},
        {"site", "base_url",
         [](Settings& s, const RawValue& v) { s.site.base_url = as_string(v); }},
        {"site", "keywords",
         [](Settings& s, const RawValue& v) { s.site.keywords = as_string(v); }},
        {"site", "description",
         [](Settings& s, const RawValue& v) { s.site.description = as_string(v); }},
        {"site", "share_image",
         [](Settings& s, const RawValue& v) { s.site.share_image = as_string(v); }},
        {"site", "logo_url",
         [](Settings& s, const RawValue& v) { s.site.logo_url = as_string(v); }},
        {"site", "analytics_script",
         [](Settings& s, const RawValue& v) { s.site.analytics_script = as_string(v); }},
        {"feeds", "full_content",
         [](Settings& s, const RawValue& v) { s.feeds.full_content = as_bool(v); }},
        {"feeds", "items",
         [](Settings& s, const RawValue& v) { s.feeds.items = int(as_int(v, 1, 100)); }},
        {"widgets", "consult_label",
         [](Settings& s, const RawValue& v) { s.widgets.consult_label = non_empty(as_string(v)); }},
        {"widgets", "consult_url",
         [](Settings& s, const RawValue& v) { s.widgets.consult_url = non_empty(as_string(v)); }},
        {"widgets", "wechat_url",
         [](Settings& s, const RawValue& v) { s.widgets.wechat_url = non_empty(as_string(v)); }},
        {"widgets", "wechat_caption",
         [](Settings& s, const RawValue& v) { s.widgets.wechat_caption = as_string(v); }},
        {"leads", "key_file",
         [](Settings& s, const RawValue& v) { s.leads.key_file = non_empty(as_string(v)); }},
        {"leads", "per_ip_limit",
         [](Settings& s, const RawValue& v) { s.leads.per_ip_limit = int(as_int(v, 1, 10000)); }},
        {"leads", "per_ip_window",
         [](Settings& s, const RawValue& v) {
             s.leads.per_ip_window = std::chrono::seconds(as_int(v, 1, 7 * 86400));
         }},
        {"leads", "per_number_limit",
         [](Settings& s, const RawValue& v) {
             s.leads.per_number_limit = int(as_int(v, 1, 10000));
         }},
        {"leads", "per_number_window",
         [](Settings& s, const RawValue& v) {
             s.leads.per_number_window = std::chrono::seconds(as_int(v, 1, 30 * 86400));
         }},
        {"leads", "form_token_lifetime",
         [](Settings& s, const RawValue& v) {
             s.leads.form_token_lifetime = std::chrono::seconds(as_int(v, 600, 30 * 86400));
         }},
        {"leads", "collector",
         [](Settings& s, const RawValue& v) { s.leads.collector = as_string(v); }},
        {"leads", "notice_version",
         [](Settings& s, const RawValue& v) { s.leads.notice_version = non_empty(as_string(v)); }},
        {"leads", "webhook_url",
         [](Settings& s, const RawValue& v) { s.leads.webhook_url = as_string(v); }},
        {"leads", "webhook_format",
         [](Settings& s, const RawValue& v) {
             s.leads.webhook_format = as_string(v);
             if (s.leads.webhook_format != "wecom" && s.leads.webhook_format != "dingtalk" &&
                 s.leads.webhook_format != "json") {
                 bad("expected wecom, dingtalk or json");
             }
         }},
        {"leads", "notify_interval",
         [](Settings& s, const RawValue& v) {
             s.leads.notify_interval = std::chrono::seconds(as_int(v, 1, 3600));
         }},
        {"leads", "notify_max_attempts",
         [](Settings& s, const RawValue& v) {
             s.leads.notify_max_attempts = int(as_int(v, 1, 100));
         }},
        {"leads", "retention_closed_days",
         [](Settings& s, const RawValue& v) {
             s.leads.retention_closed_days = int(as_int(v, 1, 3650));
         }},
        {"leads", "retention_unhandled_days",
         [](Settings& s, const RawValue& v) {
             s.leads.retention_unhandled_days = int(as_int(v, 1, 3650));
         }},
        {"views", "flush_interval",
         [](Settings& s, const RawValue& v) {
             s.views.flush_interval = std::chrono::seconds(as_int(v, 1, 3600));
         }},
        {"accounts", "password_min_length",
         [](Settings& s, const RawValue& v) {
             s.accounts.password_min_length = int(as_int(v, 8, 64));
         }},
        {"accounts", "password_min_classes",
         [](Settings& s, const RawValue& v) {
             s.accounts.password_min_classes = int(as_int(v, 1, 4));
         }},
        {"accounts", "password_dictionary_check",
         [](Settings& s, const RawValue& v) { s.accounts.password_dictionary_check = as_bool(v); }},
        {"accounts", "password_banned_words",
         [](Settings& s, const RawValue& v) { s.accounts.password_banned_words = as_string(v); }},
        {"accounts", "password_max_age_days",
         [](Settings& s, const RawValue& v) {
             s.accounts.password_max_age_days = int(as_int(v, 0, 365));
         }},
        {"accounts", "password_history",
         [](Settings& s, const RawValue& v) {
             s.accounts.password_history = int(as_int(v, 0, 24));
         }},
        {"accounts", "lockout_threshold",
         [](Settings& s, const RawValue& v) {
             s.accounts.lockout_threshold = int(as_int(v, 3, 10));
         }},
        {"accounts", "lockout_window",
         [](Settings& s, const RawValue& v) {
             s.accounts.lockout_window = std::chrono::seconds(as_int(v, 60, 86400));
         }},
        {"accounts", "lockout_duration",
         [](Settings& s, const RawValue& v) {
             s.accounts.lockout_duration = std::chrono::seconds(as_int(v, 60, 86400));
         }},
        {"accounts", "login_ip_limit",
         [](Settings& s, const RawValue& v) {
             s.accounts.login_ip_limit = int(as_int(v, 5, 1000));
         }},
        {"accounts", "login_ip_window",
         [](Settings& s, const RawValue& v) {
             s.accounts.login_ip_window = std::chrono::seconds(as_int(v, 60, 86400));
         }},
        {"accounts", "session_idle",
         [](Settings& s, const RawValue& v) {
             s.accounts.session_idle = std::chrono::seconds(as_int(v, 60, 1800));
         }},
        {"accounts", "session_absolute",
         [](Settings& s, const RawValue& v) {
             s.accounts.session_absolute = std::chrono::seconds(as_int(v, 600, 43200));
         }},
        {"cache", "enabled", [](Settings& s, const RawValue& v) { s.cache.enabled = as_bool(v); }},
        {"cache", "max_megabytes",
         [](Settings& s, const RawValue& v) {
             s.cache.max_bytes = std::size_t(as_int(v, 1, 65536)) << 20;
         }},
        {"cache", "check_interval_ms",
         [](Settings& s, const RawValue& v) {
             s.cache.check_interval = std::chrono::milliseconds(as_int(v, 10, 60000));
         }},
        {"cache", "max_age",
         [](Settings& s, const RawValue& v) {
             s.cache.max_age = std::chrono::seconds(as_int(v, 1, 86400));
         }},
        {"cache", "backend",
         [](Settings& s, const RawValue& v) {
             const auto name = as_string(v);
             if (name == "memory") {
                 s.cache.backend = CacheBackend::memory;
             } else if (name == "redis") {
                 s.cache.backend = CacheBackend::redis;
             } else {
                 bad("expected \"memory\" or \"redis\"");
             }
         }},
        {"cache", "redis_url",
         [](Settings& s, const RawValue& v) { set_redis_url(s.cache, as_string(v)); }},
        {"cache", "namespace",
         [](Settings& s, const RawValue& v) {
             auto name = as_string(v);
             if (name.empty() || name.size() > 64 ||
                 name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_.:-") != std::string::npos) {
                 bad("expected 1 to 64 letters, digits or _ . : -");
             }
             s.cache.key_namespace = std::move(name);
         }},
        {"cache", "timeout_ms",
         [](Settings& s, const RawValue& v) {
             s.cache.timeout = std::chrono::milliseconds(as_int(v, 10, 10000));
         }},
        {"editorial", "reviews_required",
         [](Settings& s, const RawValue& v) {
             // The lower bound has its own reason: 0 would read as "no review", which is
             // exactly what this setting must never allow.
             const auto n = as_int(v, std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max());
             if (n < 1) {
                 bad("must be at least 1: an article is published only after a review by "
                     "someone other than its author");
             }
             if (n > 9) bad("must be at most 9");
             s.editorial.reviews_required = static_cast<int>(n);
         }},
        {"search", "related_interval_ms",
         [](Settings& s, const RawValue& v) {
             s.search.related_interval = std::chrono::milliseconds(as_int(v, 0, 3'600'000));
         }},
        {"store", "backend",
         [](Settings& s, const RawValue& v) {
             const auto name = as_string(v);
             if (name == "sqlite") {
                 s.store.backend = StoreBackend::sqlite;
             } else if (name == "postgres") {
                 s.store.backend = StoreBackend::postgres;
             } else {
                 bad("expected \"sqlite\" or \"postgres\", got \"" + name + "\"");
             }
         }},
        {"store", "url", [](Settings& s, const RawValue& v) { s.store.url = as_string(v); }},
        {"store", "pool_size",
         [](Settings& s, const RawValue& v) {
             s.store.pool_size = static_cast<std::size_t>(as_int(v, 1, 256));
         }},
        {"media", "max_upload_megabytes",
         [](Settings& s, const RawValue& v) {
             s.media.max_upload_bytes = std::size_t(as_int(v, 1, 512)) << 20;
         }},
        {"media", "max_image_pixels",
         [](Settings& s, const RawValue& v) {
             s.media.max_image_pixels = as_int(v, 10'000, 500'000'000);
         }},
        {"media", "thumbnail_width",
         [](Settings& s, const RawValue& v) {
             s.media.thumbnail_width = static_cast<int>(as_int(v, 32, 2048));
         }},
        {"media", "jpeg_quality",
         [](Settings& s, const RawValue& v) {
             s.media.jpeg_quality = static_cast<int>(as_int(v, 30, 100));
         }},
        {"media", "imaging_program",
         [](Settings& s, const RawValue& v) { s.media.imaging_program = as_string(v); }},
        {"media", "imaging_timeout_seconds",
         [](Settings& s, const RawValue& v) {
             s.media.imaging_timeout = std::chrono::seconds{as_int(v, 1, 600)};
         }},
    };
    return list;
}

std::string env_name(const Key& k) {
    std::string name = "GP_";
    for (char c : k.section) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    name += "__";
    for (char c : k.name) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

void validate(const Settings& s, const std::string& origin) {
    const auto colon = s.server.listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == s.server.listen.size()) {
        throw ConfigError(fmt::format("{}: server.listen: expected HOST:PORT, got '{}'", origin,
                                      s.server.listen));
    }
    const auto& base = s.site.base_url;
    if (!base.empty() &&
        ((!base.starts_with("https://") && !base.starts_with("http://")) || base.ends_with("/") ||
         base.find_first_of(" \"<>") != std::string::npos)) {
        throw ConfigError(fmt::format(
            "{}: site.base_url: expected http(s)://host[:port] without a trailing slash, got '{}'",
            origin, base));
    }
    // A cached page carries a call-back form token; it must be rendered again well before the
    // token expires (docs/adr/0005, docs/adr/0010).
    if (s.cache.max_age * 2 > s.leads.form_token_lifetime) {
        throw ConfigError(fmt::format(
            "{}: cache.max_age: must be at most half of leads.form_token_lifetime ({} s)", origin,
            s.leads.form_token_lifetime.count()));
    }
    if (s.store.backend == StoreBackend::postgres && s.store.url.empty()) {
        throw ConfigError(fmt::format(
            "{}: store.url: needed with backend = \"postgres\" (postgresql://user@host/db)",
            origin));
    }
    const auto& script = s.site.analytics_script;
    if (!script.empty() && (!script.starts_with("/") || script.starts_with("//"))) {
        throw ConfigError(fmt::format(
            "{}: site.analytics_script: must be a path on this site (self-hosted analytics only)",
            origin));
    }
    const auto& hook = s.leads.webhook_url;
    if (!hook.empty() && !hook.starts_with("https://") && !hook.starts_with("http://")) {
        throw ConfigError(fmt::format("{}: leads.webhook_url: must be an http(s) URL", origin));
    }
    for (const auto* url : {&s.widgets.consult_url, &s.widgets.wechat_url}) {
        const bool ok = url->starts_with("https://") || url->starts_with("http://") ||
                        (url->starts_with("/") && !url->starts_with("//"));
        if (!ok) {
            throw ConfigError(
                fmt::format("{}: widgets: '{}' must be an http(s) URL or a path starting with /",
                            origin, *url));
        }
    }
}

}  // namespace

Settings load_settings(const std::optional<std::filesystem::path>& file,
                       const std::filesystem::path& default_theme_dir) {
    Settings settings;
    settings.site.theme_dir = default_theme_dir;
    std::string origin = "defaults";
    if (file) {
        origin = file->string();
        toml::table table;
        try {
            table = toml::parse_file(file->string());
        } catch (const toml::parse_error& e) {
            throw ConfigError(fmt::format("{}:{}:{}: {}", origin, e.source().begin.line,
                                          e.source().begin.column, e.description()));
        }
        for (const auto& [section, value] : table) {
            // Lambdas capture these names, not the bindings: clang before 16 (clang-tidy 14)
            // cannot capture a structured binding.
            const std::string_view section_name = section.str();
            const auto* inner = value.as_table();
            const bool known = std::any_of(keys().begin(), keys().end(),
                                           [&](const Key& k) { return k.section == section_name; });
            if (!known || !inner) {
                throw ConfigError(fmt::format("{}: [{}]: unknown section", origin, section.str()));
            }
            for (const auto& [name, node] : *inner) {
                const std::string_view key_name = name.str();
                const auto it = std::find_if(keys().begin(), keys().end(), [&](const Key& k) {
                    return k.section == section_name && k.name == key_name;
                });
                if (it == keys().end()) {
                    throw ConfigError(
                        fmt::format("{}: {}.{}: unknown key", origin, section.str(), name.str()));
                }
                try {
                    it->apply(settings, RawValue{&node, nullptr});
                } catch (const std::invalid_argument& e) {
                    throw ConfigError(
                        fmt::format("{}: {}.{}: {}", origin, section.str(), name.str(), e.what()));
                }
            }
        }
    }
    for (const auto& k : keys()) {
        const auto name = env_name(k);
        if (const char* env = std::getenv(name.c_str())) {
            try {
                k.apply(settings, RawValue{nullptr, env});
            } catch (const std::invalid_argument& e) {
                throw ConfigError(fmt::format("environment {}: {}", name, e.what()));
            }
            origin += ", " + name;
        }
    }
    validate(settings, origin);
    return settings;
}

}  // namespace gp::config

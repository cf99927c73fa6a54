#include "app/cli.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/account_cli.hpp"
#include "app/app.hpp"
#include "app/leads_cli.hpp"
#include "app/migrate_store_cli.hpp"
#include "app/search_cli.hpp"
#include "app/store_choice.hpp"
#include "config/load.hpp"
#include "content/control_chars.hpp"
#include "content/editorial.hpp"
#include "demo/demo_site.hpp"
#include "editorial/site_transfer.hpp"
#include "security/key_file.hpp"
#include "store/editorial_store.hpp"

namespace gp::app {
namespace {

constexpr int kOk = 0;
constexpr int kFailure = 1;
constexpr int kBadInput = 2;

#ifndef GP_SOURCE_DIR
#define GP_SOURCE_DIR "."
#endif

content::Time now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// What the import format cannot say: two of the demo's imported drafts wait in review, so the
// reviewer's queue has something in it.
void queue_drafts_for_review(store::Store& store, content::Time now) {
    store::EditorialQuery drafts;
    drafts.state = content::EditorialState::draft;
    drafts.limit = 2;
    for (const auto& a : store.editorial().list_editorial(drafts)) {
        store.editorial().update_article(a.id, "", now, [](const auto&) {
            store::EditorialWrite w;
            w.state = content::EditorialState::review;
            return std::optional{w};
        });
    }
}

std::filesystem::path config_path(const std::filesystem::path& data_dir,
                                  const std::string& explicit_file) {
    return explicit_file.empty() ? data_dir / "guardpress.toml"
                                 : std::filesystem::path(explicit_file);
}

config::Settings load(const std::filesystem::path& data_dir, const std::string& config_file) {
    const auto path = config_path(data_dir, config_file);
    std::optional<std::filesystem::path> file;
    if (std::filesystem::exists(path)) {
        file = path;
    } else if (!config_file.empty()) {
        throw BadInput("config file " + config_file + " does not exist");
    }
    try {
        return config::load_settings(file, GP_SOURCE_DIR);
    } catch (const config::ConfigError& e) {
        throw BadInput(e.what());
    }
}

// The shell commands act on the store the data dir's config names, as `serve` does.
bool site_store_exists(const std::filesystem::path& data_dir) {
    return configured_store_exists(load(data_dir, ""), store::StoreSettings{data_dir, {}});
}

std::unique_ptr<store::Store> open_site_store(const std::filesystem::path& data_dir) {
    return open_configured_store(load(data_dir, ""), store::StoreSettings{data_dir, {}});
}

// For commands that write an audit record: the store with the audit chain's key and anchor.
std::unique_ptr<store::Store> open_audited_site_store(const std::filesystem::path& data_dir) {
    const auto settings = load(data_dir, "");
    const auto key_file = key_file_path(settings, data_dir);
    return open_configured_store(
        settings, store_settings(security::MasterKey::load(key_file), data_dir, key_file));
}

std::pair<std::string, unsigned short> split_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw BadInput("--listen: expected HOST:PORT, got " + listen);
    auto host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto port_text = listen.substr(colon + 1);
    char* end = nullptr;
    const long port = std::strtol(port_text.c_str(), &end, 10);
    if (port_text.empty() || *end || port < 0 || port > 65535) {
        throw BadInput("--listen: bad port in " + listen);
    }
    return {host, static_cast<unsigned short>(port)};
}

int cmd_init(const std::filesystem::path& data_dir, const std::string& config_file, bool demo,
             std::ostream& out) {
    store::StoreSettings ss{data_dir, {}};
    // A node of a PostgreSQL site keeps its config in its data dir (or names it) before `init`.
    const auto settings = load(data_dir, config_file);
    const bool sqlite = settings.store.backend == config::StoreBackend::sqlite;
    if (configured_store_exists(settings, ss)) {
        throw BadInput("data dir " + data_dir.string() +
                       " already holds a store; refusing to touch it");
    }
    // The committed fixture site is read from the source tree, as the default theme is, and
    // before anything is created, so a missing file leaves no half-made site behind.
    std::optional<demo::DemoSite> site;
    if (demo) site = demo::read_demo_site(std::filesystem::path(GP_SOURCE_DIR) / "demo/site");
    std::filesystem::create_directories(data_dir);
    std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all |
                                               std::filesystem::perms::group_read |
                                               std::filesystem::perms::group_exec);
    const auto started = std::chrono::steady_clock::now();
    auto store = open_configured_store(settings, ss);
    // The master key lives outside the store (by default beside it); a copy of the store alone
    // reveals no phone number. It is the file `serve` will read: `leads.key_file` when set.
    const auto key_file = key_file_path(settings, data_dir);
    if (!std::filesystem::exists(key_file)) security::MasterKey::create(key_file);
    // The store holds personal data (sealed numbers, lead origins): owner only. SQLite gives its
    // -wal and -shm files the same mode.
    if (sqlite) {
        std::filesystem::permissions(
            data_dir / "guardpress.sqlite3",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
    if (demo) {
        // Again with the audit chain's key, which exists now: the import writes its record.
        store = open_configured_store(
            settings, store_settings(security::MasterKey::load(key_file), data_dir, key_file));
        auto result = editorial::SiteTransfer(store->transfer())
                          .import_json(demo::dated_for(*site, now()), now(),
                                       editorial::shell_importer("init --demo"));
        if (auto* error = std::get_if<content::ImportError>(&result)) {
            throw std::runtime_error("demo content rejected: " + error->message());
        }
        queue_drafts_for_review(*store, now());
        const auto config_file = data_dir / "guardpress.toml";
        if (!std::filesystem::exists(config_file)) {
            std::ofstream(config_file) << demo::kDemoConfig;
        }
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        out << "created demo site in " << data_dir.string() << ": " << std::get<std::size_t>(result)
            << " articles (" << ms << " ms)\n";
    } else {
        out << "created an empty site in " << data_dir.string() << "\n";
    }
    return kOk;
}

int cmd_serve(const std::filesystem::path& data_dir, const std::string& listen_opt,
              const std::string& config_file, std::ostream& out) {
    auto settings = load(data_dir, config_file);
    if (!listen_opt.empty()) settings.server.listen = listen_opt;
    const auto [host, port] = split_listen(settings.server.listen);
    if (!configured_store_exists(settings, store::StoreSettings{data_dir, {}})) {
        throw BadInput("no store in " + data_dir.string() + " (run `guardpress init --data-dir " +
                       data_dir.string() + "` first)");
    }
    App app(std::move(settings), data_dir);
    ServerRunner runner(app);
    // Caught before the address is printed: whoever reads it may send SIGTERM at once, and a
    // signal that came before the handler would end the process without writing pending views.
    // A signal that arrives before async_wait is kept until it is called.
    boost::asio::io_context signals_io;
    boost::asio::signal_set signals(signals_io, SIGTERM, SIGINT);
    boost::asio::ip::tcp::endpoint endpoint;
    try {
        endpoint = runner.start(host, port);
    } catch (const std::system_error& e) {
        throw std::runtime_error("cannot listen on " + app.settings().server.listen + ": " +
                                 e.what());
    }
    const auto address = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                    : endpoint.address().to_string();
    out << "listening on http://" << address << ":" << endpoint.port() << std::endl;
    signals.async_wait([](const boost::system::error_code&, int sig) {
        spdlog::info("signal {} received, stopping", sig);
    });
    signals_io.run();
    runner.stop();
    spdlog::info("stopped");
    return kOk;
}

int cmd_import(const std::filesystem::path& data_dir, const std::string& file, std::ostream& out) {
    std::stringstream text;
    if (file == "-") {
        text << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw BadInput("cannot read " + file);
        text << in.rdbuf();
    }
    const auto body = text.str();
    const auto first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && body[first] == '<') {
        throw BadInput(
            file + ": WordPress WXR and HTML imports are not supported yet; use the JSON format");
    }
    if (!site_store_exists(data_dir)) {
        throw BadInput("no store in " + data_dir.string() + " (run `guardpress init` first)");
    }
    auto store = open_audited_site_store(data_dir);
    auto result = editorial::SiteTransfer(store->transfer())
                      .import_json(body, now(), editorial::shell_importer("import"));
    if (auto* error = std::get_if<content::ImportError>(&result)) {
        throw BadInput(file + ": " + error->message() + " (nothing was imported)");
    }
    out << "imported " << std::get<std::size_t>(result) << " articles\n";
    return kOk;
}

int cmd_export(const std::filesystem::path& data_dir, std::ostream& out) {
    if (!site_store_exists(data_dir)) {
        throw BadInput("no store in " + data_dir.string());
    }
    auto store = open_site_store(data_dir);
    out << editorial::SiteTransfer(store->transfer()).export_json();
    return kOk;
}

bool clean_path(const std::string& p) {
    return p.starts_with("/") && !p.starts_with("//") && p.size() <= 2000 &&
           p.find_first_of(" \t\r\n\"<>\\") == std::string::npos;
}

int cmd_redirect_add(const std::filesystem::path& data_dir, const std::string& from,
                     const std::string& to, int code, std::ostream& out) {
    if (!site_store_exists(data_dir)) {
        throw BadInput("no store in " + data_dir.string());
    }
    if (!clean_path(from)) throw BadInput("FROM must be a path starting with /, got " + from);
    const bool absolute = (to.starts_with("https://") || to.starts_with("http://")) &&
                          to.find_first_of(" \t\r\n\"<>") == std::string::npos;
    if (!clean_path(to) && !absolute) {
        throw BadInput("TO must be a path starting with / or an http(s) URL, got " + to);
    }
    if (from == to) throw BadInput("FROM and TO are the same path");
    auto store = open_site_store(data_dir);
    store->redirects().put_redirect(store::Redirect{from, to, code}, now());
    out << "redirect " << content::escape_control_chars(from) << " -> "
        << content::escape_control_chars(to) << " (" << code << ")\n";
    return kOk;
}

int cmd_redirect_list(const std::filesystem::path& data_dir, std::ostream& out) {
    if (!site_store_exists(data_dir)) {
        throw BadInput("no store in " + data_dir.string());
    }
    auto store = open_site_store(data_dir);
    // The admin pages and imports add redirects too, with paths the shell never checked.
    for (const auto& r : store->redirects().list_redirects()) {
        out << r.code << " " << content::escape_control_chars(r.from_path) << " -> "
            << content::escape_control_chars(r.to_path) << "\n";
    }
    return kOk;
}

}  // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    auto logger = spdlog::stderr_logger_mt("guardpress");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

    CLI::App cli{"GuardPress: a content portal for MLPS (等保) consultancies", "guardpress"};
    cli.require_subcommand(1);
    std::string data_dir;
    bool demo = false;
    std::string listen;
    std::string config_file;
    std::string import_file;

    auto* init = cli.add_subcommand("init", "create the store (and demo content)");
    init->add_option("--data-dir", data_dir, "directory for the store")->required();
    init->add_flag("--demo", demo, "fill the site with demo content");
    init->add_option("--config", config_file,
                     "TOML settings (default DATA_DIR/guardpress.toml); its leads.key_file is "
                     "where the master key is created");

    auto* serve = cli.add_subcommand("serve", "serve the site over HTTP");
    serve->add_option("--data-dir", data_dir, "directory of the store")->required();
    serve->add_option("--listen", listen, "HOST:PORT (port 0 picks a free one)");
    serve->add_option("--config", config_file, "TOML settings (default DATA_DIR/guardpress.toml)");

    auto* import = cli.add_subcommand("import", "import articles from a JSON file (- for stdin)");
    import->add_option("--data-dir", data_dir, "directory of the store")->required();
    import->add_option("FILE", import_file, "the JSON document")->required();

    auto* exp = cli.add_subcommand("export", "write all content as JSON to stdout");
    exp->add_option("--data-dir", data_dir, "directory of the store")->required();

    auto* leads = cli.add_subcommand("leads", "call-back leads from the shell");
    leads->require_subcommand(1);
    std::int64_t limit = 50;
    bool csv = false;
    bool full_numbers = false;
    auto* leads_list = leads->add_subcommand("list", "the newest leads, numbers masked");
    leads_list->add_option("--data-dir", data_dir, "directory of the store")->required();
    leads_list->add_option("--limit", limit, "how many (default 50)")->check(CLI::Range(1, 100000));
    auto* leads_export = leads->add_subcommand("export", "every lead as CSV on stdout");
    leads_export->add_option("--data-dir", data_dir, "directory of the store")->required();
    leads_export->add_flag("--csv", csv, "write CSV (the only format for now)")->required();
    leads_export->add_flag("--full-numbers", full_numbers,
                           "decrypt the phone numbers (each use is logged)");

    auto* redirect = cli.add_subcommand("redirect", "paths that moved (answered 301 or 302)");
    redirect->require_subcommand(1);
    std::string redirect_from;
    std::string redirect_to;
    int redirect_code = 301;
    auto* redirect_add = redirect->add_subcommand("add", "add or replace a redirect");
    redirect_add->add_option("--data-dir", data_dir, "directory of the store")->required();
    redirect_add->add_option("FROM", redirect_from, "old path, e.g. /html/news/123.htm")
        ->required();
    redirect_add->add_option("TO", redirect_to, "new path or absolute URL")->required();
    redirect_add->add_option("--code", redirect_code, "301 (default), 302, 307 or 308")
        ->check(CLI::IsMember({301, 302, 307, 308}));
    auto* redirect_list = redirect->add_subcommand("list", "every redirect");
    redirect_list->add_option("--data-dir", data_dir, "directory of the store")->required();

    auto* user = cli.add_subcommand("user", "back-end accounts from the shell");
    user->require_subcommand(1);
    std::string user_name;
    std::string user_role;
    auto* user_add = user->add_subcommand("add", "create an account with a one-time password");
    user_add->add_option("--data-dir", data_dir, "directory of the store")->required();
    user_add
        ->add_option("--role", user_role,
                     "system_admin, security_admin, audit_admin, editor, reviewer or "
                     "lead_handler")
        ->required();
    user_add->add_option("--name", user_name, "the sign-in name")->required();
    std::vector<std::pair<CLI::App*, std::string>> user_actions;
    for (const auto* action : {"disable", "enable", "unlock", "reset-mfa"}) {
        auto* sub = user->add_subcommand(action, std::string(action) + " an account");
        sub->add_option("--data-dir", data_dir, "directory of the store")->required();
        sub->add_option("--name", user_name, "the sign-in name")->required();
        user_actions.emplace_back(sub, action);
    }
    auto* user_list = user->add_subcommand("list", "every account");
    user_list->add_option("--data-dir", data_dir, "directory of the store")->required();

    auto* audit = cli.add_subcommand("audit", "the audit trail");
    audit->require_subcommand(1);
    auto* audit_verify = audit->add_subcommand("verify", "check the audit trail's hash chain");
    audit_verify->add_option("--data-dir", data_dir, "directory of the store")->required();

    auto* migrate = cli.add_subcommand(
        "migrate-store", "copy a SQLite store into an empty PostgreSQL database and verify it");
    std::string migrate_from;
    std::string migrate_to;
    migrate->add_option("--from", migrate_from, "sqlite:PATH (a data dir or its store file)")
        ->required();
    migrate->add_option("--to", migrate_to, "postgres:URL (postgresql://user@host/db)")->required();

    auto* reindex = cli.add_subcommand("reindex", "rebuild the search index");
    reindex->add_option("--data-dir", data_dir, "directory of the store")->required();

    auto* synonyms = cli.add_subcommand("synonyms", "search synonyms (等保 = 等级保护)");
    synonyms->require_subcommand(1);
    std::vector<std::string> synonym_terms;
    auto* synonyms_list = synonyms->add_subcommand("list", "every synonym group");
    synonyms_list->add_option("--data-dir", data_dir, "directory of the store")->required();
    auto* synonyms_add =
        synonyms->add_subcommand("add", "add terms that mean the same (the index is rebuilt)");
    synonyms_add->add_option("--data-dir", data_dir, "directory of the store")->required();
    synonyms_add->add_option("TERMS", synonym_terms, "two or more terms")->required();

    auto* queries = cli.add_subcommand("search-queries", "what readers searched for, most first");
    queries->add_option("--data-dir", data_dir, "directory of the store")->required();
    bool zero_hits = false;
    queries->add_flag("--zero-hits", zero_hits, "only queries whose latest search found nothing");
    std::int64_t query_limit = 50;
    queries->add_option("--limit", query_limit, "how many (default 50)")
        ->check(CLI::Range(1, 100000));

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version arrive as "errors" with exit code 0.
        if (e.get_exit_code() == 0) return cli.exit(e, out, err);
        err << "guardpress: " << e.what() << "\n(see guardpress --help)\n";
        return kBadInput;
    }
    try {
        if (*init) return cmd_init(data_dir, config_file, demo, out);
        if (*serve) return cmd_serve(data_dir, listen, config_file, out);
        if (*import) return cmd_import(data_dir, import_file, out);
        if (*exp) return cmd_export(data_dir, out);
        if (*redirect_add) {
            return cmd_redirect_add(data_dir, redirect_from, redirect_to, redirect_code, out);
        }
        if (*redirect_list) return cmd_redirect_list(data_dir, out);
        if (*user_add || *user_list || *audit_verify ||
            std::any_of(user_actions.begin(), user_actions.end(),
                        [](const auto& a) { return a.first->parsed(); })) {
            if (!site_store_exists(data_dir)) {
                throw BadInput("no store in " + data_dir);
            }
            const auto settings = load(data_dir, "");
            if (*user_add) return add_user(data_dir, settings, user_name, user_role, out);
            if (*user_list) return list_users(data_dir, settings, out);
            if (*audit_verify) return verify_audit(data_dir, settings, out);
            for (const auto& [sub, action] : user_actions) {
                if (sub->parsed()) return change_user(data_dir, settings, action, user_name, out);
            }
        }
        if (*migrate) {
            const auto from_dir = sqlite_data_dir(migrate_from);
            const auto url = postgres_url(migrate_to);
            return migrate_store(from_dir, load(from_dir, ""), url, out, err,
                                 isatty(STDERR_FILENO) == 1);
        }
        if (*reindex || *synonyms_list || *synonyms_add || *queries) {
            if (!site_store_exists(data_dir)) {
                throw BadInput("no store in " + data_dir);
            }
            auto store = open_site_store(data_dir);
            if (*reindex) return reindex_search(*store, out, err, isatty(STDERR_FILENO) == 1);
            if (*synonyms_list) return list_synonyms(*store, out);
            if (*queries) return list_search_queries(*store, zero_hits, query_limit, out);
            try {
                return add_synonyms(*store, synonym_terms, out);
            } catch (const std::invalid_argument& e) {
                throw BadInput(e.what());
            }
        }
        if (*leads_list || *leads_export) {
            if (!site_store_exists(data_dir)) {
                throw BadInput("no store in " + data_dir);
            }
            const auto settings = load(data_dir, "");
            return *leads_list ? list_leads(data_dir, settings, limit, out)
                               : export_leads_csv(data_dir, settings, full_numbers, out);
        }
    } catch (const BadInput& e) {
        err << "guardpress: " << e.what() << "\n";
        return kBadInput;
    } catch (const std::exception& e) {
        err << "guardpress: " << e.what() << "\n";
        return kFailure;
    }
    return kBadInput;
}

}  // namespace gp::app

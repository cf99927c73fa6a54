#include "app/account_cli.hpp"

#include <fmt/format.h>

#include "accounts/account_admin.hpp"
#include "app/app.hpp"
#include "app/cli.hpp"
#include "app/store_choice.hpp"
#include "content/control_chars.hpp"
#include "content/time_zone.hpp"
#include "store/store.hpp"

namespace gp::app {
namespace {

content::Time now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// What the account commands share: the store opened with the audit key, its audit log, and
/// account administration. The shell never signs anyone in, so it needs no sign-in service,
/// password policy, TOTP box or rate limiter.
struct Shell {
    security::MasterKey master;
    std::unique_ptr<store::Store> store;
    accounts::AuditLog audit;
    accounts::AccountAdmin admin;

    Shell(const std::filesystem::path& data_dir, const config::Settings& settings)
        : master(security::MasterKey::load(key_file_path(settings, data_dir))),
          store(open_configured_store(
              settings, store_settings(master, data_dir, key_file_path(settings, data_dir)))),
          audit(store->audit(), now),
          admin(accounts::AccountAdmin::Deps{store->accounts(), audit, now}) {}
};

// The shell's audit records name the command; the operator's login is the host's to record.
accounts::Client shell_client(std::string_view command) {
    return accounts::Client{"shell", "guardpress " + std::string(command), ""};
}

}  // namespace

int add_user(const std::filesystem::path& data_dir, const config::Settings& settings,
             const std::string& name, const std::string& role_text, std::ostream& out) {
    const auto role = accounts::parse_role(role_text);
    if (!role || *role == accounts::Role::none) {
        throw BadInput(
            "--role must be one of system_admin, security_admin, audit_admin, editor, "
            "reviewer, lead_handler");
    }
    Shell shell(data_dir, settings);
    auto created = shell.admin.create_account(name, *role, nullptr, shell_client("user add"));
    if (!created) {
        const auto& key = created.error().user_message;
        if (key == "err_name_taken") throw BadInput("an account named " + name + " exists");
        if (key == "err_name_format") {
            throw BadInput(
                "a name is 3-32 letters, digits, '.', '_' or '-', starting with a "
                "letter or digit");
        }
        if (key == "err_name_reserved") throw BadInput(name + " is reserved; choose another name");
        throw std::runtime_error("the account could not be created: " + created.error().detail);
    }
    out << fmt::format("created {} ({}), one-time password: {}\n", name, role_text,
                       created->one_time_password);
    out << "it must be changed, and an authenticator enrolled, at the first sign-in\n";
    return 0;
}

int change_user(const std::filesystem::path& data_dir, const config::Settings& settings,
                const std::string& action, const std::string& name, std::ostream& out) {
    Shell shell(data_dir, settings);
    auto account = shell.store->accounts().find_account_by_name(name);
    if (!account) throw BadInput("no account named " + name);
    const auto client = shell_client("user " + action);
    // The shell acts as the operator of the host, outside the back end's roles.
    accounts::Principal operator_principal;
    operator_principal.account.name = "(shell)";
    content::Result<void> result;
    if (action == "reset-mfa") {
        result = shell.admin.reset_mfa(nullptr, account->id, client);
    } else if (action == "unlock") {
        result = shell.admin.unlock(operator_principal, account->id, client);
    } else {
        result =
            shell.admin.set_disabled(operator_principal, account->id, action == "disable", client);
    }
    if (!result) throw std::runtime_error("not done: " + result.error().detail);
    out << action << ": " << content::escape_control_chars(account->name) << "\n";
    return 0;
}

int list_users(const std::filesystem::path& data_dir, const config::Settings& settings,
               std::ostream& out) {
    Shell shell(data_dir, settings);
    const content::SiteTimeZone zone(settings.site.time_zone);
    const auto t = now();
    out << fmt::format("{:<24} {:<16} {:<9} {:<4} {}\n", "name", "role", "status", "mfa",
                       "last sign-in");
    // Names are checked when an account is made, but the store may hold older or imported ones.
    using content::escape_control_chars;
    for (const auto& a : shell.admin.list_accounts()) {
        out << fmt::format("{:<24} {:<16} {:<9} {:<4} {}\n", escape_control_chars(a.name),
                           a.role.empty() ? "-" : escape_control_chars(a.role),
                           a.disabled       ? "disabled"
                           : a.locked_at(t) ? "locked"
                                            : "active",
                           a.has_totp() ? "yes" : "no",
                           a.last_login_at ? zone.date_time(*a.last_login_at) : "never");
    }
    return 0;
}

int verify_audit(const std::filesystem::path& data_dir, const config::Settings& settings,
                 std::ostream& out) {
    Shell shell(data_dir, settings);
    const auto report = shell.store->audit().verify_chain();
    try {
        shell.audit.record(nullptr, shell_client("audit verify"), "audit.verify", "audit", "",
                           report.first_broken ? "failure" : "success",
                           fmt::format("checked={}", report.checked));
    } catch (const store::AuditWriteFailed& e) {
        // Verifying reads; a store that refuses the record still gets its report.
        accounts::alert_audit_failure(shell_client("audit verify"), e);
    }
    if (report.first_broken) {
        out << fmt::format("audit chain broken at record {}: {} ({} records read)\n",
                           *report.first_broken, content::escape_control_chars(report.reason),
                           report.checked);
        return 1;
    }
    out << fmt::format("audit chain intact: {} records\n", report.checked);
    return 0;
}

}  // namespace gp::app

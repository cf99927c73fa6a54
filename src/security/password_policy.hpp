#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gp::security {

/// The password rules (MLPS 8.1.4.1 a: length, character classes, not the account name, not a
/// common password; expiry and reuse are checked by the caller against the history).
struct PasswordRules {
    int min_length = 8;
    int max_length = 128;
    int min_classes = 3;  ///< of lower case, upper case, digits, others
    bool dictionary_check = true;
    std::string banned_words;  ///< space-separated, on top of the shipped list (site names…)
};

/// Why a password was refused: a message key for the back end's catalog and the number it
/// names (the minimum length or class count), if any.
struct PasswordProblem {
    std::string key;
    int value = 0;
};

/// Checks new passwords with libpwquality (and through it cracklib's dictionary of common and
/// dictionary-word passwords). Thread-safe: cracklib is not, so checks are serialised.
class PasswordPolicy {
public:
    explicit PasswordPolicy(PasswordRules rules);
    ~PasswordPolicy();
    PasswordPolicy(const PasswordPolicy&) = delete;
    PasswordPolicy& operator=(const PasswordPolicy&) = delete;

    /// nullopt when `password` is acceptable for `account_name`.
    std::optional<PasswordProblem> check(std::string_view password,
                                         std::string_view account_name) const;
    const PasswordRules& rules() const { return rules_; }

private:
    PasswordRules rules_;
    struct Settings;
    Settings* settings_;
    mutable std::mutex mutex_;
};

}  // namespace gp::security

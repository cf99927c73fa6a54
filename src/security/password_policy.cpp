#include "security/password_policy.hpp"

#include <pwquality.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace gp::security {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int classes_of(std::string_view password) {
    bool lower_case = false, upper_case = false, digit = false, other = false;
    for (unsigned char c : password) {
        if (c >= 'a' && c <= 'z') {
            lower_case = true;
        } else if (c >= 'A' && c <= 'Z') {
            upper_case = true;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            other = true;
        }
    }
    return lower_case + upper_case + digit + other;
}

std::size_t characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(
        utf8.begin(), utf8.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

// Base words of the passwords people choose most, in China and elsewhere; a password containing
// one (in any case, with anything around it) is refused. cracklib's dictionary covers plain
// words; these are the patterns it lets through once digits and symbols are added.
constexpr std::string_view kBannedWords =
    "password passwd passw0rd p@ssw0rd qwerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm "
    "1qaz2wsx 1q2w3e4r qazwsx 123qwe qwe123 abc123 abcd1234 aa123456 a123456 123456 654321 "
    "111111 000000 888888 666666 147258 159357 123123 112233 5201314 1314520 woaini iloveyou "
    "admin administrator root welcome letmein dragon monkey sunshine princess football "
    "baseball master superman batman shadow trustno1 changeme default guest test1234 "
    "huawei xiaomi baidu tencent weixin wechat taobao zhongguo beijing shanghai shenzhen "
    "dengbao guardpress";

}  // namespace

struct PasswordPolicy::Settings {
    pwquality_settings_t* pwq = nullptr;
};

PasswordPolicy::PasswordPolicy(PasswordRules rules)
    : rules_(std::move(rules)), settings_(new Settings{pwquality_default_settings()}) {
    if (!settings_->pwq) {
        delete settings_;
        throw std::runtime_error("libpwquality could not be initialised");
    }
    // Length and classes are checked here (with our messages); libpwquality adds what needs
    // its data: the dictionary, sequences, repeats, palindromes and the account name.
    auto* pwq = settings_->pwq;
    pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, 6);
    pwquality_set_int_value(pwq, PWQ_SETTING_DIG_CREDIT, 0);
    pwquality_set_int_value(pwq, PWQ_SETTING_UP_CREDIT, 0);
    pwquality_set_int_value(pwq, PWQ_SETTING_LOW_CREDIT, 0);
    pwquality_set_int_value(pwq, PWQ_SETTING_OTH_CREDIT, 0);
    pwquality_set_int_value(pwq, PWQ_SETTING_MIN_CLASS, 0);
    pwquality_set_int_value(pwq, PWQ_SETTING_MAX_REPEAT, 3);
    pwquality_set_int_value(pwq, PWQ_SETTING_MAX_SEQUENCE, 4);
    pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK, rules_.dictionary_check ? 1 : 0);
    pwquality_set_int_value(pwq, PWQ_SETTING_USER_CHECK, 1);
    pwquality_set_int_value(pwq, PWQ_SETTING_USER_SUBSTR, 4);
    std::string banned(kBannedWords);
    if (!rules_.banned_words.empty()) banned += " " + rules_.banned_words;
    if (pwquality_set_str_value(pwq, PWQ_SETTING_BAD_WORDS, banned.c_str()) != 0) {
        pwquality_free_settings(pwq);
        delete settings_;
        throw std::runtime_error("libpwquality refused the banned word list");
    }
}

PasswordPolicy::~PasswordPolicy() {
    pwquality_free_settings(settings_->pwq);
    delete settings_;
}

std::optional<PasswordProblem> PasswordPolicy::check(std::string_view password,
                                                     std::string_view account_name) const {
    const auto length = characters(password);
    if (length < static_cast<std::size_t>(rules_.min_length)) {
        return PasswordProblem{"password_too_short", rules_.min_length};
    }
    if (length > static_cast<std::size_t>(rules_.max_length)) {
        return PasswordProblem{"password_too_long", rules_.max_length};
    }
    if (password.find('\0') != std::string_view::npos) return PasswordProblem{"password_weak"};
    if (classes_of(password) < rules_.min_classes) {
        return PasswordProblem{"password_classes", rules_.min_classes};
    }
    if (!account_name.empty() && lower(password).find(lower(account_name)) != std::string::npos) {
        return PasswordProblem{"password_has_name"};
    }
    const std::string pw(password);
    const std::string user(account_name);
    int rc = 0;
    {
        std::lock_guard lock(mutex_);
        rc = pwquality_check(settings_->pwq, pw.c_str(), nullptr,
                             user.empty() ? nullptr : user.c_str(), nullptr);
    }
    if (rc >= 0) return std::nullopt;
    switch (rc) {
        case PWQ_ERROR_CRACKLIB_CHECK:
        case PWQ_ERROR_BAD_WORDS:
            return PasswordProblem{"password_common"};
        case PWQ_ERROR_USER_CHECK:
        case PWQ_ERROR_GECOS_CHECK:
            return PasswordProblem{"password_has_name"};
        case PWQ_ERROR_MEM_ALLOC:
        case PWQ_ERROR_FATAL_FAILURE:
            throw std::runtime_error("libpwquality failed while checking a password");
        default:
            return PasswordProblem{"password_weak"};
    }
}

}  // namespace gp::security

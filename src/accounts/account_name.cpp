#include "accounts/account_name.hpp"

#include <algorithm>
#include <cctype>

namespace gp::accounts {

bool valid_account_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 32) return false;
    if (!std::isalnum(static_cast<unsigned char>(name.front()))) return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '_' || c == '-';
    });
}

}  // namespace gp::accounts

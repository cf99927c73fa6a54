#pragma once

#include <string_view>

namespace gp::accounts {

/// Account names: 3–32 of A–Z, a–z, 0–9, '.', '_', '-', starting with a letter or digit. An
/// account is only created under such a name, and sign-in looks up and records only names
/// that pass.
bool valid_account_name(std::string_view name);

}  // namespace gp::accounts

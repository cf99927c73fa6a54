#pragma once

#include <string>

#include "accounts/roles.hpp"
#include "content/account.hpp"

namespace gp::accounts {

/// Where a request came from, for audit records and throttling.
struct Client {
    std::string ip;
    std::string user_agent;
    std::string request_id;
};

/// A signed-in person: the account and the session the request carried.
struct Principal {
    content::Account account;
    content::Session session;
    Role role = Role::none;
};

}  // namespace gp::accounts

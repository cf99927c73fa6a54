#pragma once

#include <stdexcept>

namespace gp::store::postgres {

/// Thrown for any PostgreSQL failure; the message names the query and the server's reason.
class PostgresError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace gp::store::postgres

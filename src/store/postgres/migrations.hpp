#pragma once

#include <string_view>
#include <vector>

namespace gp::store::postgres {

struct Migration {
    std::string_view name;  ///< "0001_content.sql"; the number is the schema version
    std::string_view sql;
};

/// The numbered SQL files of migrations/postgres/, compiled into the binary (docs/adr/0003).
const std::vector<Migration>& migrations();

}  // namespace gp::store::postgres

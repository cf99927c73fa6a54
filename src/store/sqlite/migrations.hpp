#pragma once

#include <string_view>
#include <vector>

namespace gp::store::sqlite {

struct Migration {
    std::string_view name;  ///< "0001_content.sql"; the number is the schema version
    std::string_view sql;
};

/// The numbered SQL files of migrations/sqlite/, compiled into the binary so that a deployed
/// program never depends on its source tree.
const std::vector<Migration>& migrations();

}  // namespace gp::store::sqlite

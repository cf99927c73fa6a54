#pragma once

#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

/// Applies every migration newer than the store's version in one transaction; on failure the
/// store keeps its old schema. Returns how many were applied. Throws SqliteError.
int migrate(Connection& connection);

}  // namespace gp::store::sqlite

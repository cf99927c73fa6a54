#pragma once

#include <pqxx/pqxx>

namespace gp::store::postgres {

/// Applies every migration newer than the database's schema version in one transaction, under
/// an advisory lock so that nodes starting together migrate once; returns how many it applied.
/// Throws PostgresError when one fails (nothing of the run is kept).
int migrate(pqxx::connection& connection);

}  // namespace gp::store::postgres

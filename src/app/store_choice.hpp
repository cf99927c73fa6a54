#pragma once

#include <memory>

#include "config/settings.hpp"
#include "store/store.hpp"

namespace gp::app {

/// The store `settings.store` names: SQLite in `store_settings.data_dir` (the default) or the
/// PostgreSQL database at `settings.store.url`. Either is migrated on opening; throws with a
/// message an operator understands when it cannot be opened.
std::unique_ptr<store::Store> open_configured_store(const config::Settings& settings,
                                                    const store::StoreSettings& store_settings);

/// Whether there is a site to open: for SQLite a store file in the data dir; for PostgreSQL the
/// data dir's key file (the database itself answers for itself when it is opened).
bool configured_store_exists(const config::Settings& settings,
                             const store::StoreSettings& store_settings);

}  // namespace gp::app

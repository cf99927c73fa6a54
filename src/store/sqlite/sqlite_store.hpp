#pragma once

#include <memory>

#include "store/store.hpp"

namespace gp::store::sqlite {

/// Opens (and migrates) the SQLite store in settings.data_dir; throws with a message an operator
/// understands when it cannot. Choosing between SQLite and PostgreSQL is app/store_choice's part.
std::unique_ptr<Store> open_store(const StoreSettings& settings);

/// True when the data dir already holds a SQLite store (used by `init` to refuse overwriting).
bool store_exists(const StoreSettings& settings);

}  // namespace gp::store::sqlite

#include "app/store_choice.hpp"

#include "app/app.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace gp::app {

std::unique_ptr<store::Store> open_configured_store(const config::Settings& settings,
                                                    const store::StoreSettings& store_settings) {
    if (settings.store.backend == config::StoreBackend::postgres) {
        return std::make_unique<store::postgres::PostgresStore>(store::postgres::PostgresSettings{
            settings.store.url, settings.store.pool_size, store_settings.audit_key,
            store_settings.audit_anchor});
    }
    return store::sqlite::open_store(store_settings);
}

bool configured_store_exists(const config::Settings& settings,
                             const store::StoreSettings& store_settings) {
    if (settings.store.backend == config::StoreBackend::postgres) {
        return std::filesystem::exists(key_file_path(settings, store_settings.data_dir));
    }
    return store::sqlite::store_exists(store_settings);
}

}  // namespace gp::app

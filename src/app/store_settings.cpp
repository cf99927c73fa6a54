#include <spdlog/spdlog.h>

#include "app/app.hpp"

namespace gp::app {

std::filesystem::path key_file_path(const config::Settings& settings,
                                    const std::filesystem::path& data_dir) {
    return settings.leads.key_file.empty() ? data_dir / "guardpress.key" : settings.leads.key_file;
}

store::StoreSettings store_settings(const security::MasterKey& master,
                                    const std::filesystem::path& data_dir,
                                    const std::filesystem::path& key_file) {
    const auto key = master.derive(4, "gp_audit");
    return store::StoreSettings{
        data_dir, std::string(reinterpret_cast<const char*>(key.data()), key.size()),
        key_file.empty() ? std::filesystem::path() : audit_anchor_path(key_file)};
}

std::filesystem::path audit_anchor_path(const std::filesystem::path& key_file) {
    return key_file.string() + ".audit-anchor";
}

}  // namespace gp::app

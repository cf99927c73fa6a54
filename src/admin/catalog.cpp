#include "admin/catalog.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gp::admin {
namespace {

constexpr std::string_view kLanguages[] = {"zh", "en"};

}  // namespace

Catalog::Catalog(const std::filesystem::path& dir) {
    for (auto lang : kLanguages) {
        const auto file = dir / ("admin." + std::string(lang) + ".json");
        std::ifstream in(file);
        if (!in) throw std::runtime_error("cannot read " + file.string());
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error(file.string() + ": " + e.what());
        }
        auto& texts = texts_[std::string(lang)];
        render::Data data{render::Object{}};
        for (const auto& [key, value] : j.items()) {
            if (!value.is_string())
                throw std::runtime_error(file.string() + ": " + key + " is not a string");
            texts[key] = value.get<std::string>();
            data.set(key, value.get<std::string>());
        }
        data_.emplace(std::string(lang), std::move(data));
    }
    for (const auto& [key, text] : texts_.at("zh")) {
        if (!texts_.at("en").contains(key)) throw std::runtime_error("admin.en.json lacks " + key);
    }
    for (const auto& [key, text] : texts_.at("en")) {
        if (!texts_.at("zh").contains(key)) throw std::runtime_error("admin.zh.json lacks " + key);
    }
}

std::string_view Catalog::language(std::string_view wanted) { return wanted == "en" ? "en" : "zh"; }

std::string Catalog::text(std::string_view lang, std::string_view key, int n) const {
    const auto& texts = texts_.find(language(lang))->second;
    const auto it = texts.find(key);
    if (it == texts.end()) return std::string(key);
    std::string out = it->second;
    if (const auto at = out.find("{n}"); at != std::string::npos) {
        out.replace(at, 3, std::to_string(n));
    }
    return out;
}

const render::Data& Catalog::all(std::string_view lang) const {
    return data_.find(language(lang))->second;
}

}  // namespace gp::admin

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "content/article.hpp"

// Conversions between the structs' values and the columns: times are Unix seconds in BIGINT
// columns, as in the SQLite store (docs/adr/0014), and bytes are BYTEA.
namespace gp::store::postgres {

inline std::int64_t seconds(content::Time t) { return t.time_since_epoch().count(); }
inline content::Time time_of(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }
inline content::Time time_of(const pqxx::field& f) { return time_of(f.as<std::int64_t>()); }

inline std::optional<std::int64_t> optional_int(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::int64_t>();
}
inline std::optional<std::string> optional_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}
/// A BYTEA column's bytes; empty for NULL.
inline std::string bytes(const pqxx::field& f) {
    if (f.is_null()) return {};
    return pqxx::binarystring(f).str();
}
/// At most `max_bytes` of `text`, cut before a character, never inside one: PostgreSQL refuses
/// text that is not UTF-8, where SQLite would keep the broken tail.
inline std::string utf8_prefix(const std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

/// Bytes sent as a binary parameter, so no byte is read as text.
inline pqxx::binarystring binary(const std::string& bytes) { return pqxx::binarystring(bytes); }

}  // namespace gp::store::postgres

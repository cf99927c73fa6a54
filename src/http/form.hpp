#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace gp::http {

/// The fields of an application/x-www-form-urlencoded body ('+' read as a space), in order;
/// nullopt for another content type, a malformed body or text that is not UTF-8.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(const Request& req);

/// The first value of `name` in parsed form fields, or "".
std::string_view form_value(const std::vector<std::pair<std::string, std::string>>& fields,
                            std::string_view name);

/// False when Origin or Referer name a host other than the request's own: a cross-site form.
/// True when neither is sent (privacy tools strip them); a token must then decide.
bool same_site(const Request& req);

/// The host and port of an absolute URL ("https://a.example:8080/x" → "a.example:8080").
std::string host_of(std::string_view url);

/// The value of one cookie of the request, or nullopt.
std::optional<std::string> cookie(const Request& req, std::string_view name);

}  // namespace gp::http

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace gp::http {

/// One part of a multipart/form-data body.
struct FormPart {
    std::string name;      ///< the form field
    std::string filename;  ///< as the client sent it (untrusted); empty for a plain field
    bool is_file = false;  ///< the part carried a filename parameter
    std::string data;
};

/// True when the request's Content-Type is multipart/form-data.
bool is_multipart(const Request& req);

/// The parts of a multipart/form-data body, parsed by GMime (docs/adr/0012-media-uploads.md);
/// nullopt when the body is not multipart/form-data, has no boundary, holds more than
/// `max_parts` parts or a part without a form-data disposition and name.
std::optional<std::vector<FormPart>> parse_multipart(const Request& req, std::size_t max_parts);

}  // namespace gp::http

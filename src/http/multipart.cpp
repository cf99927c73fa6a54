#include "http/multipart.hpp"

#include <gmime/gmime.h>

#include <boost/beast/core/string.hpp>
#include <mutex>

namespace gp::http {
namespace {

void start_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

/// Drops a GObject reference at scope exit.
template <class T>
struct Ref {
    T* p = nullptr;
    ~Ref() {
        if (p) g_object_unref(p);
    }
};

std::string_view media_type(std::string_view content_type) {
    const auto semi = content_type.find(';');
    auto type = content_type.substr(0, semi);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    return type;
}

}  // namespace

bool is_multipart(const Request& req) {
    return boost::beast::iequals(media_type(req[Field::content_type]), "multipart/form-data");
}

std::optional<std::vector<FormPart>> parse_multipart(const Request& req, std::size_t max_parts) {
    if (!is_multipart(req)) return std::nullopt;
    const std::string_view content_type = req[Field::content_type];
    // The header is checked here, so nothing that is not plain text reaches the MIME parser.
    for (unsigned char c : content_type) {
        if (c < 0x20 || c == 0x7F) return std::nullopt;
    }
    start_gmime();
    // An HTTP form body is a MIME entity without its headers: give GMime the one header it
    // needs and let it find the boundary and the parts.
    std::string entity = "Content-Type: " + std::string(content_type) + "\r\n\r\n";
    entity += req.body();
    Ref<GMimeStream> stream{g_mime_stream_mem_new_with_buffer(entity.data(), entity.size())};
    Ref<GMimeParser> parser{g_mime_parser_new_with_stream(stream.p)};
    GMimeParserOptions* options = g_mime_parser_options_new();
    Ref<GMimeObject> root{g_mime_parser_construct_part(parser.p, options)};
    g_mime_parser_options_free(options);
    if (!root.p || !GMIME_IS_MULTIPART(root.p)) return std::nullopt;
    auto* multipart = GMIME_MULTIPART(root.p);
    if (!g_mime_multipart_get_boundary(multipart)) return std::nullopt;
    const int count = g_mime_multipart_get_count(multipart);
    if (count < 0 || static_cast<std::size_t>(count) > max_parts) return std::nullopt;
    std::vector<FormPart> parts;
    for (int i = 0; i < count; ++i) {
        GMimeObject* object = g_mime_multipart_get_part(multipart, i);
        if (!GMIME_IS_PART(object)) return std::nullopt;
        GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
        if (!disposition) return std::nullopt;
        const char* kind = g_mime_content_disposition_get_disposition(disposition);
        const char* name = g_mime_content_disposition_get_parameter(disposition, "name");
        if (!kind || g_ascii_strcasecmp(kind, "form-data") != 0 || !name) return std::nullopt;
        FormPart part;
        part.name = name;
        if (const char* file = g_mime_content_disposition_get_parameter(disposition, "filename")) {
            part.filename = file;
            part.is_file = true;
        }
        if (GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(object))) {
            Ref<GMimeStream> out{g_mime_stream_mem_new()};
            // Decodes a Content-Transfer-Encoding if a client sent one; binary stays as it is.
            if (g_mime_data_wrapper_write_to_stream(content, out.p) < 0) return std::nullopt;
            GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.p));
            part.data.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

}  // namespace gp::http

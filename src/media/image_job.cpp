#include "media/image_job.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gp::media {
namespace {

using content::Errc;
using Json = nlohmann::json;

// Only the two refusals an image can earn travel; anything else is the program's own failure.
std::string_view refusal_name(Errc code) {
    return code == Errc::payload_too_large ? "payload_too_large" : "bad_request";
}

}  // namespace

std::optional<ImageFormat> image_format_from_name(std::string_view name) {
    if (name == "jpeg") return ImageFormat::jpeg;
    if (name == "png") return ImageFormat::png;
    if (name == "webp") return ImageFormat::webp;
    if (name == "gif") return ImageFormat::gif;
    return std::nullopt;
}

std::string_view image_format_name(ImageFormat format) {
    switch (format) {
        case ImageFormat::jpeg:
            return "jpeg";
        case ImageFormat::png:
            return "png";
        case ImageFormat::webp:
            return "webp";
        case ImageFormat::gif:
            return "gif";
        case ImageFormat::none:
            break;
    }
    return "none";
}

std::string encode_image_reply(const content::Result<ProcessedImage>& result) {
    Json head;
    if (result) {
        head = {{"status", "ok"},
                {"width", result->width},
                {"height", result->height},
                {"image_bytes", result->bytes.size()},
                {"thumbnail_bytes", result->thumbnail.size()}};
    } else {
        head = {{"status", refusal_name(result.error().code)},
                {"message", result.error().user_message},
                {"detail", result.error().detail}};
    }
    // dump() escapes control characters, so the head is one line whatever the messages hold.
    std::string out = head.dump(-1, ' ', false, Json::error_handler_t::replace);
    out += '\n';
    if (result) {
        out += result->bytes;
        out += result->thumbnail;
    }
    return out;
}

content::Result<ProcessedImage> decode_image_reply(std::string_view reply) {
    const auto end_of_head = reply.find('\n');
    if (end_of_head == std::string_view::npos) {
        throw std::runtime_error("imaging reply without a head line");
    }
    Json head;
    try {
        head = Json::parse(reply.substr(0, end_of_head));
    } catch (const Json::exception& e) {
        throw std::runtime_error(std::string("imaging reply head is not JSON: ") + e.what());
    }
    const auto rest = reply.substr(end_of_head + 1);
    try {
        const auto status = head.at("status").get<std::string>();
        if (status != "ok") {
            const auto code =
                status == "payload_too_large" ? Errc::payload_too_large : Errc::bad_request;
            if (status != "payload_too_large" && status != "bad_request") {
                throw std::runtime_error("imaging reply with unknown status " + status);
            }
            return content::make_error(code, head.at("message").get<std::string>(),
                                       head.at("detail").get<std::string>());
        }
        const auto image_bytes = head.at("image_bytes").get<std::size_t>();
        const auto thumbnail_bytes = head.at("thumbnail_bytes").get<std::size_t>();
        if (image_bytes == 0 || thumbnail_bytes == 0 ||
            rest.size() != image_bytes + thumbnail_bytes) {
            throw std::runtime_error("imaging reply lengths do not match its bytes");
        }
        ProcessedImage out;
        out.width = head.at("width").get<int>();
        out.height = head.at("height").get<int>();
        out.bytes = std::string(rest.substr(0, image_bytes));
        out.thumbnail = std::string(rest.substr(image_bytes));
        return out;
    } catch (const Json::exception& e) {
        throw std::runtime_error(std::string("imaging reply head incomplete: ") + e.what());
    }
}

}  // namespace gp::media

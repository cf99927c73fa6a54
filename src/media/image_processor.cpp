#include "media/image_processor.hpp"

#include <fmt/format.h>
#include <sys/wait.h>

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>
#include <future>
#include <string>
#include <vector>

namespace gp::media {
namespace {

namespace bp = boost::process;
using content::Errc;
using content::make_error;

constexpr std::string_view kUndecodable = "图片文件已损坏或无法解码，请重新导出后再上传。";
constexpr std::string_view kUnavailable = "图片处理暂时不可用，请稍后再试或联系管理员。";

std::string first_line(std::string text) {
    const auto nl = text.find('\n');
    if (nl != std::string::npos) text.resize(nl);
    if (text.size() > 300) text.resize(300);
    return text;
}

// A pipe whose read failed counts as empty: the exit status and the reply's parser then say
// what went wrong, with the program's own words from stderr.
template <class T>
std::string value_or_empty(std::future<T>& f) {
    if (f.wait_for(std::chrono::seconds{0}) != std::future_status::ready) return {};
    try {
        return f.get();
    } catch (const std::exception&) {
        return {};
    }
}

}  // namespace

std::filesystem::path imaging_program_beside_executable() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "guardpress-imaging";
    return self.parent_path() / "guardpress-imaging";
}

content::Result<ProcessedImage> reencode_image(std::string_view bytes, ImageFormat format,
                                               const ImageLimits& limits,
                                               const ImagingProgram& program) {
    boost::asio::io_context io;
    std::future<std::string> out;
    std::future<std::string> err;
    std::error_code ec;
    const std::vector<std::string> args{"--format",          std::string(image_format_name(format)),
                                        "--max-pixels",      std::to_string(limits.max_pixels),
                                        "--thumbnail-width", std::to_string(limits.thumbnail_width),
                                        "--quality",         std::to_string(limits.quality)};
    // Boost.Process's limit_handles would close the child's own pipes along with the rest
    // (Boost 1.81), so the program closes every other descriptor itself as it starts.
    bp::child child(bp::exe = program.path.string(), bp::args = args,
                    bp::std_in<boost::asio::buffer(bytes.data(), bytes.size()), bp::std_out> out,
                    bp::std_err > err, io, ec);
    if (ec) {
        return make_error(Errc::unavailable, std::string(kUnavailable),
                          fmt::format("cannot run {}: {}", program.path.string(), ec.message()));
    }
    io.run_for(program.timeout);
    if (!io.stopped()) {
        // Still running (or its pipes still open) after the timeout: a decoder that loops on
        // a crafted file. The image is refused; the process goes.
        child.terminate(ec);
        io.run_for(std::chrono::seconds{5});
        return make_error(Errc::bad_request, std::string(kUndecodable),
                          fmt::format("imaging killed after {} s", program.timeout.count()));
    }
    child.wait(ec);
    const int status = child.native_exit_code();
    const std::string diagnostics = first_line(value_or_empty(err));
    if (WIFSIGNALED(status)) {
        // A decoder that crashes or hits its memory or CPU limit on a file: the file's doing.
        return make_error(
            Errc::bad_request, std::string(kUndecodable),
            fmt::format("imaging ended by signal {} {}", WTERMSIG(status), diagnostics));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return make_error(Errc::unavailable, std::string(kUnavailable),
                          fmt::format("imaging exited with {}: {}",
                                      WIFEXITED(status) ? WEXITSTATUS(status) : -1, diagnostics));
    }
    try {
        return decode_image_reply(value_or_empty(out));
    } catch (const std::exception& e) {
        return make_error(Errc::unavailable, std::string(kUnavailable), e.what());
    }
}

}  // namespace gp::media

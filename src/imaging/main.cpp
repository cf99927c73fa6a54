// guardpress-imaging: decodes one uploaded image and writes it again, in a process of its own
// (docs/adr/0017-imaging-out-of-process.md). The image arrives on standard input; the reply
// (media/image_job.hpp) leaves on standard output. The server never links libvips.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <iterator>
#include <string>

#include "imaging/vips_reencode.hpp"
#include "media/image_job.hpp"

namespace {

void limit(int resource, rlim_t value) {
    const rlimit l{value, value};
    if (setrlimit(resource, &l) != 0) {
        std::perror("guardpress-imaging: setrlimit");
        std::exit(1);
    }
}

// A decoder bug met by a crafted file ends here, in a process that can use only this much
// memory and time, holds no socket, key or store, and leaves no core file.
void confine(std::int64_t max_pixels) {
    // Whatever the server had open without close-on-exec (sockets, the store) goes first.
    close_range(3, ~0U, 0);
    limit(RLIMIT_CORE, 0);
    limit(RLIMIT_CPU, 30);
    limit(RLIMIT_NOFILE, 32);
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer reserves terabytes of shadow address space at start; under it the
    // memory limit is left to the release build.
    (void)max_pixels;
#else
    // Decoded pixels (up to four bands), the upright copy and libvips's threads, with room.
    limit(RLIMIT_AS, (rlim_t{1} << 30) + static_cast<rlim_t>(max_pixels) * 16);
#endif
}

int run(int argc, char** argv) {
    CLI::App cli{"Re-encodes one image from standard input (used by guardpress serve)"};
    std::string format_name;
    gp::media::ImageLimits limits;
    cli.add_option("--format", format_name, "jpeg, png, webp or gif")->required();
    cli.add_option("--max-pixels", limits.max_pixels)->required()->check(CLI::Range(1, 1 << 30));
    cli.add_option("--thumbnail-width", limits.thumbnail_width)
        ->required()
        ->check(CLI::Range(1, 10000));
    cli.add_option("--quality", limits.quality)->required()->check(CLI::Range(1, 100));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    const auto format = gp::media::image_format_from_name(format_name);
    if (!format) {
        std::cerr << "guardpress-imaging: unknown format " << format_name << "\n";
        return 2;
    }
    confine(limits.max_pixels);

    std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    try {
        const auto reply =
            gp::media::encode_image_reply(gp::imaging::reencode_with_vips(input, *format, limits));
        if (std::fwrite(reply.data(), 1, reply.size(), stdout) != reply.size() ||
            std::fflush(stdout) != 0) {
            std::perror("guardpress-imaging: writing the reply");
            return 1;
        }
    } catch (const std::exception& e) {
        std::cerr << "guardpress-imaging: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Whatever escapes (a failed allocation, an option CLI11 cannot report) is an error exit
    // with a line on stderr, never an abort: the server reads the status.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "guardpress-imaging: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "guardpress-imaging: unexpected failure\n";
    }
    return 1;
}

#include "pagecache/page_body.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <stdexcept>

namespace gp::pagecache {
namespace {

constexpr int kGzipLevel = 6;
// Quality 5 compresses HTML better than gzip -9 at about the cost of gzip -6; the higher
// qualities cost tens of milliseconds per page, which a first render cannot afford.
constexpr int kBrotliQuality = 5;
constexpr unsigned char kGzipHeader[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

/// One deflate state per thread, reset between pages: deflateInit allocates and clears about
/// 270 KB, which showed in the first-render profile (malloc, memset) when done per page.
class Deflater {
public:
    Deflater() {
        if (deflateInit2(&z_, kGzipLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::runtime_error("zlib: deflateInit2 failed");
        }
    }
    ~Deflater() { deflateEnd(&z_); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    /// Raw deflate of `text` ending with `flush` (Z_SYNC_FLUSH: byte-aligned, stream left open
    /// for more blocks; Z_FINISH: final block).
    std::string run(std::string_view text, int flush) {
        deflateReset(&z_);
        std::string out(deflateBound(&z_, text.size()) + 16, '\0');
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
        z_.avail_in = static_cast<uInt>(text.size());
        z_.next_out = reinterpret_cast<Bytef*>(out.data());
        z_.avail_out = static_cast<uInt>(out.size());
        const int rc = deflate(&z_, flush);
        if (rc != (flush == Z_FINISH ? Z_STREAM_END : Z_OK) || z_.avail_in != 0) {
            throw std::runtime_error("zlib: deflate failed");
        }
        out.resize(out.size() - z_.avail_out);
        return out;
    }

private:
    z_stream z_{};
};

std::string deflate_raw(std::string_view text, int flush) {
    thread_local Deflater deflater;
    return deflater.run(text, flush);
}

std::uint32_t crc_of(std::string_view s) {
    return static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

void put_le32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

std::string_view encoding_name(Encoding e) {
    switch (e) {
        case Encoding::gzip:
            return "gzip";
        case Encoding::br:
            return "br";
        case Encoding::identity:
            break;
    }
    return "";
}

std::string gzip_compress(std::string_view text) {
    std::string out(reinterpret_cast<const char*>(kGzipHeader), sizeof kGzipHeader);
    out += deflate_raw(text, Z_FINISH);
    put_le32(out, crc_of(text));
    put_le32(out, static_cast<std::uint32_t>(text.size()));
    return out;
}

std::string gzip_decompress(std::string_view data) {
    z_stream z{};
    // 32 + 15: detect the gzip header; members are inflated one after another.
    if (inflateInit2(&z, 32 + 15) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
    std::string out;
    char buf[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        const int rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0) break;
            inflateReset(&z);
            continue;
        }
        if (rc != Z_OK) {
            inflateEnd(&z);
            throw std::runtime_error("gzip: corrupt stream");
        }
    }
    inflateEnd(&z);
    return out;
}

std::string brotli_compress(std::string_view text) {
    std::size_t size = BrotliEncoderMaxCompressedSize(text.size());
    if (size == 0) size = text.size() + 1024;
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, text.size(),
                               reinterpret_cast<const std::uint8_t*>(text.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data()))) {
        throw std::runtime_error("brotli: compression failed");
    }
    out.resize(size);
    return out;
}

std::string brotli_decompress(std::string_view data) {
    auto* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    std::string out;
    std::uint8_t buf[16384];
    std::size_t available_in = data.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
    BrotliDecoderResult rc;
    do {
        std::size_t available_out = sizeof buf;
        std::uint8_t* next_out = buf;
        rc = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out,
                                           &next_out, nullptr);
        out.append(reinterpret_cast<char*>(buf), sizeof buf - available_out);
    } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
    BrotliDecoderDestroyInstance(state);
    if (rc != BROTLI_DECODER_RESULT_SUCCESS) throw std::runtime_error("brotli: corrupt stream");
    return out;
}

PageBody::PageBody(std::string text, std::size_t slot_at, std::size_t slot_length, bool compress) {
    if (slot_at == kNoSlot || slot_at > text.size()) {
        prefix_ = std::move(text);
        if (compress) {
            gzip_prefix_ = gzip_compress(prefix_);
            brotli_ = brotli_compress(prefix_);
        }
        return;
    }
    slot_ = true;
    prefix_ = text.substr(0, slot_at);
    suffix_ = text.substr(std::min(text.size(), slot_at + slot_length));
    crc_prefix_ = crc_of(prefix_);
    crc_suffix_ = crc_of(suffix_);
    // Every page with a slot is HTML, always worth compressing. The part after the slot is its
    // own deflate stream: it must not refer back across the slot, whose length varies.
    gzip_prefix_.assign(reinterpret_cast<const char*>(kGzipHeader), sizeof kGzipHeader);
    gzip_prefix_ += deflate_raw(prefix_, Z_SYNC_FLUSH);
    gzip_suffix_ = deflate_raw(suffix_, Z_FINISH);
}

bool PageBody::has(Encoding e) const {
    switch (e) {
        case Encoding::identity:
            return true;
        case Encoding::gzip:
            return !gzip_prefix_.empty();
        case Encoding::br:
            return !brotli_.empty();
    }
    return false;
}

void PageBody::pieces(Encoding e, std::string_view fill, std::array<std::string_view, 4>& parts,
                      std::array<std::string, 2>& scratch) const {
    parts = {};
    if (e == Encoding::br) {
        parts[0] = brotli_;
        return;
    }
    if (!slot_) {
        parts[0] = e == Encoding::gzip ? std::string_view{gzip_prefix_} : prefix_;
        return;
    }
    fill = fill.substr(0, 0xffff);
    if (e == Encoding::identity) {
        scratch[0].assign(fill);
        parts = {prefix_, scratch[0], suffix_, {}};
        return;
    }
    // A stored (uncompressed) deflate block: after the prefix's sync flush the stream is on a
    // byte boundary, so the block header is one zero byte (not final, type 00), then LEN, NLEN.
    auto& block = scratch[0];
    const auto len = static_cast<std::uint16_t>(fill.size());
    block.clear();
    block.push_back('\0');
    block.push_back(static_cast<char>(len & 0xff));
    block.push_back(static_cast<char>(len >> 8));
    block.push_back(static_cast<char>(~len & 0xff));
    block.push_back(static_cast<char>((~len >> 8) & 0xff));
    block.append(fill);
    auto crc = crc32_combine(crc_prefix_, crc_of(fill), static_cast<z_off_t>(fill.size()));
    crc = crc32_combine(crc, crc_suffix_, static_cast<z_off_t>(suffix_.size()));
    auto& trailer = scratch[1];
    trailer.clear();
    put_le32(trailer, static_cast<std::uint32_t>(crc));
    put_le32(trailer, static_cast<std::uint32_t>(prefix_.size() + fill.size() + suffix_.size()));
    parts = {gzip_prefix_, block, gzip_suffix_, trailer};
}

std::size_t PageBody::memory() const {
    return prefix_.capacity() + suffix_.capacity() + gzip_prefix_.capacity() +
           gzip_suffix_.capacity() + brotli_.capacity() + sizeof(*this);
}

}  // namespace gp::pagecache

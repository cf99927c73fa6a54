#include "pagecache/page_body.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <sodium.h>
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
        // The buffer was sized for the worst case, about the text's own size; a kept page must
        // not hold that much for a third of it.
        out.shrink_to_fit();
        return out;
    }

private:
    z_stream z_{};
};

std::string deflate_raw(std::string_view text, int flush) {
    thread_local Deflater deflater;
    return deflater.run(text, flush);
}

/// Inflates raw deflate data (no header or trailer) that ends with a final block or a sync
/// flush, appending to `out`.
void inflate_raw(std::string_view data, std::string& out) {
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    char buf[16384];
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        const int rc = inflate(&z, Z_SYNC_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_STREAM_END) break;
        // Z_BUF_ERROR with no input left: the last call filled the buffer exactly, nothing more.
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
        if (rc != Z_OK) {
            inflateEnd(&z);
            throw std::runtime_error("deflate: corrupt stream");
        }
        if (z.avail_in == 0 && z.avail_out != 0) break;
    }
    inflateEnd(&z);
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

std::string weak_etag(std::string_view text, std::size_t slot_at, std::size_t slot_length) {
    // sodium_init is idempotent and thread-safe; calling it here keeps this usable from tests.
    static const int sodium_ready = sodium_init();
    (void)sodium_ready;
    std::string_view before = text;
    std::string_view after;
    if (slot_at != PageBody::kNoSlot && slot_at <= text.size()) {
        before = text.substr(0, slot_at);
        after = text.substr(std::min(text.size(), slot_at + slot_length));
    }
    crypto_generichash_state state;
    unsigned char hash[16];
    crypto_generichash_init(&state, nullptr, 0, sizeof hash);
    for (const auto part : {before, after}) {
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
    }
    crypto_generichash_final(&state, hash, sizeof hash);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return "W/\"" + std::string(hex) + "\"";
}

std::string gzip_compress(std::string_view text) {
    const auto raw = deflate_raw(text, Z_FINISH);
    std::string out;
    out.reserve(sizeof kGzipHeader + raw.size() + 8);
    out.assign(reinterpret_cast<const char*>(kGzipHeader), sizeof kGzipHeader);
    out += raw;
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
    out.shrink_to_fit();
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
        if (compress) {
            gzip_prefix_ = gzip_compress(text);
            brotli_ = brotli_compress(text);
        } else {
            identity_ = std::move(text);
        }
        return;
    }
    slot_ = true;
    const std::string_view whole = text;
    const auto prefix = whole.substr(0, slot_at);
    const auto suffix = whole.substr(std::min(whole.size(), slot_at + slot_length));
    prefix_size_ = prefix.size();
    suffix_size_ = suffix.size();
    crc_prefix_ = crc_of(prefix);
    crc_suffix_ = crc_of(suffix);
    // Every page with a slot is HTML, always worth compressing. The part after the slot is its
    // own deflate stream: it must not refer back across the slot, whose length varies.
    const auto raw_prefix = deflate_raw(prefix, Z_SYNC_FLUSH);
    gzip_prefix_.reserve(sizeof kGzipHeader + raw_prefix.size());
    gzip_prefix_.assign(reinterpret_cast<const char*>(kGzipHeader), sizeof kGzipHeader);
    gzip_prefix_ += raw_prefix;
    gzip_suffix_ = deflate_raw(suffix, Z_FINISH);
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
    fill = fill.substr(0, 0xffff);
    if (e == Encoding::identity) {
        if (!slot_ && gzip_prefix_.empty()) {
            parts[0] = identity_;
            return;
        }
        // Made from the gzip variant (see the class comment).
        scratch[0].clear();
        scratch[1].clear();
        if (!slot_) {
            scratch[0] = gzip_decompress(gzip_prefix_);
        } else {
            scratch[0].reserve(prefix_size_ + fill.size());
            inflate_raw(std::string_view(gzip_prefix_).substr(sizeof kGzipHeader), scratch[0]);
            scratch[0].append(fill);
            scratch[1].reserve(suffix_size_);
            inflate_raw(gzip_suffix_, scratch[1]);
        }
        parts = {scratch[0], scratch[1], {}, {}};
        return;
    }
    if (!slot_) {
        parts[0] = gzip_prefix_;
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
    crc = crc32_combine(crc, crc_suffix_, static_cast<z_off_t>(suffix_size_));
    auto& trailer = scratch[1];
    trailer.clear();
    put_le32(trailer, static_cast<std::uint32_t>(crc));
    put_le32(trailer, static_cast<std::uint32_t>(prefix_size_ + fill.size() + suffix_size_));
    parts = {gzip_prefix_, block, gzip_suffix_, trailer};
}

std::size_t PageBody::memory() const {
    return identity_.capacity() + gzip_prefix_.capacity() + gzip_suffix_.capacity() +
           brotli_.capacity() + sizeof(*this);
}

}  // namespace gp::pagecache

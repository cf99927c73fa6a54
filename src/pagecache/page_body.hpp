#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gp::pagecache {

enum class Encoding { identity = 0, gzip = 1, br = 2 };

/// The name used in Content-Encoding ("" for identity).
std::string_view encoding_name(Encoding e);

/// The body of a response in up to four pieces; `scratch` holds the bytes made for one request
/// (the slot's text and, for gzip, its framing and trailer), so the pieces stay valid while the
/// owner of the PageBody and of the scratch strings live.
struct BodyPieces {
    std::array<std::string_view, 4> parts{};
    std::array<std::string, 2> scratch;
    std::size_t size() const {
        std::size_t n = 0;
        for (auto p : parts) n += p.size();
        return n;
    }
    std::string joined() const {
        std::string out;
        out.reserve(size());
        for (auto p : parts) out.append(p);
        return out;
    }
};

/// A page kept as final bytes with its gzip and brotli variants, compressed once. A page may have
/// one slot, a short text that changes on every request (the 访问量 count); the gzip body is
/// then stored as the parts before and after it, and the gzip stream is spliced at send time
/// with a stored deflate block and a recombined CRC, so no request compresses anything
/// (docs/adr/0010-page-cache.md). Brotli's bit stream cannot be spliced that way, so a page with
/// a slot has no brotli variant and br clients get gzip. A compressed page does not keep its
/// identity bytes: nearly every client takes gzip or br, and the rare one that does not gets
/// the gzip variant inflated (tens of microseconds), so the budget holds two to three times as
/// many pages.
class PageBody {
public:
    static constexpr std::size_t kNoSlot = std::string::npos;

    /// `slot_at`/`slot_length`: where the placeholder is in `text` (removed from the stored
    /// bytes), or kNoSlot. `compress`: whether gzip and brotli variants are worth making.
    PageBody(std::string text, std::size_t slot_at, std::size_t slot_length, bool compress);

    bool has_slot() const { return slot_; }
    bool has(Encoding e) const;
    /// The body in encoding `e` (which must be available) with `fill` in the slot: `parts` point
    /// into this body and into `scratch`, which holds the bytes made for this request.
    void pieces(Encoding e, std::string_view fill, std::array<std::string_view, 4>& parts,
                std::array<std::string, 2>& scratch) const;
    void pieces(Encoding e, std::string_view fill, BodyPieces& out) const {
        pieces(e, fill, out.parts, out.scratch);
    }
    /// Bytes held, for the cache's budget.
    std::size_t memory() const;

private:
    bool slot_ = false;
    std::string identity_;         ///< the text, kept only when it is not compressed
    std::size_t prefix_size_ = 0;  ///< identity bytes before the slot
    std::size_t suffix_size_ = 0;  ///< and after it
    std::string gzip_prefix_;      ///< gzip header and deflate blocks, flushed to a byte boundary
    std::string gzip_suffix_;      ///< the final deflate blocks (no trailer when there is a slot)
    std::uint32_t crc_prefix_ = 0;
    std::uint32_t crc_suffix_ = 0;
    std::string brotli_;
};

/// A weak validator for `text` with the slot (`slot_length` bytes at `slot_at`, or kNoSlot) left
/// out, so that it does not change with what fills the slot: W/"<BLAKE2b-128 hex>".
std::string weak_etag(std::string_view text, std::size_t slot_at, std::size_t slot_length);

/// Compresses a whole text as one gzip member (level 6); exposed for tests.
std::string gzip_compress(std::string_view text);
/// Inflates a gzip stream (all members); throws std::runtime_error on corrupt input.
std::string gzip_decompress(std::string_view data);
/// Brotli round trip helpers, for tests and the fill path.
std::string brotli_compress(std::string_view text);
std::string brotli_decompress(std::string_view data);

}  // namespace gp::pagecache

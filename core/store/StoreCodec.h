#pragma once

#include "core/format/LandmarkSet.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxr::store {

/// Encodings shared by the repositories (internal): blobs, timestamps, ids.
class StoreCodec {
 public:
  /// 240 little-endian float64 values x0,y0,x1,y1,...
  static std::vector<std::uint8_t> landmarksToBlob(const format::LandmarkSet& landmarks);
  /// Inverse of landmarksToBlob; throws StoreError unless the blob holds 240 values.
  static format::LandmarkSet landmarksFromBlob(const std::vector<std::uint8_t>& blob);
  /// Compact storage of a CheXmask RLE string (schema v6, docs/store.md): the tag byte 0x01,
  /// then per run two unsigned LEB128 varints, the gap from the end of the previous run (0-based
  /// start minus previous end) and the length: 2.85 times smaller than the text on real
  /// CheXmask masks. Returns nullopt, and the caller stores the text as it is, for the empty RLE
  /// and for any text rleFromBlob would not give back byte for byte: anything but 1-based
  /// decimal "start length" pairs without leading zeros, joined by single spaces, with runs in
  /// order and lengths >= 1 (what Rle::encode writes, and every release row).
  static std::optional<std::vector<std::uint8_t>> rleToBlob(std::string_view text);
  /// The RLE text of a blob from rleToBlob; throws StoreError naming the problem for a blob
  /// that is not one (unknown tag, truncated or overlong varint, odd count, zero length).
  static std::string rleFromBlob(const std::uint8_t* data, std::size_t size);
  /// Little-endian float32 values.
  static std::vector<std::uint8_t> floatsToBlob(const std::vector<float>& values);
  static std::vector<float> floatsFromBlob(const std::vector<std::uint8_t>& blob);
  /// Current UTC time, ISO-8601 with milliseconds ("2024-05-01T12:00:00.123Z").
  static std::string nowIso();
  /// A random 128-bit identifier in hex (for append-only event rows merged across files).
  static std::string newUuid();
  /// `path` relative to `folder` when it lies inside it, else absolute.
  static std::string relativeTo(const std::string& path, const std::string& folder);
  /// JSON array of strings / its inverse (for the dataset's column list).
  static std::string toJsonArray(const std::vector<std::string>& values);
  static std::vector<std::string> fromJsonArray(const std::string& json);
};

}  // namespace cxr::store

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cxr::store {

/// Incremental SHA-256 (FIPS 180-4) for file hashes and version content keys.
class Sha256 {
 public:
  Sha256();
  /// Feeds bytes.
  void update(const void* data, std::size_t size);
  void update(const std::string& text) { update(text.data(), text.size()); }
  /// Lowercase hex digest; the object is spent afterwards.
  std::string hexDigest();

  /// Hex SHA-256 of a byte string.
  static std::string ofString(const std::string& text);
  /// Hex SHA-256 of a file's contents, read in blocks; throws StoreError naming the file.
  static std::string ofFile(const std::string& path);

 private:
  void block(const std::uint8_t* chunk);
  std::uint32_t m_state[8];
  std::uint8_t m_buffer[64];
  std::size_t m_bufferSize = 0;
  std::uint64_t m_totalBytes = 0;
};

}  // namespace cxr::store

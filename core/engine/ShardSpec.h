#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cxr::engine {

/// One shard of a deterministic split of the work: "I/N" with 0 <= I < N.
/// An image belongs to shard (stableHash(key) mod N), where the key is a stable identity of
/// the image (its path relative to the database folder), never its row order, so every
/// machine computes the same split from the same data and the shards are disjoint and
/// complete whatever order the images were imported in.
class ShardSpec {
 public:
  /// The whole work (0/1).
  ShardSpec() = default;
  /// Throws EngineError unless 0 <= index < count.
  ShardSpec(int index, int count);
  /// Parses "I/N" (e.g. "2/8"); throws EngineError with the text and the rule otherwise.
  static ShardSpec parse(std::string_view text);

  int index() const { return m_index; }
  int count() const { return m_count; }
  bool isWhole() const { return m_count == 1; }
  /// True when the image with this key belongs to this shard.
  bool contains(std::string_view key) const;
  /// "I/N".
  std::string toString() const;

  /// 64-bit FNV-1a of the bytes followed by the splitmix64 finaliser: fixed by definition,
  /// identical on every platform and build (unlike std::hash).
  static uint64_t stableHash(std::string_view key);

 private:
  int m_index = 0;
  int m_count = 1;
};

}  // namespace cxr::engine

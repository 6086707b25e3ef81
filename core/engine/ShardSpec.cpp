#include "core/engine/ShardSpec.h"

#include "core/engine/EngineError.h"

#include <charconv>

namespace cxr::engine {

namespace {

bool parseInt(std::string_view text, int& value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

}  // namespace

ShardSpec::ShardSpec(int index, int count) : m_index(index), m_count(count) {
  if (count < 1 || index < 0 || index >= count)
    throw EngineError("invalid shard " + std::to_string(index) + "/" + std::to_string(count) +
                      ": need 0 <= I < N and N >= 1");
}

ShardSpec ShardSpec::parse(std::string_view text) {
  const auto slash = text.find('/');
  int index = 0;
  int count = 0;
  if (slash == std::string_view::npos || !parseInt(text.substr(0, slash), index) ||
      !parseInt(text.substr(slash + 1), count))
    throw EngineError("invalid shard '" + std::string(text) +
                      "': expected I/N with integers, 0 <= I < N (e.g. 0/4)");
  return ShardSpec(index, count);
}

bool ShardSpec::contains(std::string_view key) const {
  return m_count == 1 || stableHash(key) % uint64_t(m_count) == uint64_t(m_index);
}

std::string ShardSpec::toString() const { return std::to_string(m_index) + "/" + std::to_string(m_count); }

uint64_t ShardSpec::stableHash(std::string_view key) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  // FNV's low bits depend only on the inputs' low bits (odd multiplier), so "mod N" of the
  // raw value splits similar names unevenly; the splitmix64 finaliser spreads every bit.
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash;
}

}  // namespace cxr::engine

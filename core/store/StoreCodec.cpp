#include "core/store/StoreCodec.h"

#include "core/store/StoreError.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>

namespace cxr::store {

namespace fs = std::filesystem;

static_assert(sizeof(double) == 8 && sizeof(float) == 4, "IEEE-754 sizes expected");

namespace {

// Blobs are little-endian on disk whatever the host, so files move between machines.
template <typename T, typename U>
void putLe(std::vector<std::uint8_t>& out, T value) {
  U bits;
  std::memcpy(&bits, &value, sizeof(U));
  for (size_t i = 0; i < sizeof(U); ++i) out.push_back(std::uint8_t(bits >> (8 * i)));
}

template <typename T, typename U>
T getLe(const std::uint8_t* p) {
  U bits = 0;
  for (size_t i = 0; i < sizeof(U); ++i) bits |= U(p[i]) << (8 * i);
  T value;
  std::memcpy(&value, &bits, sizeof(U));
  return value;
}

}  // namespace

std::vector<std::uint8_t> StoreCodec::landmarksToBlob(const format::LandmarkSet& landmarks) {
  std::vector<std::uint8_t> out;
  out.reserve(240 * 8);
  for (double v : landmarks.flat()) putLe<double, std::uint64_t>(out, v);
  return out;
}

format::LandmarkSet StoreCodec::landmarksFromBlob(const std::vector<std::uint8_t>& blob) {
  if (blob.size() != 240 * 8)
    throw StoreError("stored landmarks have " + std::to_string(blob.size()) +
                     " bytes instead of 1920 (240 doubles)");
  std::vector<double> xy(240);
  for (size_t i = 0; i < 240; ++i) xy[i] = getLe<double, std::uint64_t>(blob.data() + 8 * i);
  return format::LandmarkSet::fromFlat(xy);
}

namespace {

constexpr std::uint8_t kRleBlobTag = 0x01;

void putVarint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

// One canonical token: 1-18 digits, no leading zero (so >= 1). Advances `pos` past it.
bool canonicalNumber(std::string_view text, std::size_t& pos, std::uint64_t& value) {
  const std::size_t begin = pos, n = text.size();
  if (pos >= n || text[pos] < '1' || text[pos] > '9') return false;
  std::uint64_t v = 0;
  while (pos < n && static_cast<unsigned char>(text[pos] - '0') <= 9) {
    if (pos - begin == 18) return false;  // 18 digits cannot overflow; longer is never valid
    v = v * 10 + static_cast<unsigned>(text[pos++] - '0');
  }
  value = v;
  return true;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> StoreCodec::rleToBlob(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2 + 8);
  out.push_back(kRleBlobTag);
  std::size_t pos = 0;
  std::uint64_t previousEnd = 0;  // 0-based end (exclusive) of the previous run
  for (;;) {
    std::uint64_t start = 0, length = 0;
    if (!canonicalNumber(text, pos, start) || pos >= text.size() || text[pos++] != ' ' ||
        !canonicalNumber(text, pos, length))
      return std::nullopt;
    if (start - 1 < previousEnd || start - 1 > UINT64_MAX - length) return std::nullopt;
    putVarint(out, start - 1 - previousEnd);
    putVarint(out, length);
    previousEnd = start - 1 + length;
    if (pos == text.size()) return out;
    if (text[pos++] != ' ') return std::nullopt;
  }
}

std::string StoreCodec::rleFromBlob(const std::uint8_t* data, std::size_t size) {
  const auto bad = [](const std::string& what) { return StoreError("stored RLE blob: " + what); };
  if (size == 0 || data[0] != kRleBlobTag)
    throw bad(size == 0 ? "empty" : "unknown format tag " + std::to_string(data[0]));
  std::size_t pos = 1;
  const auto next = [&](std::uint64_t& value) {
    if (pos == size) return false;
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      if (pos == size) throw bad("truncated value at byte " + std::to_string(pos));
      const std::uint8_t byte = data[pos++];
      if (shift == 63 && byte > 1) throw bad("value too large at byte " + std::to_string(pos - 1));
      v |= std::uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    value = v;
    return true;
  };
  std::string out;
  out.reserve(size * 3);
  char buf[24];
  std::uint64_t previousEnd = 0, gap = 0, length = 0;
  while (next(gap)) {
    if (!next(length)) throw bad("odd number of values");
    if (length == 0) throw bad("run of length 0");
    if (gap > UINT64_MAX - previousEnd - 1 || length > UINT64_MAX - previousEnd - gap)
      throw bad("run past the 64-bit range");
    const std::uint64_t start = previousEnd + gap;  // 0-based
    if (!out.empty()) out.push_back(' ');
    out.append(buf, std::to_chars(buf, buf + sizeof buf, start + 1).ptr);
    out.push_back(' ');
    out.append(buf, std::to_chars(buf, buf + sizeof buf, length).ptr);
    previousEnd = start + length;
  }
  if (out.empty()) throw bad("no runs");
  return out;
}

std::vector<std::uint8_t> StoreCodec::floatsToBlob(const std::vector<float>& values) {
  std::vector<std::uint8_t> out;
  out.reserve(values.size() * 4);
  for (float v : values) putLe<float, std::uint32_t>(out, v);
  return out;
}

std::vector<float> StoreCodec::floatsFromBlob(const std::vector<std::uint8_t>& blob) {
  if (blob.size() % 4 != 0)
    throw StoreError("stored float array has " + std::to_string(blob.size()) + " bytes");
  std::vector<float> out(blob.size() / 4);
  for (size_t i = 0; i < out.size(); ++i) out[i] = getLe<float, std::uint32_t>(blob.data() + 4 * i);
  return out;
}

std::string StoreCodec::nowIso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms));
  return buf;
}

std::string StoreCodec::newUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count())};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

std::string StoreCodec::relativeTo(const std::string& path, const std::string& folder) {
  if (path.empty()) return path;
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(path), ec);
  const fs::path base = fs::weakly_canonical(fs::absolute(folder), ec);
  const fs::path rel = abs.lexically_relative(base);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return abs.generic_string();
}

std::string StoreCodec::toJsonArray(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::vector<std::string> StoreCodec::fromJsonArray(const std::string& json) {
  if (json.empty()) return {};
  try {
    return nlohmann::json::parse(json).get<std::vector<std::string>>();
  } catch (const std::exception& e) {
    throw StoreError(std::string("stored column list is not a JSON array of strings: ") + e.what());
  }
}

}  // namespace cxr::store

#include "core/store/StoreCodec.h"

#include "core/store/StoreError.h"

#include <nlohmann/json.hpp>

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

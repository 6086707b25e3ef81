#include "core/interop/LandmarkText.h"

#include "core/format/FormatError.h"

#include <algorithm>
#include <cmath>

namespace cxr::interop {

namespace {

std::vector<long long> integers(const format::LandmarkSet& landmarks) {
  std::vector<long long> v;
  v.reserve(240);
  for (double d : landmarks.flat()) {
    if (std::nearbyint(d) != d) throw format::FormatError("landmark " + std::to_string(d) + " is not an integer");
    v.push_back(static_cast<long long>(d));
  }
  return v;
}

}  // namespace

std::string LandmarkText::numpy(const format::LandmarkSet& landmarks) {
  const std::vector<long long> v = integers(landmarks);
  std::size_t width = 0;
  for (long long x : v) width = std::max(width, std::to_string(x).size());
  auto padded = [width](long long x) {
    std::string s = std::to_string(x);
    return std::string(width - s.size(), ' ') + s;
  };
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); i += 2) {
    if (i > 0) out += "\n ";
    out += "[" + padded(v[i]) + " " + padded(v[i + 1]) + "]";
  }
  out += "]";
  return out;
}

std::string LandmarkText::json(const format::LandmarkSet& landmarks) {
  const std::vector<long long> v = integers(landmarks);
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); i += 2) {
    if (i > 0) out += ",";
    out += "[" + std::to_string(v[i]) + "," + std::to_string(v[i + 1]) + "]";
  }
  out += "]";
  return out;
}

}  // namespace cxr::interop

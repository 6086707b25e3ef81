#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cxr::format {

/// A binary organ mask, row-major, values 0 or 255 (as in the CheXmask release).
class Mask {
 public:
  Mask() = default;
  /// An all-zero mask of the given size.
  Mask(int height, int width) : m_height(height), m_width(width), m_data(std::size_t(height) * std::size_t(width), 0) {}

  int height() const { return m_height; }
  int width() const { return m_width; }
  bool empty() const { return m_data.empty(); }
  /// Number of pixels set (non-zero).
  int64_t area() const;

  uint8_t at(int y, int x) const { return m_data[std::size_t(y) * std::size_t(m_width) + std::size_t(x)]; }
  uint8_t& at(int y, int x) { return m_data[std::size_t(y) * std::size_t(m_width) + std::size_t(x)]; }
  const uint8_t* data() const { return m_data.data(); }
  uint8_t* data() { return m_data.data(); }
  const std::vector<uint8_t>& pixels() const { return m_data; }

  /// Pixel-wise OR of two masks of equal size (lungs = RL | LL).
  Mask unionWith(const Mask& other) const;

  bool operator==(const Mask& o) const {
    return m_height == o.m_height && m_width == o.m_width && m_data == o.m_data;
  }

 private:
  int m_height = 0;
  int m_width = 0;
  std::vector<uint8_t> m_data;
};

}  // namespace cxr::format

#include "core/format/Mask.h"

#include "core/format/FormatError.h"

#include <algorithm>

namespace cxr::format {

int64_t Mask::area() const {
  return std::count_if(m_data.begin(), m_data.end(), [](uint8_t v) { return v != 0; });
}

Mask Mask::unionWith(const Mask& other) const {
  if (other.m_height != m_height || other.m_width != m_width)
    throw FormatError("mask union: sizes differ (" + std::to_string(m_height) + "x" +
                      std::to_string(m_width) + " vs " + std::to_string(other.m_height) + "x" +
                      std::to_string(other.m_width) + ")");
  Mask out(m_height, m_width);
  for (size_t i = 0; i < m_data.size(); ++i) out.m_data[i] = (m_data[i] || other.m_data[i]) ? 255 : 0;
  return out;
}

}  // namespace cxr::format

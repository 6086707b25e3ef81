#pragma once

#include "core/format/Mask.h"

#include <string>
#include <string_view>

namespace cxr::format {

/// CheXmask run-length encoding: row-major, space-separated "start length" pairs, 1-based
/// starts, runs may wrap rows, empty mask = empty string (chexmask-format.md section 3).
class Rle {
 public:
  /// Encodes every non-zero pixel.
  static std::string encode(const Mask& mask);
  /// Decodes to a 0/255 mask; throws FormatError for an odd count, a non-integer token,
  /// start < 1, runs out of order or overlapping, or a run past height * width.
  static Mask decode(std::string_view rle, int height, int width);
  /// The same checks as decode() without building the mask; returns the number of set pixels.
  static long long validate(std::string_view rle, int height, int width);
};

}  // namespace cxr::format

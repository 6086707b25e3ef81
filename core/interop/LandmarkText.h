#pragma once

#include "core/format/LandmarkSet.h"

#include <string>

namespace cxr::interop {

/// Landmark notations of the CheXmask release's OriginalResolution files.
class LandmarkText {
 public:
  /// numpy's str() of the 120 x 2 int array, as the release printed it:
  /// "[[ 274  102]\n [ 238  107]\n ...]" (every value right-aligned to the widest one).
  /// The landmarks must be integral (FormatError otherwise).
  static std::string numpy(const format::LandmarkSet& landmarks);
  /// JSON array of pairs: "[[274,102],[238,107],...]" (integral landmarks).
  static std::string json(const format::LandmarkSet& landmarks);
};

}  // namespace cxr::interop

#pragma once

#include "core/format/LandmarkSet.h"

#include <string>
#include <utility>
#include <vector>

namespace cxr::editor {

/// A plausibility warning about a landmark set. Warnings inform the reviewer; they never block
/// an edit or a save.
struct AnatomyWarning {
  enum class Kind {
    SelfIntersection,  ///< an organ contour crosses itself
    HeartLungOverlap,  ///< too much of the heart lies inside a lung polygon
    LeftRightSwapped,  ///< the right lung lies to the right of the left lung in the image
  };
  Kind kind;
  std::string message;
};

/// Options of AnatomyGuards::check.
struct AnatomyGuardOptions {
  /// Largest fraction of the heart's area allowed inside one lung polygon.
  double maxHeartLungOverlap = 0.10;
};

/// Anatomical plausibility checks on a segmentation (in any image space).
class AnatomyGuards {
 public:
  /// Every warning, in the order: self-intersections (RL, LL, H), heart/lung overlap (RL, LL),
  /// left/right swap.
  static std::vector<AnatomyWarning> check(const format::LandmarkSet& landmarks,
                                           const AnatomyGuardOptions& options = {});

  /// Pairs (i, j), i < j, of ring segments that properly cross (segment k joins point k and
  /// point k+1, wrapping); adjacent segments and mere touching do not count.
  static std::vector<std::pair<int, int>> selfIntersections(const std::vector<format::Point>& ring);
  /// Fraction of the heart polygon's area inside a lung polygon (even-odd rule, sampled on a
  /// 128 x 128 grid over the heart's bounding box; 0 for a degenerate heart).
  static double heartOverlapFraction(const format::LandmarkSet& landmarks, format::Organ lung);
  /// True when the right lung's centroid x exceeds the left lung's (PA view: the patient's right
  /// lung is on the image's left).
  static bool leftRightSwapped(const format::LandmarkSet& landmarks);
};

}  // namespace cxr::editor

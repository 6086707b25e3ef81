#pragma once

#include "core/format/LandmarkSet.h"
#include "core/format/Mask.h"

#include <vector>

namespace cxr::format {

/// Metrics of one image's two segmentations, exactly as review-metrics.md (NaN = missing).
struct ComparisonResult {
  double diceLungs = 0;
  double diceHeart = 0;
  double diceGT = 0;  ///< (diceLungs + diceHeart) / 2
  double hausdorffLungs = 0;
  double hausdorffHeart = 0;
  double hausdorff95Lungs = 0;
  double hausdorff95Heart = 0;
  double mse = 0;  ///< landmark MSE over 240 coordinates, float32 accumulation
};

/// The comparison metrics of the CheXmask physician validation.
class ComparisonMetrics {
 public:
  /// Dice = 2|a&b| / (|a|+|b|); 0 when both are empty.
  static double dice(const Mask& a, const Mask& b);
  /// Surface pixels: in the mask and not in its 4-neighbour (cross) erosion, outside = background.
  static Mask surface(const Mask& mask);
  /// For each surface pixel of a, the exact Euclidean distance to the nearest surface pixel of b.
  static std::vector<double> directedDistances(const Mask& a, const Mask& b);
  /// Hausdorff and 95th percentile (numpy linear interpolation) of both directed lists;
  /// NaN when either mask is empty.
  static void hausdorff(const Mask& a, const Mask& b, double& hd, double& hd95);
  /// Mean of squared coordinate differences over 240 values, numpy float32 pairwise summation.
  static double landmarkMse(const LandmarkSet& a, const LandmarkSet& b);
  /// All metrics from the RLE masks (lungs = RL|LL) and landmarks of two segmentations.
  static ComparisonResult compare(const Mask& rlA, const Mask& llA, const Mask& heartA,
                                  const LandmarkSet& landmarksA, const Mask& rlB,
                                  const Mask& llB, const Mask& heartB,
                                  const LandmarkSet& landmarksB);
};

}  // namespace cxr::format

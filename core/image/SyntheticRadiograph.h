#pragma once

#include "core/format/LandmarkSet.h"
#include "core/image/ImageWriter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::image {

/// Options of SyntheticRadiograph::generate.
struct SyntheticOptions {
  int width = 1024;   ///< image columns
  int height = 1024;  ///< image rows
  /// Shape coefficients are drawn from N(0, spread^2) in units of each mode's sigma and clipped
  /// to +-2.5 sigma (0 gives the mean shape).
  double shapeSpread = 1.0;
};

/// One synthetic chest radiograph and its exact ground truth.
struct SyntheticCase {
  uint64_t seed = 0;
  int width = 0, height = 0;
  std::vector<uint16_t> values12;  ///< 12-bit intensities (bright = dense), row-major
  std::vector<uint8_t> grey8;      ///< the 8-bit rendering ImageLoader produces from values12
  /// Ground-truth landmarks in image pixels (the shape in 1024 space scaled by width/1024 and
  /// height/1024, unrounded).
  format::LandmarkSet landmarks;
  format::LandmarkSet landmarks1024;  ///< the same shape in the 1024 model space
  std::vector<double> shapeCoefficients;  ///< PCA coefficients in units of sigma
};

/// Seeded, deterministic generator of radiograph-like chest images from the statistical shape
/// model of resources/shape-model (ShapeModel::builtIn) and their PNG / DICOM writers.
class SyntheticRadiograph {
 public:
  /// The same seed and options always give the same pixels and landmarks.
  static SyntheticCase generate(uint64_t seed, const SyntheticOptions& options = {});
  /// 8-bit grey PNG of `grey8`.
  static void writePng(const SyntheticCase& image, const std::string& path);
  /// 12-bit DICOM; MONOCHROME1 stores 4095 - v, so both polarities load to the same grey8.
  /// UIDs derive from the seed, so a rewrite gives the same identifiers.
  static void writeDicom(const SyntheticCase& image, const std::string& path, bool monochrome1,
                         DicomEncoding encoding = DicomEncoding::ExplicitLittle);
  /// Deterministic UIDs for a seed (under the 2.25 UUID-derived root).
  static std::string uidFor(uint64_t seed, int kind);
};

}  // namespace cxr::image

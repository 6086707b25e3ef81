#pragma once

#include "core/format/LandmarkSet.h"

#include <string>
#include <vector>

namespace cxr::image {

/// Point-distribution model of the 120 CheXmask landmarks in 1024 model space: a mean shape
/// and orthonormal PCA modes with their standard deviations (resources/shape-model/).
class ShapeModel {
 public:
  /// The model shipped with the library (embedded at build time), parsed once.
  static const ShapeModel& builtIn();
  /// Parses the text format of resources/shape-model/chest_shape_model.txt; throws
  /// std::runtime_error naming the problem.
  static ShapeModel parse(const std::string& text);

  int modeCount() const { return int(m_sigmas.size()); }
  /// Standard deviation (model pixels) of one mode.
  double sigma(int mode) const { return m_sigmas[size_t(mode)]; }
  /// The mean shape.
  format::LandmarkSet meanShape() const;
  /// mean + sum_i coefficients[i] * sigma_i * mode_i (coefficients in units of sigma; missing
  /// ones are 0).
  format::LandmarkSet instance(const std::vector<double>& coefficients) const;

 private:
  std::vector<double> m_mean;                ///< 240 values
  std::vector<double> m_sigmas;              ///< one per mode
  std::vector<std::vector<double>> m_modes;  ///< 240 values each
};

}  // namespace cxr::image

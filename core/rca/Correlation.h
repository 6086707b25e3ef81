#pragma once
// Internal to core/rca: the grey-value correlation used by the registration's acceptance test
// and by the classifier's check of the warped image (one definition for both).

#include <cmath>
#include <cstddef>

namespace cxr::rca {

/// Pearson correlation of two float arrays of length n, accumulated in double; 0 when either
/// is (numerically) constant or the result is not finite.
inline double pearsonOrZero(const float* a, const float* b, std::size_t n) {
  if (n == 0) return 0.0;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) ma += a[i], mb += b[i];
  ma /= double(n), mb /= double(n);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    sab += da * db, saa += da * da, sbb += db * db;
  }
  if (saa <= 1e-12 || sbb <= 1e-12) return 0.0;
  const double r = sab / std::sqrt(saa * sbb);
  return std::isfinite(r) ? r : 0.0;
}

}  // namespace cxr::rca

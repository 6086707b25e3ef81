#include "core/format/ComparisonMetrics.h"

#include "core/format/FormatError.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cxr::format {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void requireSameSize(const Mask& a, const Mask& b) {
  if (a.height() != b.height() || a.width() != b.width())
    throw FormatError("cannot compare masks of different sizes (" + std::to_string(a.height()) + "x" +
                      std::to_string(a.width()) + " vs " + std::to_string(b.height()) + "x" +
                      std::to_string(b.width()) + ")");
}

// Background cost: larger than any squared distance on an image, small enough to stay exact
// when compared (the lower envelope never selects it while a real feature exists).
constexpr double kFar = 1e20;

// 1-D squared Euclidean distance transform (Felzenszwalb & Huttenlocher 2012), exact on grids.
void edt1d(const double* f, int n, double* d, int* v, double* z) {
  int k = 0;
  v[0] = 0;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = 1; q < n; ++q) {
    double s = ((f[q] + double(q) * q) - (f[v[k]] + double(v[k]) * v[k])) / (2.0 * q - 2.0 * v[k]);
    while (s <= z[k]) {
      --k;
      s = ((f[q] + double(q) * q) - (f[v[k]] + double(v[k]) * v[k])) / (2.0 * q - 2.0 * v[k]);
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = kInf;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[k + 1] < q) ++k;
    const double diff = q - v[k];
    d[q] = diff * diff + f[v[k]];
  }
}

// Squared distance of every pixel to the nearest set pixel of `features` (needs one set pixel).
std::vector<double> squaredDistanceTransform(const Mask& features) {
  const int h = features.height(), w = features.width();
  std::vector<double> grid(size_t(h) * w);
  for (size_t i = 0; i < grid.size(); ++i) grid[i] = features.data()[i] ? 0.0 : kFar;
  const int n = std::max(h, w);
  const size_t len = static_cast<size_t>(n);
  std::vector<double> f(len), d(len), z(len + 1);
  std::vector<int> v(len);
  for (int x = 0; x < w; ++x) {
    for (int y = 0; y < h; ++y) f[size_t(y)] = grid[size_t(y) * w + x];
    edt1d(f.data(), h, d.data(), v.data(), z.data());
    for (int y = 0; y < h; ++y) grid[size_t(y) * w + x] = d[size_t(y)];
  }
  for (int y = 0; y < h; ++y) {
    double* row = grid.data() + size_t(y) * w;
    std::copy(row, row + w, f.begin());
    edt1d(f.data(), w, row, v.data(), z.data());
  }
  return grid;
}

// numpy.percentile(values, q, method="linear") on sorted data, numpy's _lerp included.
double percentileLinear(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double index = q / 100.0 * double(values.size() - 1);
  const double below = std::floor(index);
  const double t = index - below;
  const size_t lo = size_t(below), hi = std::min(lo + 1, values.size() - 1);
  const double a = values[lo], b = values[hi], diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

// numpy's float32 pairwise summation (used by np.mean on a float32 array).
float pairwiseSum(const float* a, size_t n) {
  if (n < 8) {
    float res = 0.f;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    float r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + size_t(j)];
    float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwiseSum(a, n2) + pairwiseSum(a + n2, n - n2);
}

}  // namespace

double ComparisonMetrics::dice(const Mask& a, const Mask& b) {
  requireSameSize(a, b);
  int64_t inter = 0, sa = 0, sb = 0;
  const uint8_t *pa = a.data(), *pb = b.data();
  const size_t n = a.pixels().size();
  for (size_t i = 0; i < n; ++i) {
    const bool x = pa[i] != 0, y = pb[i] != 0;
    sa += x;
    sb += y;
    inter += x && y;
  }
  return sa + sb == 0 ? 0.0 : 2.0 * double(inter) / double(sa + sb);
}

Mask ComparisonMetrics::surface(const Mask& mask) {
  const int h = mask.height(), w = mask.width();
  Mask out(h, w);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      if (!mask.at(y, x)) continue;
      // Survives a cross erosion only if all 4 neighbours are set (outside = background).
      const bool interior = y > 0 && y < h - 1 && x > 0 && x < w - 1 && mask.at(y - 1, x) &&
                            mask.at(y + 1, x) && mask.at(y, x - 1) && mask.at(y, x + 1);
      if (!interior) out.at(y, x) = 255;
    }
  return out;
}

std::vector<double> ComparisonMetrics::directedDistances(const Mask& a, const Mask& b) {
  requireSameSize(a, b);
  const Mask sa = surface(a), sb = surface(b);
  const std::vector<double> dist2 = squaredDistanceTransform(sb);
  std::vector<double> out;
  for (size_t i = 0; i < dist2.size(); ++i)
    if (sa.data()[i]) out.push_back(std::sqrt(dist2[i]));
  return out;
}

void ComparisonMetrics::hausdorff(const Mask& a, const Mask& b, double& hd, double& hd95) {
  requireSameSize(a, b);
  if (a.area() == 0 || b.area() == 0) {
    hd = hd95 = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  std::vector<double> ab = directedDistances(a, b);
  const std::vector<double> ba = directedDistances(b, a);
  hd = std::max(*std::max_element(ab.begin(), ab.end()), *std::max_element(ba.begin(), ba.end()));
  ab.insert(ab.end(), ba.begin(), ba.end());
  hd95 = percentileLinear(std::move(ab), 95.0);
}

double ComparisonMetrics::landmarkMse(const LandmarkSet& a, const LandmarkSet& b) {
  float sq[240];
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    const float dx = float(a[i].x) - float(b[i].x), dy = float(a[i].y) - float(b[i].y);
    sq[2 * i] = dx * dx;
    sq[2 * i + 1] = dy * dy;
  }
  return double(pairwiseSum(sq, 240) / 240.0f);
}

ComparisonResult ComparisonMetrics::compare(const Mask& rlA, const Mask& llA, const Mask& heartA,
                                            const LandmarkSet& landmarksA, const Mask& rlB,
                                            const Mask& llB, const Mask& heartB,
                                            const LandmarkSet& landmarksB) {
  const Mask lungsA = rlA.unionWith(llA), lungsB = rlB.unionWith(llB);
  ComparisonResult r;
  r.diceLungs = dice(lungsA, lungsB);
  r.diceHeart = dice(heartA, heartB);
  r.diceGT = (r.diceLungs + r.diceHeart) / 2.0;
  hausdorff(lungsA, lungsB, r.hausdorffLungs, r.hausdorff95Lungs);
  hausdorff(heartA, heartB, r.hausdorffHeart, r.hausdorff95Heart);
  r.mse = landmarkMse(landmarksA, landmarksB);
  return r;
}

}  // namespace cxr::format

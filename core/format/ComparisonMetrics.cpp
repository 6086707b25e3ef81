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

// Rectangle [y0, y1) x [x0, x1) of an image.
struct Box {
  int y0, y1, x0, x1;
};

// Bounding box of the set pixels of two masks (both non-empty).
Box unionBox(const Mask& a, const Mask& b) {
  Box box{a.height(), 0, a.width(), 0};
  for (const Mask* m : {&a, &b})
    for (int y = 0; y < m->height(); ++y) {
      const uint8_t* row = m->data() + size_t(y) * size_t(m->width());
      for (int x = 0; x < m->width(); ++x)
        if (row[x]) {
          box.y0 = std::min(box.y0, y);
          box.y1 = std::max(box.y1, y + 1);
          box.x0 = std::min(box.x0, x);
          box.x1 = std::max(box.x1, x + 1);
        }
    }
  return box;
}

// Squared distance of every pixel of `box` to the nearest set pixel of `features` (which lie
// inside the box: restricting the separable transform to a box holding every feature is exact).
std::vector<double> squaredDistanceTransform(const Mask& features, const Box& box) {
  const int h = box.y1 - box.y0, w = box.x1 - box.x0;
  std::vector<double> grid(size_t(h) * size_t(w));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      grid[size_t(y) * size_t(w) + size_t(x)] = features.at(box.y0 + y, box.x0 + x) ? 0.0 : kFar;
  const size_t len = static_cast<size_t>(std::max(h, w));
  std::vector<double> f(len), d(len), z(len + 1);
  std::vector<int> v(len);
  for (int y = 0; y < h; ++y) {
    double* row = grid.data() + size_t(y) * size_t(w);
    std::copy(row, row + w, f.begin());
    edt1d(f.data(), w, row, v.data(), z.data());
  }
  for (int x = 0; x < w; ++x) {
    for (int y = 0; y < h; ++y) f[size_t(y)] = grid[size_t(y) * size_t(w) + size_t(x)];
    edt1d(f.data(), h, d.data(), v.data(), z.data());
    for (int y = 0; y < h; ++y) grid[size_t(y) * size_t(w) + size_t(x)] = d[size_t(y)];
  }
  return grid;
}

// Distances from each surface pixel of `from` to the nearest surface pixel of `to`.
std::vector<double> surfaceDistances(const Mask& from, const Mask& to, const Box& box) {
  const std::vector<double> dist2 = squaredDistanceTransform(to, box);
  const int w = box.x1 - box.x0;
  std::vector<double> out;
  for (int y = box.y0; y < box.y1; ++y)
    for (int x = box.x0; x < box.x1; ++x)
      if (from.at(y, x)) out.push_back(std::sqrt(dist2[size_t(y - box.y0) * size_t(w) + size_t(x - box.x0)]));
  return out;
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
  for (int y = 0; y < h; ++y) {
    const uint8_t* row = mask.data() + size_t(y) * size_t(w);
    const uint8_t* up = y > 0 ? row - w : nullptr;
    const uint8_t* down = y < h - 1 ? row + w : nullptr;
    uint8_t* dst = out.data() + size_t(y) * size_t(w);
    for (int x = 0; x < w; ++x) {
      if (!row[x]) continue;
      // Survives a cross erosion only if all 4 neighbours are set (outside = background).
      const bool interior = up && down && x > 0 && x < w - 1 && up[x] && down[x] && row[x - 1] && row[x + 1];
      if (!interior) dst[x] = 255;
    }
  }
  return out;
}

std::vector<double> ComparisonMetrics::directedDistances(const Mask& a, const Mask& b) {
  requireSameSize(a, b);
  const Mask sa = surface(a), sb = surface(b);
  if (sa.area() == 0 || sb.area() == 0) return {};
  return surfaceDistances(sa, sb, unionBox(sa, sb));
}

void ComparisonMetrics::hausdorff(const Mask& a, const Mask& b, double& hd, double& hd95) {
  requireSameSize(a, b);
  const Mask sa = surface(a), sb = surface(b);
  if (sa.area() == 0 || sb.area() == 0) {  // a mask is empty exactly when its surface is
    hd = hd95 = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const Box box = unionBox(sa, sb);
  std::vector<double> ab = surfaceDistances(sa, sb, box);
  const std::vector<double> ba = surfaceDistances(sb, sa, box);
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

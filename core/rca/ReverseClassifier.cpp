#include "core/rca/ReverseClassifier.h"

#include "core/rca/Correlation.h"

#include "core/format/NumberText.h"
#include "core/format/Rasterizer.h"
#include "core/image/PreprocessRecord.h"
#include "core/rca/RcaError.h"

#include <opencv2/imgproc.hpp>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

namespace cxr::rca {

namespace {

constexpr uint8_t kRightLung = 1, kLeftLung = 2, kHeart = 4;

double dice(int64_t both, int64_t a, int64_t b) { return a + b == 0 ? 0.0 : 2.0 * double(both) / double(a + b); }

}  // namespace

void ReverseClassifier::toWorkingSpace(const uint8_t* grey8, int width, int height, const format::LandmarkSet& landmarks,
                                       int size, WorkingImage& image, std::vector<uint8_t>& organBits) {
  const image::PreprocessRecord record = image::PreprocessRecord::squarePadding(height, width, size);
  cv::Mat square(record.squareSide, record.squareSide, CV_8UC1, cv::Scalar(0));
  const cv::Mat source(height, width, CV_8UC1, const_cast<uint8_t*>(grey8));
  source.copyTo(square(cv::Rect(record.padLeft, record.padTop, width, height)));
  cv::Mat resized;
  cv::resize(square, resized, cv::Size(size, size), 0, 0, record.squareSide > size ? cv::INTER_AREA : cv::INTER_LINEAR);
  image.size = size;
  image.pixels.assign(size_t(size) * size_t(size), 0.0f);
  for (int y = 0; y < size; ++y) {
    const uint8_t* row = resized.ptr<uint8_t>(y);
    for (int x = 0; x < size; ++x) image.pixels[size_t(y) * size_t(size) + size_t(x)] = float(row[x]);
  }
  const format::LandmarkSet working = record.toModel(landmarks);
  organBits.assign(size_t(size) * size_t(size), 0);
  const uint8_t bits[3] = {kRightLung, kLeftLung, kHeart};
  for (int o = 0; o < 3; ++o) {
    const format::Mask mask = format::Rasterizer::organMask(working, format::kOrgans[size_t(o)], size, size);
    const uint8_t* m = mask.data();
    for (size_t i = 0; i < organBits.size(); ++i)
      if (m[i]) organBits[i] |= bits[o];
  }
}

ReverseClassifier::ReverseClassifier(const ReferenceSet& set, RcaParameters parameters)
    : m_parameters(std::move(parameters)) {
  if (set.references.empty()) throw RcaError("reference set '" + set.id + "' has no references");
  if (m_parameters.k < 1) throw RcaError("RCA needs k >= 1 (got " + std::to_string(m_parameters.k) + ")");
  if (m_parameters.size < 32 || m_parameters.size > 4096)
    throw RcaError("RCA working size must be between 32 and 4096 (got " + std::to_string(m_parameters.size) + ")");
  m_parameters.refsetId = set.id;
  const size_t latentSize = set.references.front().latent.size();
  m_references.resize(set.references.size());
  for (size_t i = 0; i < set.references.size(); ++i) {
    const Reference& r = set.references[i];
    if (r.latent.size() != latentSize || latentSize == 0)
      throw RcaError("reference set '" + set.id + "': reference '" + r.id + "' has a latent of " +
                     std::to_string(r.latent.size()) + " values, expected " + std::to_string(latentSize));
    if (r.grey8.size() != size_t(r.width) * size_t(r.height) || r.width <= 0)
      throw RcaError("reference set '" + set.id + "': reference '" + r.id + "' has no image loaded");
  }
  tbb::parallel_for(size_t(0), set.references.size(), [&](size_t i) {
    const Reference& r = set.references[i];
    Prepared& p = m_references[i];
    p.id = r.id;
    p.latent = r.latent;
    toWorkingSpace(r.grey8.data(), r.width, r.height, r.landmarks, m_parameters.size, p.image, p.bits);
  });
}

ReverseClassifier::~ReverseClassifier() = default;

std::vector<std::pair<int, double>> ReverseClassifier::select(const std::vector<float>& latent,
                                                              const std::string& excludeReference) const {
  const size_t n = m_references.front().latent.size();
  if (latent.size() != n)
    throw RcaError("the latent has " + std::to_string(latent.size()) + " values, the reference set's " +
                   std::to_string(n) + " (was the set built with another model?)");
  std::vector<std::pair<int, double>> all;
  all.reserve(m_references.size());
  for (size_t i = 0; i < m_references.size(); ++i) {
    if (!excludeReference.empty() && m_references[i].id == excludeReference) continue;
    double dot = 0;
    for (size_t j = 0; j < n; ++j) dot += double(latent[j]) * double(m_references[i].latent[j]);
    all.emplace_back(int(i), dot);
  }
  const size_t k = std::min(all.size(), size_t(m_parameters.k));
  std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  all.resize(k);
  return all;
}

ReferenceScore ReverseClassifier::score(const Prepared& reference, const WorkingImage& image,
                                        const std::vector<uint8_t>& bits) const {
  ReferenceScore s;
  s.referenceId = reference.id;
  const RegistrationOutcome reg = registerImages(reference.image, image, m_parameters.registration);
  if (!reg.ok) {
    // ITK's descriptions start with "ITK ERROR: Class(0x...): ": keep the message only, so the
    // stored text does not depend on memory addresses.
    std::string why = reg.failure.substr(0, reg.failure.find('\n'));
    if (why.rfind("ITK ERROR", 0) == 0 && why.find("): ") != std::string::npos) why = why.substr(why.find("): ") + 3);
    s.failure = "registration failed: " + why;
    return s;
  }
  // Warp the moving image (bilinear, for the acceptance check) and its organ bits (nearest).
  const int n = image.size;
  const size_t count = size_t(n) * size_t(n);
  std::vector<float> warped(count, 0.0f);
  std::vector<uint8_t> warpedBits(count, 0);
  for (size_t i = 0; i < count; ++i) {
    const float mx = reg.mapping[2 * i], my = reg.mapping[2 * i + 1];
    const int nx = int(std::floor(mx + 0.5f)), ny = int(std::floor(my + 0.5f));
    if (nx >= 0 && ny >= 0 && nx < n && ny < n) warpedBits[i] = bits[size_t(ny) * size_t(n) + size_t(nx)];
    const int x0 = int(std::floor(mx)), y0 = int(std::floor(my));
    const float fx = mx - float(x0), fy = my - float(y0);
    float v = 0;
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const int x = x0 + dx, y = y0 + dy;
        if (x < 0 || y < 0 || x >= n || y >= n) continue;
        v += (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy) * image.pixels[size_t(y) * size_t(n) + size_t(x)];
      }
    warped[i] = v;
  }
  s.correlation = reg.affineCorrelation;
  s.warpedCorrelation = pearsonOrZero(warped.data(), reference.image.pixels.data(), warped.size());
  int64_t a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0}, both[4] = {0, 0, 0, 0};  // RL, LL, lungs, heart
  for (size_t i = 0; i < count; ++i) {
    const uint8_t p = warpedBits[i], t = reference.bits[i];
    const bool pa[4] = {(p & kRightLung) != 0, (p & kLeftLung) != 0, (p & (kRightLung | kLeftLung)) != 0, (p & kHeart) != 0};
    const bool tb[4] = {(t & kRightLung) != 0, (t & kLeftLung) != 0, (t & (kRightLung | kLeftLung)) != 0, (t & kHeart) != 0};
    for (int o = 0; o < 4; ++o) {
      a[o] += pa[o];
      b[o] += tb[o];
      both[o] += pa[o] && tb[o];
    }
  }
  s.registered = true;
  s.diceRightLung = dice(both[0], a[0], b[0]);
  s.diceLeftLung = dice(both[1], a[1], b[1]);
  s.diceLungs = dice(both[2], a[2], b[2]);
  s.diceHeart = dice(both[3], a[3], b[3]);
  s.score = (s.diceLungs + s.diceHeart) / 2.0;
  return s;
}

RcaResult ReverseClassifier::evaluate(const RcaQuery& query, const std::function<bool()>& cancelled,
                                      bool parallel) const {
  if (query.width <= 0 || query.height <= 0 || query.grey8.size() != size_t(query.width) * size_t(query.height))
    throw RcaError(query.key + ": the image has " + std::to_string(query.grey8.size()) + " pixels, not " +
                   std::to_string(query.width) + " x " + std::to_string(query.height));
  std::vector<std::pair<int, double>> selected;
  try {
    selected = select(query.latent, query.excludeReference);
  } catch (const RcaError& e) {
    throw RcaError(query.key + ": " + e.what());
  }
  WorkingImage image;
  std::vector<uint8_t> bits;
  toWorkingSpace(query.grey8.data(), query.width, query.height, query.prediction, m_parameters.size, image, bits);

  RcaResult result;
  result.parameters = m_parameters;
  result.references.resize(selected.size());
  if (selected.empty()) throw RcaError(query.key + ": no reference left to compare with");
  std::atomic<bool> stop{false};
  const auto one = [&](size_t i) {
    if (stop.load() || (cancelled && cancelled())) {
      stop = true;
      return;
    }
    result.references[i] = score(m_references[size_t(selected[i].first)], image, bits);
    result.references[i].similarity = selected[i].second;
  };
  if (parallel)
    tbb::parallel_for(size_t(0), selected.size(), one);
  else
    for (size_t i = 0; i < selected.size(); ++i) one(i);
  if (stop.load()) throw RcaError("cancelled");

  // Acceptance of the image: its best affine alignment with any selected reference must reach
  // minCorrelation. A radiograph aligns well with at least one similar reference; noise, a
  // photo, an inverted or a badly cropped image with none (docs/rca.md). A rejected image
  // scores 0 against every reference: RCA then flags it instead of scoring a mask drawn on it.
  for (const ReferenceScore& s : result.references) result.bestCorrelation = std::max(result.bestCorrelation, s.correlation);
  if (result.bestCorrelation < m_parameters.registration.minCorrelation) {
    const std::string why = "image rejected: best correlation with a reference " +
                            format::NumberText::fixed(result.bestCorrelation, 3) + " below " +
                            format::NumberText::fixed(m_parameters.registration.minCorrelation, 3);
    for (ReferenceScore& s : result.references) {
      if (s.registered) s.failure = why;
      s.registered = false;
      s.diceRightLung = s.diceLeftLung = s.diceLungs = s.diceHeart = s.score = 0;
    }
  }
  double sum = 0, sumLungs = 0, sumHeart = 0;
  for (const ReferenceScore& s : result.references) {
    result.max = std::max(result.max, s.score);
    result.maxLungs = std::max(result.maxLungs, s.diceLungs);
    result.maxHeart = std::max(result.maxHeart, s.diceHeart);
    sum += s.score, sumLungs += s.diceLungs, sumHeart += s.diceHeart;
    result.registered += s.registered ? 1 : 0;
  }
  const double k = double(result.references.size());
  result.mean = sum / k, result.meanLungs = sumLungs / k, result.meanHeart = sumHeart / k;
  return result;
}

}  // namespace cxr::rca

#include "core/image/SyntheticRadiograph.h"

#include "core/image/ChestRenderer.h"
#include "core/image/GreyMapping.h"
#include "core/image/ImageError.h"
#include "core/image/ShapeModel.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace cxr::image {
namespace {

/// SplitMix64: a tiny, portable, well-mixed generator (std distributions differ across
/// standard libraries, so the shape draw is done by hand for cross-platform determinism).
uint64_t splitMix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double normal(uint64_t& state) {
  const double u1 = (double(splitMix(state) >> 11) + 0.5) / 9007199254740992.0;
  const double u2 = double(splitMix(state) >> 11) / 9007199254740992.0;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace

std::string SyntheticRadiograph::uidFor(uint64_t seed, int kind) {
  uint64_t state = seed * 4 + uint64_t(kind) + 0x5EED;
  return "2.25." + std::to_string(splitMix(state) >> 1) + std::to_string(kind);
}

SyntheticCase SyntheticRadiograph::generate(uint64_t seed, const SyntheticOptions& options) {
  if (options.width < 64 || options.height < 64 || options.width > 8192 || options.height > 8192)
    throw ImageError("synthetic radiograph: size " + std::to_string(options.width) + " x " +
                     std::to_string(options.height) + " outside 64..8192");
  const ShapeModel& model = ShapeModel::builtIn();
  SyntheticCase out;
  out.seed = seed;
  out.width = options.width;
  out.height = options.height;
  uint64_t state = seed;
  for (int m = 0; m < model.modeCount(); ++m)
    out.shapeCoefficients.push_back(std::clamp(normal(state) * options.shapeSpread, -2.5, 2.5));
  out.landmarks1024 = model.instance(out.shapeCoefficients);
  const double sx = options.width / 1024.0, sy = options.height / 1024.0;
  for (int i = 0; i < format::kLandmarkCount; ++i)
    out.landmarks[i] = {out.landmarks1024[i].x * sx, out.landmarks1024[i].y * sy};

  const std::vector<float> intensity =
      ChestRenderer::render(out.landmarks1024, options.width, options.height, splitMix(state));
  out.values12.resize(intensity.size());
  std::vector<float> values(intensity.size());
  for (size_t i = 0; i < intensity.size(); ++i) {
    out.values12[i] = uint16_t(std::lround(std::clamp(intensity[i], 0.0f, 1.0f) * 4095.0f));
    values[i] = float(out.values12[i]);
  }
  out.grey8 = GreyMapping::render(values, nullptr, false);
  return out;
}

void SyntheticRadiograph::writePng(const SyntheticCase& image, const std::string& path) {
  ImageWriter::writePng8(path, image.grey8.data(), image.width, image.height);
}

void SyntheticRadiograph::writeDicom(const SyntheticCase& image, const std::string& path,
                                     bool monochrome1, DicomEncoding encoding) {
  DicomWriteOptions options;
  options.photometric = monochrome1 ? "MONOCHROME1" : "MONOCHROME2";
  options.bitsAllocated = 16;
  options.bitsStored = 12;
  options.encoding = encoding;
  options.patientId = "SYNTH-" + std::to_string(image.seed);
  options.patientName = "Synthetic^" + std::to_string(image.seed);
  options.studyInstanceUid = uidFor(image.seed, 1);
  options.seriesInstanceUid = uidFor(image.seed, 2);
  options.sopInstanceUid = uidFor(image.seed, 3);
  options.pixelSpacing = 430.0 / std::max(image.width, image.height);  // a 43 cm detector
  std::vector<int32_t> stored(image.values12.size());
  for (size_t i = 0; i < stored.size(); ++i)
    stored[i] = monochrome1 ? 4095 - int32_t(image.values12[i]) : int32_t(image.values12[i]);
  ImageWriter::writeDicom(path, stored, image.width, image.height, options);
}

}  // namespace cxr::image

#pragma once

#include "core/store/StoreTypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// CheXmask's selection of images for physician review (rca.md, "Stratified sampling"), per
/// dataset: among images whose model version has Dice RCA (Max) > threshold, split the range of
/// their RCA Max (minimum to maximum) into `bins` equal-width bins, draw `perBin` images at random
/// from each bin (all of a bin that has fewer), then `extra` more at random from the eligible
/// images not drawn yet. CheXmask: threshold 0.7, 10 bins, 1 per bin, 20 extra = 30 per dataset.
struct SampleOptions {
  double threshold = 0.7;
  int bins = 10;
  int perBin = 1;
  int extra = 20;
  std::uint64_t seed = 0;
};

/// One drawn image.
struct SampledImage {
  store::RowId imageId = 0;
  std::string dataset;
  std::string displayId;
  double rcaMax = 0;
  std::string reason;  ///< "bin 3/10 [0.78, 0.80)" or "extra"
};

/// What was drawn from one dataset.
struct DatasetSample {
  std::string dataset;
  std::size_t eligible = 0;          ///< images with RCA Max > threshold
  double lo = 0, hi = 0;             ///< histogram range (eligible RCA Max min and max)
  std::vector<std::size_t> binCounts;  ///< eligible images per bin
  std::vector<SampledImage> images;  ///< bins in order (a bin's draws in draw order), then extras
};

/// Draws the sample. Deterministic for a given seed and store content: each dataset has its own
/// generator (std::mt19937_64 seeded with seed + FNV-1a(dataset name)), candidates are taken in
/// image-id order and drawn by a partial Fisher-Yates shuffle with `generator() % remaining`.
class StratifiedSampler {
 public:
  /// Throws EngineError for bad options (bins < 1, negative counts).
  static std::vector<DatasetSample> sample(store::ReviewStore& store, const SampleOptions& options);
  /// Draws from (image id, RCA Max) candidates of one dataset (the store-free core of sample()).
  static DatasetSample sampleDataset(const std::string& dataset, std::vector<SampledImage> candidates,
                                     const SampleOptions& options);
  /// Creates the named worklist (kind 'sample') with every dataset's images in order and the
  /// options, seed and per-dataset counts as its parameters_json; returns its id.
  static store::RowId saveWorklist(store::ReviewStore& store, const std::string& name,
                                   const SampleOptions& options,
                                   const std::vector<DatasetSample>& samples);
  /// The parameters_json text of a sample.
  static std::string parametersJson(const SampleOptions& options,
                                    const std::vector<DatasetSample>& samples);
};

}  // namespace cxr::engine

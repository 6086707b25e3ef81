#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/format/LandmarkSet.h"
#include "core/rca/RcaTypes.h"
#include "core/rca/ReferenceSet.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace cxr::rca {
class ReverseClassifier;
}

namespace cxr::engine {

/// Computes a latent for an image (8-bit grey, lungs dark, row-major) when none is stored:
/// the segmentation model's encoder (the CLI and the GUI supply one built on core/model).
/// The runner calls it from one thread at a time, so a model session needs no lock.
using LatentProvider = std::function<std::vector<float>(const std::vector<uint8_t>& grey8, int width, int height)>;

/// One prediction to score.
struct RcaItem {
  std::string key;                 ///< the image's identity for messages (file name, image key)
  std::string path;                ///< image file
  format::LandmarkSet prediction;  ///< predicted landmarks in the image file's pixels
  int expectedWidth = 0, expectedHeight = 0;  ///< when > 0, the image must have this size
  std::vector<float> latent;       ///< empty: computed by the LatentProvider
  std::string excludeReference;    ///< leave-one-out (see RcaQuery)
  int64_t imageId = 0, versionId = 0;  ///< store ids (0 outside a database)
};

/// What became of one item.
struct RcaOutcome {
  RcaItem item;
  bool ok = false;
  std::string error;        ///< when !ok: the file and the problem
  rca::RcaResult result;    ///< when ok
  bool latentComputed = false;
};

/// Tuning of an RCA run.
struct RcaRunOptions {
  int workers = 0;     ///< images scored at once (each registers its k references in parallel too); 0 = cores
  int chunk = 0;       ///< images per round between two writer calls; 0 = 2 x workers
  std::chrono::milliseconds progressInterval{250};
};

/// Runs RCA over many images on the engine's thread pool (oneTBB): images in parallel, and
/// inside each image its k references in parallel. Works in rounds: a round's images are
/// scored in parallel, then their outcomes are handed to `writer` on the calling thread, in
/// item order (so a store connection owned by the caller can write them). Cancellation is
/// polled before each reference: a cancelled run stops within about one registration, and
/// the items not finished are counted in notProcessed (nothing is handed to the writer for
/// them). A bad item (unreadable file, wrong size, latent of the wrong length) becomes an
/// outcome with ok = false and the run goes on.
class RcaRunner {
 public:
  /// `latents` may be empty when every item carries its latent.
  RcaRunner(const rca::ReverseClassifier& classifier, LatentProvider latents, RcaRunOptions options = {});

  /// Called on the calling thread with each round's outcomes, in item order; may throw (the
  /// run stops and rethrows).
  using Writer = std::function<void(const std::vector<RcaOutcome>&)>;
  RunSummary run(const std::vector<RcaItem>& items, const Writer& writer, ProgressSink& progress,
                 const CancellationToken& cancel = CancellationToken());

 private:
  RcaOutcome scoreOne(const RcaItem& item, const CancellationToken& cancel) const;

  const rca::ReverseClassifier& m_classifier;
  LatentProvider m_latents;
  RcaRunOptions m_options;
  mutable std::mutex m_latentMutex;
};

/// One reference to collect: an image file (or pixels already in memory) and its ground truth.
struct ReferenceSource {
  std::string id;                  ///< unique in the set
  std::string path;                ///< image file; empty when grey8 holds the pixels
  std::vector<uint8_t> grey8;      ///< 8-bit grey, lungs dark (when path is empty)
  int width = 0, height = 0;       ///< of grey8
  format::LandmarkSet landmarks;   ///< ground truth in the image's pixels
};

/// Loads each source's image and computes its latent with `latents` (one at a time), giving
/// the references of a new set (the caller names it, sets the model's hash and writes it with
/// rca::ReferenceSetIO). An unreadable image or a failing latent stops the build with an
/// error naming the file (a reference set is all or nothing). Progress counts images; a
/// cancelled build returns the references collected so far (the caller discards them).
rca::ReferenceSet collectReferences(const std::vector<ReferenceSource>& sources, const LatentProvider& latents,
                                    ProgressSink& progress, const CancellationToken& cancel = CancellationToken());

}  // namespace cxr::engine

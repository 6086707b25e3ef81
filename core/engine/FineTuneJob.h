#pragma once

#include "core/engine/CancellationToken.h"
#include "core/format/LandmarkSet.h"
#include "core/store/StoreTypes.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// One image a reader stands behind (corrected or accepted), ready for training: the model
/// input (the inference preprocessing at the model's input size) and the reader's landmarks.
struct FineTuneSample {
  store::RowId imageId = 0;
  std::string key;               ///< images.image_key (what the held-out hash is taken of)
  store::RowId versionId = 0;    ///< the reader's version used as ground truth
  bool corrected = false;        ///< false: accepted as the model drew it
  int size = 0;                  ///< side of `pixels`
  std::vector<uint8_t> pixels;   ///< size x size grey, row-major (model input = value / 255)
  format::LandmarkSet truth1024; ///< ground truth in the 1024 x 1024 model space
};

/// Training hyper-parameters of a fine-tuning run (core/model TrainingOptions' subset).
struct FineTuneParams {
  int epochs = 10;
  int batchSize = 4;
  double learningRate = 1e-4;
  uint64_t seed = 42;
  int threads = 2;              ///< torch intra-op threads
  std::string device = "cpu";   ///< cpu, cuda or auto
  bool resume = false;          ///< continue a run interrupted in the same output folder
};

/// One finished epoch.
struct FineTuneEpoch {
  int epoch = 0, epochs = 0;
  double trainLoss = 0, heldOutLoss = 0, heldOutPixelError = 0;
  double seconds = 0, etaSeconds = 0;
  bool best = false;
  int bestEpoch = 0;
};

/// The training library behind a small interface, so that cxr_engine never links LibTorch
/// (ModelFineTuneBackend.h is the LibTorch implementation, header-only like ModelSegmenter.h).
class FineTuneBackend {
 public:
  virtual ~FineTuneBackend() = default;
  /// Square input side of a weights file; throws with a message naming the file.
  virtual int inputSize(const std::string& weightsPath) = 0;
  /// Fine-tunes `baseWeights` on `train`, selecting the epoch by the landmark loss on `heldOut`;
  /// checkpoints go to `outputDir` (resumable). Returns the best weights' path. `onStep`
  /// (step, steps of the epoch) may throw to stop the run.
  virtual std::string train(const std::string& baseWeights, const std::vector<FineTuneSample>& train,
                            const std::vector<FineTuneSample>& heldOut, const FineTuneParams& params,
                            const std::string& outputDir, const std::function<void(const FineTuneEpoch&)>& onEpoch,
                            const std::function<void(int step, int steps)>& onStep) = 0;
  /// The model's landmarks (240 values in [0,1] of the input square) for images of its size.
  virtual std::vector<std::vector<float>> predict(const std::string& weightsPath,
                                                  const std::vector<const uint8_t*>& images,
                                                  const FineTuneParams& params) = 0;
};

/// Mean Dice per organ over a set of images (review-metrics.md masks, 1024 model space).
struct OrganDice {
  double rightLung = 0, leftLung = 0, heart = 0;
  double lungs = 0;  ///< both lungs as one mask
  std::size_t images = 0;
  std::size_t nonFinite = 0;  ///< images whose prediction was not finite (counted as Dice 0)
};

/// What to fine-tune.
struct FineTuneOptions {
  std::string reader;            ///< whose corrections / acceptances are the ground truth
  /// Weights to start from; empty: the model that produced the images' automatic
  /// segmentations (its recorded file, or `bundledModelPath` when the hashes match), or the
  /// bundled model when no image records one.
  std::string baseModelPath;
  std::string bundledModelPath;  ///< the demo model shipped with the application
  std::string outputDir;         ///< checkpoints and the new weights file
  /// Name of the new model and stem of its weights file (made file-name safe); empty:
  /// "<base name>-ft-<reader>-<UTC time>".
  std::string modelName;
  double heldOutFraction = 0.2;  ///< share held out for model selection (by image-key hash)
  FineTuneParams params;
  std::function<void(const std::string&)> message;              ///< what the run is doing
  std::function<void(std::int64_t done, std::int64_t total)> progress;  ///< overall steps
  std::function<void(const FineTuneEpoch&)> onEpoch;
  CancellationToken cancel;      ///< a cancelled run throws EngineError (no new model is registered)
};

/// The outcome, as registered in the store.
struct FineTuneResult {
  store::RowId modelId = 0, baseModelId = 0;
  std::string modelName, baseModelName;
  std::string modelPath, baseModelPath;
  std::size_t trainImages = 0, heldOutImages = 0, correctedImages = 0, acceptedImages = 0;
  std::vector<std::string> skipped;  ///< "<file>: <problem>" of images that could not be read
  std::string heldOutSha256;         ///< SHA-256 of the sorted held-out image keys, one per line
  OrganDice baseDice, newDice;       ///< on the held-out images
  int bestEpoch = 0, epochs = 0;
  double seconds = 0;
};

/// Active learning from readers' work: collects the images a reader corrected or accepted
/// (their current version, else the version their latest accept/correct decision refers to),
/// loads them with the inference preprocessing, holds out a deterministic share by SHA-256 of
/// the image key, measures the base model on it, fine-tunes, measures the best checkpoint and
/// registers the new model with its parent, data description and figures (schema v5 lineage).
/// Uses the store on the calling thread only.
class FineTuneJob {
 public:
  FineTuneJob(store::ReviewStore& store, FineTuneBackend& backend, FineTuneOptions options);

  /// The reader's images in image-id order at `inputSize`. Throws EngineError for an unknown
  /// reader or a reader with no corrected / accepted image; unreadable files are skipped and
  /// listed in `skipped`.
  std::vector<FineTuneSample> collect(int inputSize, std::vector<std::string>* skipped = nullptr);
  /// Runs everything; throws EngineError (bad options, too few images, cancelled) and
  /// store/model errors. The new model is registered only when the run completes (the base
  /// model is recorded, with its file, as soon as it is resolved).
  FineTuneResult run();

  /// Where a run keeps its checkpoints and weights by default: <dbFolder>/fine-tuned/<reader>
  /// (the reader's name made file-name safe).
  static std::string defaultOutputDir(const std::string& dbFolder, const std::string& reader);
  /// `text` with every character outside [A-Za-z0-9._-] replaced by '_' (file names).
  static std::string fileSafe(const std::string& text);
  /// True when the image with this key is held out: the first 8 bytes of SHA-256(key) as a
  /// fraction of 2^64 fall below `fraction`.
  static bool isHeldOut(const std::string& imageKey, double fraction);
  /// Mean Dice per organ of predictions ([0,1] of the input square) against the samples' truth.
  static OrganDice dice(const std::vector<FineTuneSample>& samples,
                        const std::vector<std::vector<float>>& predictions);
  /// Evaluates a weights file on samples.
  static OrganDice evaluate(FineTuneBackend& backend, const std::string& weightsPath,
                            const std::vector<FineTuneSample>& samples, const FineTuneParams& params);

 private:
  struct Entry {
    store::RowId imageId = 0, versionId = 0;
    bool corrected = false;
  };
  struct Base {
    std::string path;
    store::RowId modelId = 0;
    std::string name;
  };
  std::vector<Entry> select();
  std::vector<FineTuneSample> load(const std::vector<Entry>& entries, int inputSize,
                                   std::vector<std::string>* skipped);
  Base resolveBase(const std::vector<Entry>& entries);
  void say(const std::string& text) const;
  void checkCancelled() const;

  store::ReviewStore& m_store;
  FineTuneBackend& m_backend;
  FineTuneOptions m_options;
};

}  // namespace cxr::engine

#pragma once

// Header-only on purpose (see ModelSegmenter.h): only the executables that include it link
// LibTorch through cxr_model; cxr_engine and its tests never do. No torch header reaches here.

#include "core/engine/FineTuneJob.h"
#include "core/model/InferenceSession.h"
#include "core/model/Trainer.h"
#include "core/model/WeightsFile.h"

namespace cxr::engine {

/// FineTuneJob's backend on core/model: Trainer (the spec's loss, augmentation, checkpoints,
/// resume) started from the base weights, and InferenceSession for the held-out figures.
class ModelFineTuneBackend : public FineTuneBackend {
 public:
  int inputSize(const std::string& weightsPath) override { return model::WeightsFile::validate(weightsPath).inputSize; }

  std::string train(const std::string& baseWeights, const std::vector<FineTuneSample>& train,
                    const std::vector<FineTuneSample>& heldOut, const FineTuneParams& params,
                    const std::string& outputDir, const std::function<void(const FineTuneEpoch&)>& onEpoch,
                    const std::function<void(int step, int steps)>& onStep) override {
    model::TrainingOptions o;
    o.inputSize = inputSize(baseWeights);
    o.epochs = params.epochs;
    o.batchSize = params.batchSize;
    o.learningRate = params.learningRate;
    o.seed = params.seed;
    o.threads = params.threads;
    o.device = params.device;
    o.outputDir = outputDir;
    o.initWeights = baseWeights;
    o.resume = params.resume;
    model::Trainer trainer(o);
    trainer.run(convert(train, o.inputSize), convert(heldOut, o.inputSize),
                [&](const model::EpochReport& r) {
                  if (onEpoch)
                    onEpoch({r.epoch, r.epochs, r.trainLoss, r.valLoss, r.valPixelError, r.seconds, r.etaSeconds,
                             r.best, r.bestEpoch});
                },
                [&](const model::StepReport& s) {
                  if (onStep) onStep(s.step, s.steps);
                });
    return trainer.bestModelPath();
  }

  std::vector<std::vector<float>> predict(const std::string& weightsPath, const std::vector<const uint8_t*>& images,
                                          const FineTuneParams& params) override {
    model::SessionOptions options;
    options.device = model::parseDevice(params.device);
    options.threads = params.threads;
    options.batchSize = 4;
    options.warmUp = false;
    model::InferenceSession session = model::InferenceSession::open(weightsPath, options);
    std::vector<std::vector<float>> out;
    for (model::ModelOutput& o : session.run(images)) out.push_back(std::move(o.landmarks));
    return out;
  }

 private:
  static std::vector<model::TrainingSample> convert(const std::vector<FineTuneSample>& samples, int inputSize) {
    std::vector<model::TrainingSample> out;
    out.reserve(samples.size());
    const double scale = static_cast<double>(inputSize) / 1024.0;
    for (const FineTuneSample& s : samples) {
      model::TrainingSample t;
      t.id = s.key;
      t.width = t.height = s.size;
      t.pixels = s.pixels;
      for (const double v : s.truth1024.flat()) t.landmarks.push_back(static_cast<float>(v * scale));
      out.push_back(std::move(t));
    }
    return out;
  }
};

}  // namespace cxr::engine

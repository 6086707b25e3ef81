#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cxr::model {

/// One training image with its ground truth, in the image's own pixels.
struct TrainingSample {
  std::string id;
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;   ///< height x width 8-bit grey, row-major
  std::vector<float> landmarks;  ///< 240 values x0,y0,... in pixels of this image
};

/// Hyper-parameters and files of a training run (defaults: the spec's reference recipe).
struct TrainingOptions {
  int inputSize = 256;        ///< model input side (images are resized to it, bilinear)
  int epochs = 100;           ///< last epoch to run (a resumed run continues up to it)
  int batchSize = 4;
  double learningRate = 1e-4;
  double weightDecay = 1e-5;
  int lrStepEpochs = 0;       ///< multiply the rate by lrGamma every this many epochs (0 = never)
  double lrGamma = 0.5;
  /// "step" (lrStepEpochs/lrGamma) or "cosine": from learningRate at epoch 1 down to
  /// learningRate * lrMinFactor at the last epoch (half a cosine), after warmupEpochs of
  /// linear warm-up. With cosine the last epoch's model is the one to keep.
  std::string lrSchedule = "step";
  double lrMinFactor = 0.01;
  int warmupEpochs = 0;
  double klWeight = 1e-5;
  uint64_t seed = 42;         ///< shuffling, augmentation and initialisation
  int threads = 2;            ///< torch intra-op threads
  std::string device = "cpu"; ///< cpu, cuda or auto
  std::string outputDir;      ///< receives last.pt, best.pt, optimizer.pt, state.txt, log
  std::string initWeights;    ///< fine-tune from this state_dict (empty: random init)
  bool resume = false;        ///< continue from outputDir's last checkpoint
  // Augmentation (per image, training only).
  double scaleJitter = 0.10;     ///< scale in [1 - j, 1 + j]
  double rotationDegrees = 10.0; ///< rotation in [-r, r]
  double shiftFraction = 0.05;   ///< translation up to this fraction of the side
  double gammaJitter = 0.3;      ///< gamma in [1 - j, 1 + j]
  double noiseSigma = 0.02;      ///< Gaussian noise sigma (of a [0,1] image), drawn in [0, sigma]
  double contrastJitter = 0.0;   ///< linear contrast about the image mean in [1 - j, 1 + j]
  /// Smooth elastic displacement (a 4 x 4 grid of random offsets, bicubically upsampled),
  /// largest offset as a fraction of the side; applied to image and landmarks alike.
  double elasticFraction = 0.0;
  /// Probability per image of a simulated opacity (effusion, consolidation, overlying
  /// tissue): a smooth bright patch centred on a random lung-contour landmark, so that the
  /// boundary under it must be inferred from the shape, as readers draw it. 0 = never.
  double opacityProbability = 0.0;
};

/// Learning rate of a 1-based epoch under o's schedule.
double learningRateAt(const TrainingOptions& o, int epoch);

/// One draw of the training augmentation of o on a sample (seeded), at o.inputSize: what
/// the model sees in training. For figures and tests; training draws its own.
TrainingSample augmentSample(const TrainingSample& sample, const TrainingOptions& o, uint64_t seed);

/// Progress of one epoch.
struct EpochReport {
  int epoch = 0;           ///< 1-based
  int epochs = 0;
  double trainLoss = 0;    ///< mean total loss over the epoch
  double valLoss = 0;      ///< landmark MSE (normalised coordinates) on the validation set
  double valPixelError = 0;///< mean landmark distance on validation, in model-input pixels
  double seconds = 0;      ///< wall time of the epoch
  double etaSeconds = 0;   ///< estimate for the remaining epochs
  bool best = false;       ///< this epoch's model was saved as best.pt
  int bestEpoch = 0;
};

/// Progress inside an epoch.
struct StepReport {
  int epoch = 0, step = 0, steps = 0;
  double loss = 0;
  double imagesPerSecond = 0;
};

/// Trains HybridGNet (the same module InferenceSession runs) with the spec's loss: landmark
/// MSE + MSE of both skip positions + KL; Adam; augmentation; per-epoch validation and
/// checkpoints in outputDir (state_dicts readable by InferenceSession and torch.load).
class Trainer {
 public:
  explicit Trainer(TrainingOptions options);
  ~Trainer();

  /// Runs the remaining epochs; callbacks may be empty. Throws std::runtime_error on bad
  /// input (empty sets, wrong landmark counts) or unreadable checkpoints.
  void run(const std::vector<TrainingSample>& train, const std::vector<TrainingSample>& val,
           const std::function<void(const EpochReport&)>& onEpoch,
           const std::function<void(const StepReport&)>& onStep = {});

  /// Path of the best model so far (outputDir/best.pt).
  std::string bestModelPath() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::model

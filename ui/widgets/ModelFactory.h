#pragma once
// Plain C++ on purpose (no Qt header): the model library is opened here, so Qt's keyword macros
// and LibTorch never meet in one translation unit.
#include "core/engine/FineTuneJob.h"
#include "core/engine/Segmenter.h"
#include "core/store/StoreTypes.h"

#include <memory>
#include <string>

namespace cxr::widgets {

/// How the application runs its segmentation model.
struct ModelChoice {
  std::string weightsPath;     ///< torch.save state_dict or TorchScript file
  std::string device = "auto"; ///< auto, cpu or cuda
  int threads = 0;             ///< torch intra-op threads; 0 = all cores
  int batchSize = 1;
};

/// Opens segmentation models for the background jobs of the application.
class ModelFactory {
 public:
  /// True when this build has the LibTorch model library.
  static bool available();
  /// Opens the weights (throws with a message naming the file when they are not a HybridGNet).
  static std::unique_ptr<engine::Segmenter> open(const ModelChoice& choice);
  /// The store's record of the model: name (file stem), SHA-256 of the file, input size.
  /// Reads the weights' input size by opening them; throws like open().
  static store::ModelInfo describe(const ModelChoice& choice, int inputSize);
  /// The training backend of fine-tuning (core/model Trainer + InferenceSession); throws when
  /// this build has no model library.
  static std::unique_ptr<engine::FineTuneBackend> fineTuneBackend();
};

}  // namespace cxr::widgets

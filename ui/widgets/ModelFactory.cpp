#include "ui/widgets/ModelFactory.h"

#include "core/store/Sha256.h"

#ifdef CXR_HAVE_MODEL
#include "core/engine/ModelFineTuneBackend.h"
#include "core/engine/ModelSegmenter.h"
#endif

#include <filesystem>
#include <stdexcept>

namespace cxr::widgets {

bool ModelFactory::available() {
#ifdef CXR_HAVE_MODEL
  return true;
#else
  return false;
#endif
}

std::unique_ptr<engine::Segmenter> ModelFactory::open(const ModelChoice& choice) {
#ifdef CXR_HAVE_MODEL
  if (choice.weightsPath.empty()) throw std::runtime_error("no model file is selected (Settings > Model)");
  model::SessionOptions options;
  options.device = model::parseDevice(choice.device);
  options.threads = choice.threads;
  options.batchSize = choice.batchSize;
  return std::make_unique<engine::ModelSegmenter>(model::InferenceSession::open(choice.weightsPath, options));
#else
  (void)choice;
  throw std::runtime_error("this build of CheXReview has no model library (built without LibTorch)");
#endif
}

store::ModelInfo ModelFactory::describe(const ModelChoice& choice, int inputSize) {
  store::ModelInfo info;
  info.name = std::filesystem::path(choice.weightsPath).stem().string();
  info.fileSha256 = store::Sha256::ofFile(choice.weightsPath);
  info.inputSize = inputSize;
  info.configJson = "{\"kind\":\"hybridgnet\",\"cropBorders\":false}";
  return info;
}

std::unique_ptr<engine::FineTuneBackend> ModelFactory::fineTuneBackend() {
#ifdef CXR_HAVE_MODEL
  return std::make_unique<engine::ModelFineTuneBackend>();
#else
  throw std::runtime_error("this build of CheXReview has no model library (built without LibTorch)");
#endif
}

}  // namespace cxr::widgets

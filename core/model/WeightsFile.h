#pragma once

#include "core/model/FloatTensor.h"
#include "core/model/ModelConfig.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cxr::model {

/// Named float32 tensors of a state_dict, in file order.
using NamedFloatTensors = std::vector<std::pair<std::string, FloatTensor>>;

/// torch.save state_dict files (zip format, OrderedDict of float32 tensors) without Python:
/// the reader accepts what torch.save writes and nothing else (WeightsError names the cause);
/// the writer produces files torch.load opens.
class WeightsFile {
 public:
  /// Every tensor of the file.
  static NamedFloatTensors read(const std::string& path);
  /// Writes the tensors as torch.save(OrderedDict) would.
  static void write(const std::string& path, const NamedFloatTensors& tensors);
  /// The HybridGNet configuration the file's shapes imply (input size from fc_mu).
  static ModelConfig configOf(const std::string& path);
  /// Opens the file as a HybridGNet with strict key and shape checks (throws WeightsError
  /// naming the first missing key, extra key or wrong shape); returns its configuration.
  static ModelConfig validate(const std::string& path);
  /// Writes a freshly initialised HybridGNet of `config` (LibTorch default initialisation,
  /// seeded): the starting point of training, and weights for benchmarks.
  static void initialise(const std::string& path, const ModelConfig& config, uint64_t seed);
};

}  // namespace cxr::model

#pragma once

#include "core/model/FloatTensor.h"
#include "core/model/ModelConfig.h"

#include <map>
#include <memory>
#include <string>

namespace cxr::model {

/// Runs the HybridGNet forward pass one stage at a time on the CPU, with plain arrays in and
/// out: used to check the port stage by stage against the public implementation's tensors.
/// Stage names follow the golden set: conv5, conv6, mu, dec, up6, up5, sc1, pos1, up4, pool,
/// up3, sc2, pos2, up2, out.
class StageRunner {
 public:
  /// Loads a state_dict file strictly; inputSize is read from the weights.
  explicit StageRunner(const std::string& weightsPath, int threads = 1);
  ~StageRunner();

  /// The configuration read from the weights.
  const ModelConfig& config() const;

  /// Encoder on [B,1,S,S] input in [0,1]: returns conv5, conv6 and mu.
  std::map<std::string, FloatTensor> encode(const FloatTensor& input) const;
  /// One decoder stage fed its expected input(s): `stage` is dec (input mu), up6 (dec),
  /// up5 (up6), sc1 / pos1 (inputs up5 and conv6), up4 (sc1), pool (up4), up3 (pool),
  /// sc2 / pos2 (up3 and conv5), up2 (sc2) or out (up2).
  FloatTensor stage(const std::string& stage, const FloatTensor& input,
                    const FloatTensor& featureMap = {}) const;
  /// The image-to-graph sampling alone: features [B,C,h,h] at positions [B,N,2] -> [B,N,C].
  static FloatTensor sample(const FloatTensor& features, const FloatTensor& positions);
  /// The whole forward pass from the input: every stage of the golden set.
  std::map<std::string, FloatTensor> forwardAll(const FloatTensor& input) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::model

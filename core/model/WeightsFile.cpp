#include "core/model/WeightsFile.h"

#include "core/model/internal/HybridGNet.h"
#include "core/model/internal/StateDict.h"
#include "core/model/internal/TensorConvert.h"

namespace cxr::model {

NamedFloatTensors WeightsFile::read(const std::string& path) {
  NamedFloatTensors out;
  for (const auto& [name, t] : internal::readStateDict(path))
    out.emplace_back(name, internal::fromTorch(t));
  return out;
}

void WeightsFile::write(const std::string& path, const NamedFloatTensors& tensors) {
  internal::NamedTensors named;
  for (const auto& [name, t] : tensors) named.emplace_back(name, internal::toTorch(t));
  internal::writeStateDict(path, named);
}

ModelConfig WeightsFile::configOf(const std::string& path) {
  return internal::configFromStateDict(internal::readStateDict(path), path);
}

ModelConfig WeightsFile::validate(const std::string& path) {
  const internal::NamedTensors tensors = internal::readStateDict(path);
  const ModelConfig config = internal::configFromStateDict(tensors, path);
  internal::HybridGNet net(config);
  internal::loadStrict(*net, tensors, path);
  return config;
}

void WeightsFile::initialise(const std::string& path, const ModelConfig& config, uint64_t seed) {
  torch::manual_seed(seed);
  internal::HybridGNet net(config);
  internal::writeStateDict(path, internal::stateOf(*net));
}

}  // namespace cxr::model

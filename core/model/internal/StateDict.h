#pragma once
// Internal: reading, checking and writing torch.save state_dict archives.

#include "core/model/ModelConfig.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace cxr::model::internal {

/// Key -> tensor, in file order.
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// Kind of a model archive.
enum class ArchiveKind { StateDict, TorchScript };

/// Opens the zip and tells a TorchScript archive (constants.pkl, code/) from a state_dict;
/// throws WeightsError when the file is missing or not a torch zip archive.
ArchiveKind archiveKind(const std::string& path);

/// Reads every tensor of a torch.save'd state_dict onto the CPU (float32 tensors; other
/// dtypes are rejected), throwing WeightsError naming the file and the cause.
NamedTensors readStateDict(const std::string& path);

/// Writes tensors as torch.save(OrderedDict) does (readable by torch.load).
void writeStateDict(const std::string& path, const NamedTensors& tensors);

/// The model configuration implied by the weights (inputSize from fc_mu, latents from mu).
ModelConfig configFromStateDict(const NamedTensors& tensors, const std::string& context);

/// Copies tensors into the module's parameters: every parameter present, no extra key,
/// every shape equal; otherwise WeightsError naming the first mismatch.
void loadStrict(torch::nn::Module& module, const NamedTensors& tensors,
                const std::string& context);

/// The module's parameters as NamedTensors (CPU copies), in registration order.
NamedTensors stateOf(const torch::nn::Module& module);

}  // namespace cxr::model::internal

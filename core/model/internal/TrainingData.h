#pragma once
// Internal: tensors and augmentation for Trainer.

#include "core/model/Trainer.h"

#include <torch/torch.h>

#include <vector>

namespace cxr::model::internal {

/// A data set resized to the model input: images [N,1,S,S] in [0,1], targets [N,120,2] as
/// fractions of the side (x, y).
struct PreparedSet {
  torch::Tensor images;
  torch::Tensor targets;
};

/// Resizes every sample to inputSize with torch's bilinear interpolation (antialiased when
/// shrinking; the model library does not use OpenCV) and scales its landmarks the same way.
/// Throws std::runtime_error naming the sample when its landmarks or pixels are malformed.
PreparedSet prepareSet(const std::vector<TrainingSample>& samples, int inputSize);

/// Random scale/rotation/shift (one affine per image) and optionally a smooth elastic
/// displacement, applied to image and landmarks alike; contrast, gamma and Gaussian noise, drawn from torch's global generator; targets are clipped to
/// [0,1] afterwards.
void augmentBatch(torch::Tensor& images, torch::Tensor& targets, const TrainingOptions& o);

}  // namespace cxr::model::internal

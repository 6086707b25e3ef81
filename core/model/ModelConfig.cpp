#include "core/model/ModelConfig.h"

#include <stdexcept>

namespace cxr::model {

void ModelConfig::validate() const {
  if (inputSize < 32 || inputSize % 32 != 0)
    throw std::invalid_argument("model input size must be a positive multiple of 32, got " +
                                std::to_string(inputSize));
  if (latents < 1)
    throw std::invalid_argument("model latent size must be positive, got " +
                                std::to_string(latents));
}

}  // namespace cxr::model

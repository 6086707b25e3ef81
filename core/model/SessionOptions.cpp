#include "core/model/SessionOptions.h"

#include <stdexcept>

namespace cxr::model {

Device parseDevice(const std::string& text) {
  if (text == "auto") return Device::Auto;
  if (text == "cpu") return Device::Cpu;
  if (text == "cuda") return Device::Cuda;
  throw std::invalid_argument("unknown device '" + text + "' (expected auto, cpu or cuda)");
}

}  // namespace cxr::model

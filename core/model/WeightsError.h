#pragma once

#include <stdexcept>
#include <string>

namespace cxr::model {

/// A weights file that cannot be used: unreadable archive, unsupported pickle content,
/// or a state_dict whose keys or shapes do not match the model (the message names the first).
struct WeightsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::model

#pragma once

#include <stdexcept>

namespace cxr::rca {

/// Bad input to RCA (a reference set that cannot be read, a latent of the wrong size, ...);
/// the message names the file or the item and the problem.
struct RcaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::rca

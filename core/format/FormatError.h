#pragma once

#include <stdexcept>
#include <string>

namespace cxr::format {

/// Bad CheXmask data (RLE, landmarks, CSV); the message names file, row and column where known.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::format

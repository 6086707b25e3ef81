#pragma once

#include <stdexcept>
#include <string>

namespace cxr::image {

/// A file that cannot be loaded or written as an image; the message names the file and the cause.
class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::image

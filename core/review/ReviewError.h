#pragma once

#include <stdexcept>

namespace cxr::review {

/// A review request the store must not carry out: unknown image, a parent version of another
/// image, landmarks that are not finite or lie far outside the image, an empty reader name.
/// The message names the image and the problem. Store failures stay store::StoreError.
class ReviewError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::review

#pragma once

#include <stdexcept>
#include <string>

namespace cxr::store {

/// A failure of the review store, worded in domain terms (which database, which record, why);
/// never carries SQL text.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::store

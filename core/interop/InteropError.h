#pragma once

#include <stdexcept>
#include <string>

namespace cxr::interop {

/// Export/import failure; the message names the file and the problem.
class InteropError : public std::runtime_error {
 public:
  explicit InteropError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace cxr::interop

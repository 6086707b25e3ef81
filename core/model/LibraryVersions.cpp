#include "core/model/LibraryVersions.h"

#include <ATen/Version.h>

#include <string>

namespace cxr::model {

std::vector<buildinfo::LibraryVersion> libraryVersions() {
  // show_config() is the library's own description of its build ("... TORCH_VERSION=1.13.0, ...").
  const std::string config = at::show_config();
  const std::string key = "TORCH_VERSION=";
  std::string version = "unknown (libtorch does not report TORCH_VERSION)";
  if (const auto at = config.find(key); at != std::string::npos) {
    const auto begin = at + key.size();
    const auto end = config.find_first_of(", \n", begin);
    version = config.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }
  return {{"LibTorch", version}};
}

}  // namespace cxr::model

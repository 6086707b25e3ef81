#pragma once
// Shared by the fuzz targets: the code under test reads files by path, so each input is
// written to a per-process scratch file first (tmpfs when available).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace cxr::fuzz {

/// A per-process scratch folder (removed at exit is not needed: it is reused by each run).
inline const std::string& scratchDir() {
  static const std::string dir = [] {
    const char* base = std::getenv("CXR_FUZZ_TMP");
    std::string root = base ? base : (std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp");
    std::string d = root + "/cxr-fuzz-" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

/// Writes the input to `<scratch>/<name>` and returns the path.
inline std::string writeInput(const uint8_t* data, size_t size, const std::string& name) {
  const std::string path = scratchDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace cxr::fuzz

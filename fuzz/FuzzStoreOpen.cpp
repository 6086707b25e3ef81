// libFuzzer target: opening a review database (schema read, migration of an old schema with
// its backup, integrity check). Bad input must end in cxr::store::StoreError.
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "fuzz/FuzzSupport.h"

#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  const std::string dir = cxr::fuzz::scratchDir() + "/db";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = dir + "/in.sqlite";
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  try {
    cxr::store::StoreOptions options;
    options.create = false;
    options.busyTimeoutMs = 0;
    cxr::store::ReviewStore store(path, options);
    (void)store.integrityCheck();
    (void)store.status();
  } catch (const cxr::store::StoreError&) {
  }
  return 0;
}

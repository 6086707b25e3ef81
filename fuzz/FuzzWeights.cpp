// libFuzzer target: reading a torch.save state_dict (zip archive, pickle, tensor storages)
// without Python. Bad input must end in cxr::model::WeightsError.
#include "core/model/WeightsError.h"
#include "core/model/WeightsFile.h"
#include "fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = cxr::fuzz::writeInput(data, size, "in.pt");
  try {
    (void)cxr::model::WeightsFile::read(path);
  } catch (const cxr::model::WeightsError&) {
  }
  return 0;
}

// libFuzzer target: landmark field parsing (flat ints, numpy and JSON arrays), the range
// check, and rasterisation of what passes (the path every imported row takes).
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/FormatError.h"
#include "core/format/Rasterizer.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const cxr::format::LandmarkSet lm = cxr::format::CheXmaskCsvReader::parseLandmarks(text);
    cxr::format::CheXmaskCsvReader::checkLandmarkRange(lm, 64, 64);
    for (cxr::format::Organ organ : cxr::format::kOrgans) (void)cxr::format::Rasterizer::organMask(lm, organ, 64, 64);
  } catch (const cxr::format::FormatError&) {
  }
  return 0;
}

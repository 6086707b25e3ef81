// libFuzzer target: CheXmask RLE decoding and validation; every mask that decodes must
// encode back to the same RLE runs (decode(encode(m)) == m).
#include "core/format/FormatError.h"
#include "core/format/Rle.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int height = 1 + data[0] % 64, width = 1 + data[1] % 64;  // small canvases: fast runs
  const std::string_view rle(reinterpret_cast<const char*>(data + 2), size - 2);
  try {
    const long long pixels = cxr::format::Rle::validate(rle, height, width);
    const cxr::format::Mask mask = cxr::format::Rle::decode(rle, height, width);
    if (mask.area() != pixels) std::abort();
    if (!(cxr::format::Rle::decode(cxr::format::Rle::encode(mask), height, width) == mask)) std::abort();
  } catch (const cxr::format::FormatError&) {
  }
  return 0;
}

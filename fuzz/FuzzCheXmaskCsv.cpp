// libFuzzer target: CheXmask CSV reading (CsvReader, CheXmaskCsvReader: header, landmarks,
// RLE checks, sizes, duplicate IDs), plain or gzip, then mask decoding of small rows.
// Expected outcome for bad input: cxr::format::FormatError; anything else is a finding.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/FormatError.h"
#include "fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The last byte picks the file name (an odd byte: .gz, which the reader treats strictly);
  // text and gzip data usually end in an even byte, so seeds are read as they are.
  const bool gz = size > 0 && (data[size - 1] & 1);
  const std::string path = cxr::fuzz::writeInput(data, size, gz ? "in.csv.gz" : "in.csv");
  try {
    cxr::format::CheXmaskCsvReader reader(path);
    cxr::format::CheXmaskRow row;
    int rows = 0;
    while (reader.next(row) && ++rows < 64) {
      if (int64_t(row.height) * row.width <= (1 << 16))
        for (cxr::format::Organ organ : cxr::format::kOrgans) (void)row.mask(organ);
    }
  } catch (const cxr::format::FormatError&) {
  }
  return 0;
}

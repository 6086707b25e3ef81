#include "core/format/CsvRoundTrip.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"

namespace cxr::format {

CsvRoundTrip::Summary CsvRoundTrip::run(const std::string& inputPath, const std::string& outputPath,
                                        MaskSource source, const std::function<void(long long)>& progress) {
  Summary summary;
  CheXmaskCsvReader reader(inputPath);
  CheXmaskCsvWriter writer(outputPath, reader.header());
  CheXmaskRow row;
  while (reader.next(row)) {
    bool unchanged = true, rasterMatches = true;
    for (Organ organ : kOrgans) {
      const std::string fromRle = Rle::encode(row.mask(organ));
      const std::string fromLandmarks =
          Rle::encode(Rasterizer::organMask(row.landmarks, organ, row.height, row.width));
      rasterMatches = rasterMatches && fromLandmarks == row.rle(organ);
      const std::string& written = source == MaskSource::Rle ? fromRle : fromLandmarks;
      unchanged = unchanged && written == row.rle(organ);
      row.rle(organ) = written;
    }
    summary.rleUnchanged += unchanged;
    summary.landmarksMatchRle += rasterMatches;
    writer.write(row);
    ++summary.rows;
    if (progress) progress(summary.rows);
  }
  writer.close();
  summary.warnings = reader.warnings();
  return summary;
}

}  // namespace cxr::format

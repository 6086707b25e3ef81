#include "core/format/CsvInspector.h"


namespace cxr::format {

CsvInspector::Summary CsvInspector::inspect(const std::string& path) {
  Summary s;
  CheXmaskCsvReader reader(path);
  s.kind = reader.kind();
  s.idColumn = reader.idColumn();
  s.header = reader.header();
  CheXmaskRow row;
  double sumMean = 0, sumMax = 0;
  while (reader.next(row)) {
    ++s.rows;
    if (row.rcaMean && row.rcaMax) {
      ++s.rowsWithRca;
      sumMean += *row.rcaMean;
      sumMax += *row.rcaMax;
      s.rcaMeanAtLeast07 += *row.rcaMean >= 0.7;
    }
    for (Organ o : kOrgans) s.emptyMasks += row.rle(o).empty();
    s.integerLandmarkRows += row.landmarks.isIntegral();
    ++s.sizes[std::to_string(row.height) + "x" + std::to_string(row.width)];
  }
  if (s.rowsWithRca) {
    s.meanRcaMean = sumMean / double(s.rowsWithRca);
    s.meanRcaMax = sumMax / double(s.rowsWithRca);
  }
  s.warnings = reader.warnings();
  s.bytes = reader.bytesRead();
  return s;
}

}  // namespace cxr::format

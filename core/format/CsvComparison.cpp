#include "core/format/CsvComparison.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/CsvWriter.h"
#include "core/format/FormatError.h"
#include "core/format/Rle.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace cxr::format {

namespace {

// Dataset name of a row: the physician files' Dataset column, else the release's ID column.
std::string datasetOf(const CheXmaskRow& row, const std::string& idColumn) {
  if (!row.dataset.empty()) return row.dataset;
  if (idColumn == "Image Index") return "ChestX-Ray8";
  if (idColumn == "Path") return "CheXpert";
  if (idColumn == "dicom_id") return "MIMIC-CXR-JPG";
  if (idColumn == "image_id") return "VinDr-CXR";
  return "";
}

std::string number(double v) { return std::isnan(v) ? "" : CheXmaskCsvWriter::formatDouble(v); }

struct Accumulator {
  double sum[8] = {};
  long long count[8] = {};
  void add(const ComparisonResult& r) {
    const double v[8] = {r.diceLungs,        r.diceHeart,        r.diceGT,   r.hausdorffLungs,
                         r.hausdorffHeart,   r.hausdorff95Lungs, r.hausdorff95Heart, r.mse};
    for (int i = 0; i < 8; ++i)
      if (!std::isnan(v[i])) {
        sum[i] += v[i];
        ++count[i];
      }
  }
  ComparisonResult mean() const {
    double m[8];
    for (int i = 0; i < 8; ++i) m[i] = count[i] ? sum[i] / double(count[i]) : std::nan("");
    return {m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]};
  }
};

}  // namespace

std::vector<std::string> CsvComparison::header(bool withRca) {
  std::vector<std::string> h{"Dataset", "ImageID", "Dice GT"};
  if (withRca) {
    h.push_back("Dice RCA (Max)");
    h.push_back("Dice RCA (Mean)");
  }
  for (const char* c : {"Dice Lungs", "Dice Heart", "Hausdorff Lungs", "Hausdorff Heart", "Hausdorff 95 Lungs",
                        "Hausdorff 95 Heart", "MSE"})
    h.emplace_back(c);
  return h;
}

CsvComparison::Summary CsvComparison::compareFiles(const std::string& referencePath,
                                                   const std::string& candidatePath,
                                                   const std::string& outputPath,
                                                   const std::function<void(long long)>& progress) {
  Summary summary;
  CheXmaskCsvReader reference(referencePath);
  std::unordered_map<std::string, CheXmaskRow> byId;
  CheXmaskRow row;
  while (reference.next(row)) {
    row.columns.clear();  // only the typed values are needed; keeps the map small
    const std::string id = row.imageId;
    if (!byId.emplace(id, std::move(row)).second)
      throw FormatError(referencePath + ": image ID '" + id + "' appears twice");
  }
  CheXmaskCsvReader candidate(candidatePath);
  // RCA columns are written when either header has them (model files carry both).
  const bool withRca = candidate.columnIndex("Dice RCA (Max)") >= 0 || reference.columnIndex("Dice RCA (Max)") >= 0;
  summary.hasRca = withRca;
  CsvWriter out(outputPath);
  out.write(header(withRca));
  Accumulator acc;
  std::unordered_set<std::string> seen;
  while (candidate.next(row)) {
    auto it = byId.find(row.imageId);
    if (it == byId.end()) {
      ++summary.onlyInCandidate;
      continue;
    }
    if (!seen.insert(row.imageId).second)
      throw FormatError(candidatePath + ": image ID '" + row.imageId + "' appears twice");
    const CheXmaskRow& ref = it->second;
    if (ref.height != row.height || ref.width != row.width)
      throw FormatError(candidatePath + ": line " + std::to_string(row.line) + " (" + row.imageId +
                        "): mask size differs from the reference's");
    const ComparisonResult r = ComparisonMetrics::compare(
        ref.mask(Organ::RightLung), ref.mask(Organ::LeftLung), ref.mask(Organ::Heart), ref.landmarks,
        row.mask(Organ::RightLung), row.mask(Organ::LeftLung), row.mask(Organ::Heart), row.landmarks);
    acc.add(r);
    const CheXmaskRow& modelRow = row.rcaMax ? row : ref;
    std::vector<std::string> fields{datasetOf(row.dataset.empty() ? ref : row, candidate.idColumn()),
                                    row.imageId, number(r.diceGT)};
    if (withRca) {
      fields.push_back(modelRow.rcaMax ? number(*modelRow.rcaMax) : "");
      fields.push_back(modelRow.rcaMean ? number(*modelRow.rcaMean) : "");
    }
    for (double v : {r.diceLungs, r.diceHeart, r.hausdorffLungs, r.hausdorffHeart, r.hausdorff95Lungs,
                     r.hausdorff95Heart, r.mse})
      fields.push_back(number(v));
    out.write(fields);
    ++summary.compared;
    if (progress) progress(summary.compared);
  }
  out.close();
  summary.onlyInReference = static_cast<long long>(byId.size()) - summary.compared;
  summary.mean = acc.mean();
  summary.warnings = reference.warnings();
  summary.warnings.insert(summary.warnings.end(), candidate.warnings().begin(), candidate.warnings().end());
  return summary;
}

}  // namespace cxr::format

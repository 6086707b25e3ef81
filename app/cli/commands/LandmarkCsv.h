#pragma once
// Shared by the train and segment commands: ground-truth landmark tables by image id.

#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CsvReader.h"

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cxr::cli {

/// id (file stem) -> 240 landmark values times `scale`, from the landmark data set CSV
/// (id, source, organs, Landmarks; lungs-only rows skipped) or a CheXmask CSV (ID column).
inline std::map<std::string, std::vector<float>> readLandmarkTable(const std::string& path,
                                                                   double scale) {
  std::map<std::string, std::vector<float>> out;
  format::CsvReader csv(path);
  std::vector<std::string> header, fields;
  if (!csv.next(header)) throw std::runtime_error(path + ": empty landmark file");
  const auto column = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  };
  int idCol = column("id");
  for (const std::string& name : format::CheXmaskCsvReader::knownIdColumns())
    if (idCol < 0) idCol = column(name);
  const int lmCol = column("Landmarks"), organs = column("organs");
  if (idCol < 0 || lmCol < 0)
    throw std::runtime_error(path + ": needs an id column and a Landmarks column");
  while (csv.next(fields)) {
    if (static_cast<int>(fields.size()) <= std::max(idCol, lmCol)) continue;
    if (organs >= 0 && fields[size_t(organs)] != "RL+LL+H") continue;
    std::vector<float> xy;
    for (double v : format::CheXmaskCsvReader::parseLandmarks(fields[size_t(lmCol)]).flat())
      xy.push_back(static_cast<float>(v * scale));
    out[std::filesystem::path(fields[size_t(idCol)]).stem().string()] = std::move(xy);
  }
  return out;
}

}  // namespace cxr::cli

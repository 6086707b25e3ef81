#pragma once

#include <string>

namespace cxr::test {

/// The model CSVs of the shared CheXmask sample, relative to the shared data folder.
inline const char* const kModelCsvs[] = {"chexmask/ChestX-Ray8.csv", "chexmask/CheXpert.csv",
                                         "chexmask/VinDr-CXR.csv"};

/// Writes `text` to `path` (gzip-compressed when `gzip`).
void writeFile(const std::string& path, const std::string& text, bool gzip = false);
/// Whole file as a string.
std::string readFile(const std::string& path);

}  // namespace cxr::test

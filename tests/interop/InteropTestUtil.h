#pragma once

#include "core/format/LandmarkSet.h"
#include "core/store/ReviewStore.h"

#include <filesystem>
#include <string>

namespace cxr::interop::test {

/// A temporary folder removed at the end of the test.
struct TempDir {
  explicit TempDir(const std::string& tag);
  ~TempDir();
  std::filesystem::path path;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// The bytes of a file.
std::string readFile(const std::string& path);
/// Output of a shell command (stdout and stderr) and its exit status.
int runCommand(const std::string& command, std::string& output);

/// Registers a DICOM file (identity from its header) in `dataset` of the store and adds a
/// csv_import version of reader chexmask with the given model-space landmarks (masks
/// rasterised at 1024). Returns the image id.
store::RowId registerDicomWithVersion(store::ReviewStore& store, const std::string& dataset,
                                      const std::string& dicomPath, const std::string& externalId,
                                      const format::LandmarkSet& modelLandmarks);
/// Landmarks of the first row of the shared ChestX-Ray8.csv (1024 space).
format::LandmarkSet firstNihLandmarks();

}  // namespace cxr::interop::test

#pragma once
// Plain C++ (no Qt): what `chexreview FILE.dcm` (the desktop's "Open with") does with an image.

#include <string>

namespace cxr::widgets {

/// Opening a single image file (DICOM, PNG, JPEG, TIFF, BMP) from the file manager: it is
/// imported into a review database as dataset "opened files", with its absolute path (less the
/// leading '/') as the external id, so files with the same name from different folders stay
/// apart. Idempotent: opening the same file again finds it (matched by SOP UID / SHA-256).
class OpenedImage {
 public:
  /// The dataset opened files go to.
  static constexpr const char* kDataset = "opened files";
  /// The per-user database used when no --db is given: <dataFolder>/opened-images.cxrdb.
  static std::string defaultDatabase(const std::string& dataFolder);
  /// Imports `file` into `database` (created when absent) and returns its external id (what the
  /// worklist shows and MainWindow::openImage accepts). Throws std::runtime_error naming the
  /// file and the problem when it is missing or cannot be read as an image.
  static std::string import(const std::string& database, const std::string& file);
  /// True when `path` names a review database rather than an image: extension .cxrdb, .db or
  /// .sqlite, or an existing file starting with the SQLite header.
  static bool isReviewDatabase(const std::string& path);
};

}  // namespace cxr::widgets

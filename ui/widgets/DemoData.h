#pragma once
// Plain C++ (no Qt): builds the demo study the application opens with --demo.

#include <string>

namespace cxr::widgets {

/// The demo study: the bundled CC0 radiograph plus synthetic radiographs (12-bit DICOM and
/// 8-bit PNG) in one folder, imported into a review database beside them. Idempotent: an
/// existing demo database is reused as it is (with the reader's edits).
class DemoData {
 public:
  /// Creates (if needed) `folder`/demo.cxrdb from `bundledFolder` (holding the CC0 JPEG) and
  /// returns its path. Throws with a message naming the file on failure.
  static std::string prepare(const std::string& folder, const std::string& bundledFolder);
};

}  // namespace cxr::widgets

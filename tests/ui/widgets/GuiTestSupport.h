#pragma once

#include <QString>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace cxr::widgets {
class MainWindow;
}

namespace cxr::test {

/// The NIH review case of ../shared/data: the ChestX-Ray8 model CSV and both physicians'
/// corrections imported into a fresh database, with the NIH image registered from its folder.
/// Returns the database path. Requires the shared data (callers skip without it).
std::string makeNihReviewDatabase(const std::filesystem::path& folder);
/// Image id (display id) of the NIH case.
inline const char* kNihImage = "00001437_024.png";
/// Opens `db` for `reader` in `window`, opens `image` and waits until it is on screen.
bool openCaseAndWait(widgets::MainWindow& window, const std::string& db, const QString& reader,
                     const QString& image, int timeoutMs = 20000);
/// Saves a screenshot of `window` as docs/screenshots/<name>.png when CXR_SCREENSHOT_DIR is set.
void saveScreenshot(widgets::MainWindow& window, const QString& name);
/// Versions of `image` authored by `reader` (read-only connection).
int versionsBy(const std::string& db, const std::string& reader, std::int64_t image);
/// Polls `condition` while processing events, up to `timeoutMs`.
bool waitFor(const std::function<bool()>& condition, int timeoutMs);

/// Tests on the NIH review case: skip without the shared data, else a fresh database in db().
class NihCaseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;  ///< removes the test's folder (and the database in it)
  const std::string& db() const { return m_db; }
  /// Shows `window` (1400 x 900) with the NIH case open for `reader`.
  bool showCase(widgets::MainWindow& window, const QString& reader);

 private:
  std::string m_db;
  std::filesystem::path m_folder;
};

}  // namespace cxr::test

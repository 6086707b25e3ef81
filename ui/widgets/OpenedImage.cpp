#include "ui/widgets/OpenedImage.h"

#include "core/engine/CancellationToken.h"
#include "core/engine/FolderImporter.h"
#include "core/engine/ProgressSink.h"
#include "core/store/ReviewStore.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace cxr::widgets {

namespace fs = std::filesystem;

namespace {

// Keeps the reason the importer gives for a file it could not read.
class FailureSink : public engine::ProgressSink {
 public:
  void onProgress(const engine::ProgressInfo&) override {}
  void onMessage(engine::MessageLevel, const std::string&) override {}
  void onImageFailed(const std::string&, const std::string& error) override { this->error = error; }
  std::string error;
};

}  // namespace

std::string OpenedImage::defaultDatabase(const std::string& dataFolder) {
  return (fs::path(dataFolder) / "opened-images.cxrdb").string();
}

std::string OpenedImage::import(const std::string& database, const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw std::runtime_error("'" + file + "': no such image file");
  const fs::path path = fs::absolute(file).lexically_normal();
  const fs::path root = path.root_path();
  if (!fs::path(database).parent_path().empty()) fs::create_directories(fs::path(database).parent_path());
  store::ReviewStore store(database);
  engine::FolderImportOptions options;
  options.dataset = kDataset;
  FailureSink sink;
  const auto result = engine::FolderImporter(store).importFiles(root.string(), {path.string()}, options, sink,
                                                                engine::CancellationToken());
  if (result.imported != 1) {
    const std::string why = !sink.error.empty() ? sink.error
                            : result.notImages > 0 ? std::string("not an image (no DICOM header)")
                                                   : std::string("could not be imported");
    throw std::runtime_error("'" + file + "': " + why);
  }
  return path.lexically_relative(root).generic_string();
}

bool OpenedImage::isReviewDatabase(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".cxrdb" || ext == ".db" || ext == ".sqlite") return true;
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  return in.read(header, sizeof header) && std::memcmp(header, "SQLite format 3", 16) == 0;
}

}  // namespace cxr::widgets

#include "core/store/CheXmaskImporter.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/store/AuditLog.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>

namespace cxr::store {

namespace fs = std::filesystem;

namespace {

/// `<DS>_<reader>_annotations.csv[.gz]` -> reader ("" when the name does not follow it).
std::string readerFromFileName(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  static const std::regex pattern(R"(^(.+)_([^_]+)_annotations\.csv(\.gz)?$)");
  std::smatch m;
  return std::regex_match(name, m, pattern) ? m[2].str() : std::string();
}

std::string stemOf(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  for (const char* ext : {".csv.gz", ".csv"})
    if (name.size() > std::string(ext).size() && name.rfind(ext) == name.size() - std::string(ext).size())
      return name.substr(0, name.size() - std::string(ext).size());
  return name;
}

/// Width and height from a PNG header (the IHDR chunk), when the file is a PNG.
std::optional<std::pair<int, int>> pngSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char h[24];
  if (!in.read(reinterpret_cast<char*>(h), sizeof h)) return std::nullopt;
  if (h[0] != 0x89 || h[1] != 'P' || h[2] != 'N' || h[3] != 'G') return std::nullopt;
  auto be = [&](int i) { return int(h[i]) << 24 | int(h[i + 1]) << 16 | int(h[i + 2]) << 8 | int(h[i + 3]); };
  return std::make_pair(be(16), be(20));
}

/// Rows parsed ahead of the writer (about 19 kB each for released rows).
constexpr int kReadAheadRows = 32;

}  // namespace

/// Per-file state of one import: datasets met so far and the open batch transaction.
struct ImportRun {
  ReviewStore& store;
  const CsvImportOptions& options;
  CsvImportResult& result;
  std::map<std::string, RowId> datasets;
  std::optional<Transaction> batch;

  std::pair<RowId, std::string> datasetFor(const format::CheXmaskCsvReader& reader,
                                           const format::CheXmaskRow& row);
  RowId imageFor(RowId datasetId, const std::string& datasetName, const format::CheXmaskRow& row);
  void addVersion(RowId imageId, const format::CheXmaskRow& row);
};

std::pair<RowId, std::string> ImportRun::datasetFor(const format::CheXmaskCsvReader& reader,
                                                   const format::CheXmaskRow& row) {
  std::string name = options.dataset;
  if (name.empty()) name = result.physicianFile ? row.dataset : stemOf(reader.path());
  if (name.empty())
    throw StoreError(reader.path() + ":" + std::to_string(row.line) +
                     ": no dataset name (empty Dataset column); pass a dataset name");
  if (auto it = datasets.find(name); it != datasets.end()) return {it->second, name};
  DatasetInfo info;
  info.name = name;
  info.imageRoot = options.imageRoot;
  if (!result.physicianFile) {
    // The model file defines the dataset: its header and ID column are what export writes.
    info.sourcePath = fs::absolute(reader.path()).string();
    info.idColumn = reader.idColumn();
    info.columns = reader.header();
  }
  const RowId id = store.datasets().ensureDataset(info);
  datasets[name] = id;
  if (result.dataset.empty()) result.dataset = name;
  return {id, name};
}

RowId ImportRun::imageFor(RowId datasetId, const std::string& datasetName, const format::CheXmaskRow& row) {
  // The image root is applied when a dataset first meets an image id.
  if (const auto known = store.datasets().imageByExternalId(datasetId, row.imageId)) return *known;
  ImageRegistration reg;
  reg.fallbackKey = datasetName + ":" + row.imageId;
  if (!options.imageRoot.empty()) {
    const fs::path file = fs::path(options.imageRoot) / row.imageId;
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) {
      reg.image.filePath = file.string();
      reg.image.fileSha256 = Sha256::ofFile(file.string());
      reg.image.fileSize = static_cast<std::int64_t>(fs::file_size(file));
      if (const auto size = pngSize(file.string())) {
        reg.image.width = size->first;
        reg.image.height = size->second;
        if (options.space == LandmarkSpace::Original &&
            (row.width != size->first || row.height != size->second))
          result.warnings.push_back(reg.image.filePath + " (line " + std::to_string(row.line) +
                                    "): Height/Width " + std::to_string(row.height) + "x" +
                                    std::to_string(row.width) + " differ from the image's " +
                                    std::to_string(size->second) + "x" + std::to_string(size->first));
      }
      ++result.imagesWithFile;
    }
  }
  RowId imageId = 0;
  // The same file registered before (a folder import, another dataset) is one image.
  if (!reg.image.fileSha256.empty())
    if (const auto byHash = store.images().findBySha256(reg.image.fileSha256)) imageId = byHash->id;
  if (imageId == 0) imageId = store.images().registerImage(reg);
  store.datasets().addImage(datasetId, imageId, row.imageId, row.line);
  return imageId;
}

void ImportRun::addVersion(RowId imageId, const format::CheXmaskRow& row) {
  NewVersion v;
  v.imageId = imageId;
  v.source = result.physicianFile ? VersionSource::ReaderCorrection : VersionSource::CsvImport;
  v.author = result.reader;
  if (result.physicianFile) v.parentId = store.versions().latestModelVersion(imageId);
  v.data.maskSpace = options.space;
  (options.space == LandmarkSpace::Model ? v.data.landmarksModel : v.data.landmarksOriginal) = row.landmarks;
  v.data.rleRightLung = row.rleRightLung;
  v.data.rleLeftLung = row.rleLeftLung;
  v.data.rleHeart = row.rleHeart;
  v.data.height = row.height;
  v.data.width = row.width;
  v.data.rcaMean = row.rcaMean;
  v.data.rcaMax = row.rcaMax;
  bool created = false;
  const RowId versionId = store.versions().addVersion(v, true, &created);
  ++(created ? result.versionsAdded : result.versionsExisting);
  if (created && result.physicianFile) {
    ReviewInfo review;
    review.imageId = imageId;
    review.reader = result.reader;
    review.status = ReviewStatus::Corrected;
    review.versionId = versionId;
    review.comment = "imported correction";
    store.reviews().addReview(review);
  }
}

std::int64_t CheXmaskImporter::validateFile(const std::string& csvPath, const CsvImportOptions& options) {
  format::CheXmaskCsvReader reader(csvPath);
  const bool physician = reader.kind() == format::CheXmaskFileKind::Physician;
  if (options.reader.empty() && physician && readerFromFileName(csvPath).empty())
    throw StoreError("'" + csvPath + "' is a physician file but its name does not say whose "
                     "(<dataset>_<reader>_annotations.csv); pass the reader name");
  format::CheXmaskRow row;
  std::int64_t rows = 0;
  while (reader.next(row)) {
    if (options.dataset.empty() && physician && row.dataset.empty())
      throw StoreError(reader.path() + ":" + std::to_string(row.line) +
                       ": no dataset name (empty Dataset column); pass a dataset name");
    ++rows;
  }
  return rows;
}

CsvImportResult CheXmaskImporter::importFile(const std::string& csvPath, const CsvImportOptions& options) {
  if (options.validateFirst) validateFile(csvPath, options);
  // Rows are parsed and validated ahead on a second thread while this one writes
  // (docs/performance.md, import).
  format::CheXmaskCsvReader reader(csvPath, kReadAheadRows);
  CsvImportResult result;
  result.physicianFile = reader.kind() == format::CheXmaskFileKind::Physician;
  result.reader = options.reader;
  if (result.reader.empty()) result.reader = result.physicianFile ? readerFromFileName(csvPath) : "chexmask";
  if (result.reader.empty())
    throw StoreError("'" + csvPath + "' is a physician file but its name does not say whose "
                     "(<dataset>_<reader>_annotations.csv); pass the reader name");
  ImportRun run{m_store, options, result, {}, std::nullopt};
  const int batchRows = std::max(1, options.batchRows);
  format::CheXmaskRow row;
  std::int64_t committedRows = 0;
  try {
    while (reader.next(row)) {
      if (!run.batch) run.batch.emplace(m_store);
      const auto [datasetId, datasetName] = run.datasetFor(reader, row);
      run.addVersion(run.imageFor(datasetId, datasetName, row), row);
      if (++result.rows % batchRows == 0) {
        run.batch->commit();
        run.batch.reset();
        committedRows = result.rows;
        if (options.progress) options.progress(result.rows);
      }
    }
    if (!run.batch) run.batch.emplace(m_store);
    m_store.audit().record(result.reader, "import_csv", "dataset", std::nullopt, "",
                           fs::absolute(csvPath).string() + ": " + std::to_string(result.rows) +
                               " rows, " + std::to_string(result.versionsAdded) + " new versions");
    run.batch->commit();
  } catch (const std::exception& e) {
    run.batch.reset();  // rolls back the open batch
    const std::string kept = committedRows == 0
                                 ? "nothing from this file was stored"
                                 : "the first " + std::to_string(committedRows) +
                                       " rows of this file were stored (a re-import skips them)";
    throw StoreError(std::string(e.what()) + "; " + kept);
  }
  if (options.progress) options.progress(result.rows);
  for (const auto& w : reader.warnings()) result.warnings.push_back(w);
  return result;
}

}  // namespace cxr::store

#include "core/store/CheXmaskImporter.h"

#include "core/format/BoundedQueue.h"
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

#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <thread>

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

/// A row parsed, validated and encoded (column blobs, content hash) by the reading thread:
/// the writing thread only looks up ids and stores.
struct PreparedRow {
  format::CheXmaskRow row;  ///< RLE text moved into `version`
  NewVersion version;       ///< all but imageId and parentId
  EncodedVersion encoded;
};

/// Rows are handed to the writer in chunks (fewer wake-ups); about 20 kB per released row,
/// so the queue holds about 2.5 MB.
struct Chunk {
  std::vector<PreparedRow> rows;
  bool end = false;
  std::exception_ptr error;  ///< after `rows`, which come first in the file
};
constexpr std::size_t kChunkRows = 16;
constexpr std::size_t kChunksAhead = 8;

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
  void addVersion(RowId imageId, PreparedRow& prepared);
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

void ImportRun::addVersion(RowId imageId, PreparedRow& p) {
  NewVersion& v = p.version;
  v.imageId = imageId;
  if (result.physicianFile) v.parentId = store.versions().latestModelVersion(imageId);
  bool created = false;
  const RowId versionId = store.versions().addVersion(v, p.encoded, true, &created);
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

namespace {

/// The version a row becomes (without image and parent, which need the database), its RLE
/// text moved out of the row, and its stored form.
void prepare(PreparedRow& p, const CsvImportOptions& options, const CsvImportResult& result,
             bool withRle) {
  format::CheXmaskRow& row = p.row;
  NewVersion& v = p.version;
  v.source = result.physicianFile ? VersionSource::ReaderCorrection : VersionSource::CsvImport;
  v.author = result.reader;
  v.data.maskSpace = options.space;
  (options.space == LandmarkSpace::Model ? v.data.landmarksModel : v.data.landmarksOriginal) = row.landmarks;
  v.data.rleRightLung = std::move(row.rleRightLung);
  v.data.rleLeftLung = std::move(row.rleLeftLung);
  v.data.rleHeart = std::move(row.rleHeart);
  v.data.height = row.height;
  v.data.width = row.width;
  v.data.rcaMean = row.rcaMean;
  v.data.rcaMax = row.rcaMax;
  row.columns.clear();  // the writer needs the id, dataset, size and line only
  p.encoded = VersionRepository::encode(v, {}, withRle);  // no model: csv_import / reader_correction
}

/// Reads, validates and encodes the rows of `reader` on a thread of its own, kChunkRows at a
/// time, while the caller stores earlier ones; closing the queue (the destructor) stops it.
/// The RLE blobs are encoded here while the writer reports new rows (setRowsAreNew), and left
/// to the writer's inserts while every row is found stored (a re-import): the stored bytes are
/// the same either way, only the thread that encodes them differs.
class RowPipeline {
 public:
  RowPipeline(format::CheXmaskCsvReader& reader, const CsvImportOptions& options,
              const CsvImportResult& result)
      : m_queue(kChunksAhead) {
    m_thread = std::thread([this, &reader, &options, &result] {
      for (;;) {
        Chunk chunk;
        chunk.rows.reserve(kChunkRows);
        try {
          while (chunk.rows.size() < kChunkRows) {
            PreparedRow p;
            if (!reader.next(p.row)) {
              chunk.end = true;
              break;
            }
            prepare(p, options, result, m_rowsAreNew.load(std::memory_order_relaxed));
            chunk.rows.push_back(std::move(p));
          }
        } catch (...) {
          chunk.error = std::current_exception();
        }
        const bool last = chunk.end || chunk.error;
        if (!m_queue.push(std::move(chunk)) || last) return;
      }
    });
  }
  ~RowPipeline() {
    m_queue.close();  // a blocked push returns false and the thread ends
    m_thread.join();
  }
  RowPipeline(const RowPipeline&) = delete;
  RowPipeline& operator=(const RowPipeline&) = delete;

  /// Whether the last chunk stored had a new row (the reading thread then encodes RLE blobs).
  void setRowsAreNew(bool isNew) { m_rowsAreNew.store(isNew, std::memory_order_relaxed); }

  /// The next chunk, in file order (waits for it).
  Chunk next() {
    for (;;)
      if (std::optional<Chunk> c = m_queue.pop(std::chrono::milliseconds(1000))) return std::move(*c);
  }

 private:
  format::BoundedQueue<Chunk> m_queue;
  std::atomic<bool> m_rowsAreNew{true};
  std::thread m_thread;
};

}  // namespace

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
  // Rows are parsed, validated and encoded on a second thread while this one writes
  // (docs/performance.md, import); the reader's header and path are read here, its rows there.
  format::CheXmaskCsvReader reader(csvPath);
  CsvImportResult result;
  result.physicianFile = reader.kind() == format::CheXmaskFileKind::Physician;
  result.reader = options.reader;
  if (result.reader.empty()) result.reader = result.physicianFile ? readerFromFileName(csvPath) : "chexmask";
  if (result.reader.empty())
    throw StoreError("'" + csvPath + "' is a physician file but its name does not say whose "
                     "(<dataset>_<reader>_annotations.csv); pass the reader name");
  ImportRun run{m_store, options, result, {}, std::nullopt};
  const int batchRows = std::max(1, options.batchRows);
  std::int64_t committedRows = 0;
  try {
    {
      RowPipeline rows(reader, options, result);
      for (bool end = false; !end;) {
        Chunk chunk = rows.next();
        const std::int64_t addedBefore = result.versionsAdded;
        for (PreparedRow& p : chunk.rows) {
          if (!run.batch) run.batch.emplace(m_store);
          const auto [datasetId, datasetName] = run.datasetFor(reader, p.row);
          run.addVersion(run.imageFor(datasetId, datasetName, p.row), p);
          if (++result.rows % batchRows == 0) {
            run.batch->commit();
            run.batch.reset();
            committedRows = result.rows;
            if (options.progress) options.progress(result.rows);
          }
        }
        if (!chunk.rows.empty()) rows.setRowsAreNew(result.versionsAdded > addedBefore);
        if (chunk.error) std::rethrow_exception(chunk.error);
        end = chunk.end;
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

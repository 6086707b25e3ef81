#include "core/engine/FolderImporter.h"

#include "core/engine/EngineError.h"
#include "core/engine/WriterThread.h"
#include "core/image/ImageLoader.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/Transaction.h"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace cxr::engine {

namespace {

/// One scanned file on its way to the writer.
struct ScannedFile {
  int64_t index = 0;
  std::string path;      // as found
  std::string relative;  // relative to the imported folder: the dataset's external id
  enum class Kind { Image, NotImage, Error } kind = Kind::Image;
  std::string error;
  store::ImageRegistration registration;
};

bool hasImageExtension(const fs::path& path, bool& extensionless) {
  static const std::set<std::string> kExtensions{".dcm", ".dicom", ".png", ".jpg", ".jpeg",
                                                 ".tif", ".tiff", ".bmp"};
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  extensionless = ext.empty();
  return kExtensions.count(ext) > 0;
}

store::ImageRegistration registrationOf(const image::LoadedImage& loaded, const std::string& path,
                                        const std::string& sha256) {
  const image::ImageMetadata& m = loaded.metadata;
  store::ImageRegistration reg;
  reg.patient.patientId = m.patientId;
  reg.patient.name = m.patientName;
  reg.study.studyInstanceUid = m.studyInstanceUid;
  reg.study.studyDate = m.studyDate;
  reg.series.seriesInstanceUid = m.seriesInstanceUid;
  reg.series.modality = m.modality;
  reg.image.sopInstanceUid = m.sopInstanceUid;
  reg.image.filePath = fs::absolute(path).lexically_normal().string();
  reg.image.fileSha256 = sha256;
  reg.image.fileSize = int64_t(fs::file_size(path));
  reg.image.viewPosition = m.viewPosition;
  reg.image.photometric = m.photometricInterpretation;
  reg.image.width = loaded.width;
  reg.image.height = loaded.height;
  return reg;
}

void scan(ScannedFile& file) {
  try {
    bool extensionless = false;
    hasImageExtension(file.path, extensionless);
    if (extensionless && image::ImageLoader::detectFormat(file.path) != image::FileFormat::Dicom) {
      file.kind = ScannedFile::Kind::NotImage;
      return;
    }
    const std::string sha256 = store::Sha256::ofFile(file.path);
    // A full decode, not just a header read: a file that cannot be decoded is reported now,
    // at import, rather than in the middle of a long segmentation run.
    const image::LoadedImage loaded = image::ImageLoader::load(file.path);
    file.registration = registrationOf(loaded, file.path, sha256);
  } catch (const std::exception& e) {
    file.kind = ScannedFile::Kind::Error;
    file.error = e.what();
  }
}

std::string defaultDatasetName(const std::string& folder) {
  const fs::path p = fs::absolute(folder).lexically_normal();
  return (p.has_filename() ? p.filename() : p.parent_path().filename()).string();
}

/// Hashes and decodes the files on the workers, in a bounded pipeline, handing each result to
/// the writer thread.
void scanFiles(const std::vector<std::string>& files, const std::string& folder, int workers,
               WriterThread<ScannedFile>& writer, const CancellationToken& cancel,
               const CancellationToken& writerFailed) {
  using FilePtr = std::shared_ptr<ScannedFile>;
  size_t next = 0;
  tbb::task_arena arena(workers);
  arena.execute([&] {
    tbb::parallel_pipeline(
        size_t(workers * 4),
        tbb::make_filter<void, FilePtr>(tbb::filter_mode::serial_in_order,
                                        [&](tbb::flow_control& fc) -> FilePtr {
                                          if (next >= files.size() || cancel.isCancelled() ||
                                              writerFailed.isCancelled()) {
                                            fc.stop();
                                            return nullptr;
                                          }
                                          auto file = std::make_shared<ScannedFile>();
                                          file->index = int64_t(next);
                                          file->path = files[next++];
                                          file->relative =
                                              fs::path(file->path).lexically_relative(folder).generic_string();
                                          return file;
                                        }) &
            tbb::make_filter<FilePtr, FilePtr>(tbb::filter_mode::parallel,
                                               [](FilePtr file) {
                                                 scan(*file);
                                                 return file;
                                               }) &
            tbb::make_filter<FilePtr, void>(tbb::filter_mode::serial_out_of_order,
                                            [&](FilePtr file) { writer.submit(std::move(*file)); }));
  });
}

}  // namespace

std::vector<std::string> FolderImporter::listCandidates(const std::string& folder,
                                                        std::vector<std::string>* problems) {
  if (!fs::is_directory(folder)) throw EngineError("import: '" + folder + "' is not a folder");
  std::vector<std::string> files;
  const auto report = [&](const fs::path& path, const std::string& what) {
    if (problems) problems->push_back(path.string() + ": " + what);
  };
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::none, ec);
  if (ec) throw EngineError("import: cannot read folder '" + folder + "' (" + ec.message() + ")");
  // Every check uses the error_code overloads: a symbolic-link loop or an unreadable folder is
  // reported and skipped, and the scan goes on (folder symlinks are not followed, so a loop
  // can only be met as a link that never resolves).
  fs::path last(folder);
  for (; it != fs::recursive_directory_iterator(); it.increment(ec), last = it == fs::recursive_directory_iterator() ? last : it->path()) {
    const fs::path path = it->path();
    const std::string name = path.filename().string();
    std::error_code typeEc;
    const bool isLink = it->is_symlink(typeEc);
    const bool isDir = !isLink && it->is_directory(typeEc);
    if (!name.empty() && name[0] == '.') {
      if (isDir) it.disable_recursion_pending();
      continue;
    }
    if (isDir) {
      // Unreadable folders: reported, not descended into.
      if (::access(path.c_str(), R_OK | X_OK) != 0) {
        report(path, std::string("folder cannot be read (") + std::strerror(errno) + "); skipped");
        it.disable_recursion_pending();
      }
      continue;
    }
    bool extensionless = false;
    const bool candidateName = hasImageExtension(path, extensionless) || extensionless;
    const bool regular = fs::is_regular_file(path, typeEc);  // follows links
    if (typeEc) {
      if (candidateName || isLink)
        report(path, (isLink ? "symbolic link cannot be resolved (" : "cannot read (") + typeEc.message() +
                         "); skipped");
      continue;
    }
    if (regular && candidateName) files.push_back(path.string());
  }
  if (ec) report(last, "cannot read further (" + ec.message() + "); the scan stopped here");
  std::sort(files.begin(), files.end());
  return files;
}

FolderImportResult FolderImporter::importFolder(const std::string& folder, const FolderImportOptions& options,
                                                ProgressSink& progress, const CancellationToken& cancel) {
  std::vector<std::string> problems;
  const std::vector<std::string> files = listCandidates(folder, &problems);
  return importCandidates(folder, files, problems, options, progress, cancel);
}

FolderImportResult FolderImporter::importFiles(const std::string& root, const std::vector<std::string>& files,
                                               const FolderImportOptions& options, ProgressSink& progress,
                                               const CancellationToken& cancel) {
  const fs::path base = fs::absolute(root).lexically_normal();
  std::vector<std::string> absolute;
  for (const std::string& file : files) {
    const fs::path path = fs::absolute(file).lexically_normal();
    const std::string relative = path.lexically_relative(base).generic_string();
    if (relative.empty() || relative == "." || relative.rfind("..", 0) == 0)
      throw EngineError("import: '" + file + "' is not below '" + root + "'");
    absolute.push_back(path.string());
  }
  return importCandidates(base.string(), absolute, {}, options, progress, cancel);
}

FolderImportResult FolderImporter::importCandidates(const std::string& folder, const std::vector<std::string>& files,
                                                    const std::vector<std::string>& problems,
                                                    const FolderImportOptions& options, ProgressSink& progress,
                                                    const CancellationToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  FolderImportResult result;
  result.candidates = int64_t(files.size());
  result.scanProblems = problems;
  result.dataset = options.dataset.empty() ? defaultDatasetName(folder) : options.dataset;
  store::DatasetInfo info;
  info.name = result.dataset;
  info.kind = "folder";
  info.sourcePath = fs::absolute(folder).lexically_normal().string();
  info.imageRoot = info.sourcePath;
  const store::RowId datasetId = m_store.datasets().ensureDataset(info);
  progress.onMessage(MessageLevel::Info, "importing " + std::to_string(files.size()) + " files from " + folder +
                                             " into dataset '" + result.dataset + "'");
  if (!problems.empty()) {
    // Entries the scan could not read are failures of this import: recorded and reported.
    store::Transaction transaction(m_store);
    for (const std::string& problem : problems) {
      store::ImageErrorInfo error;
      error.datasetId = datasetId;
      error.filePath = problem.substr(0, problem.find(": "));
      error.stage = "scan";
      error.message = problem;
      m_store.imageErrors().record(error);
    }
    transaction.commit();
    for (const std::string& problem : problems) progress.onMessage(MessageLevel::Warning, problem);
    result.failed += int64_t(problems.size());
  }

  auto flush = [&](std::vector<ScannedFile>& group) {
    int64_t failed = 0;
    store::Transaction transaction(m_store);
    for (const ScannedFile& file : group) {
      if (file.kind == ScannedFile::Kind::Image) {
        const store::RowId imageId = m_store.images().registerImage(file.registration);
        m_store.datasets().addImage(datasetId, imageId, file.relative, file.index);
        ++result.imported;
      } else if (file.kind == ScannedFile::Kind::Error) {
        store::ImageErrorInfo error;
        error.datasetId = datasetId;
        error.filePath = file.path;
        error.stage = "import";
        error.message = file.error;
        m_store.imageErrors().record(error);
        if (result.failures.size() < FolderImportResult::kMaxListedFailures)
          result.failures.push_back(file.path + ": " + file.error);
        ++failed, ++result.failed;
      } else {
        ++result.notImages;
      }
    }
    transaction.commit();
    for (const ScannedFile& file : group)
      if (file.kind == ScannedFile::Kind::Error) progress.onImageFailed(file.relative, file.error);
    return failed;
  };
  PipelineOptions pipeline = options.pipeline;
  if (pipeline.workers <= 0) pipeline.workers = tbb::info::default_concurrency();
  CancellationToken writerFailed;
  WriterThread<ScannedFile> writer(flush, &progress, int64_t(files.size()), pipeline, writerFailed);
  scanFiles(files, folder, pipeline.workers, writer, cancel, writerFailed);
  writer.close();
  result.cancelled = cancel.isCancelled();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace cxr::engine

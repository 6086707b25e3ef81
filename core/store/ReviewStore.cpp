#include "core/store/ReviewStore.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/store/AuditLog.h"
#include "core/store/ComparisonRepository.h"
#include "core/store/Connection.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/SchemaMigrator.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/StoreMerger.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"
#include "core/store/WorklistRepository.h"
#include "core/store/NamedWorklistRepository.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace cxr::store {

namespace fs = std::filesystem;

namespace {

// The file is created by us (not by SQLite) so that it is 0600 from the first byte;
// SQLite gives its -wal and -shm files the same mode.
void createPrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    throw StoreError("cannot create review database '" + path + "': " + std::strerror(errno));
  ::close(fd);
}

std::unique_ptr<Connection> openConnection(const std::string& path, const StoreOptions& options) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!options.create || options.readOnly)
      throw StoreError("review database '" + path + "' does not exist");
    if (const auto parent = fs::path(path).parent_path(); !parent.empty() && !fs::is_directory(parent))
      throw StoreError("cannot create review database '" + path + "': folder '" +
                       parent.string() + "' does not exist");
    createPrivateFile(path);
  } else if (fs::is_directory(path, ec)) {
    throw StoreError("review database '" + path + "' is a folder, not a file");
  }
  return std::make_unique<Connection>(path, options.readOnly, options.busyTimeoutMs);
}

}  // namespace

struct ReviewStore::Impl {
  std::string path;
  std::unique_ptr<Connection> db;
  ImageRepository images;
  DatasetRepository datasets;
  ModelRepository models;
  ReaderRepository readers;
  VersionRepository versions;
  ReviewRepository reviews;
  RcaRepository rca;
  ComparisonRepository comparisons;
  AuditLog audit;
  SettingsRepository settings;
  ImageErrorRepository imageErrors;
  PreprocessRepository preprocess;
  WorklistRepository worklist;
  NamedWorklistRepository namedWorklists;

  Impl(std::string p, std::unique_ptr<Connection> c)
      : path(std::move(p)), db(std::move(c)), images(*db), datasets(*db), models(*db),
        readers(*db), versions(*db), reviews(*db), rca(*db), comparisons(*db), audit(*db),
        settings(*db), imageErrors(*db), preprocess(*db), worklist(*db), namedWorklists(*db) {}
};

ReviewStore::ReviewStore(const std::string& path, const StoreOptions& options) {
  m_impl = std::make_unique<Impl>(path, openConnection(path, options));
  if (options.checkIntegrity) requireIntegrity("restore it from a backup");
  SchemaMigrator migrator(*m_impl->db);
  const int version = migrator.version();
  if (version < kCurrentSchemaVersion && version > 0 && !options.migrate)
    throw StoreError("review database '" + path + "' has schema version " +
                     std::to_string(version) + " and needs an upgrade to " +
                     std::to_string(kCurrentSchemaVersion));
  // Refuses newer schemas and read-only upgrades; backs the file up before upgrading.
  if (version != kCurrentSchemaVersion) {
    const std::string backup = migrator.migrate();
    if (!backup.empty())
      requireIntegrity("the file before the upgrade is kept at '" + backup + "'");
  }
}

void ReviewStore::requireIntegrity(const std::string& advice) {
  const auto problems = integrityCheck();
  if (!problems.empty())
    throw StoreError("review database '" + m_impl->path + "' failed its integrity check (" +
                     problems.front() + (problems.size() > 1 ? ", ..." : "") + "); " + advice);
}

ReviewStore::~ReviewStore() = default;
ReviewStore::ReviewStore(ReviewStore&&) noexcept = default;
ReviewStore& ReviewStore::operator=(ReviewStore&&) noexcept = default;

const std::string& ReviewStore::path() const { return m_impl->path; }

std::string ReviewStore::folder() const {
  return fs::absolute(m_impl->path).parent_path().string();
}

int ReviewStore::schemaVersion() const { return SchemaMigrator(*m_impl->db).version(); }

std::vector<std::string> ReviewStore::integrityCheck() {
  std::vector<std::string> problems;
  Statement check(*m_impl->db, "PRAGMA integrity_check");
  while (check.step()) {
    const std::string line = check.textAt(0);
    if (line != "ok") problems.push_back(line);
  }
  Statement fk(*m_impl->db, "PRAGMA foreign_key_check");
  while (fk.step())
    problems.push_back("row " + std::to_string(fk.int64At(1)) + " of table " + fk.textAt(0) +
                       " refers to a missing " + fk.textAt(2) + " row");
  return problems;
}

StoreStatus ReviewStore::status() {
  StoreStatus s;
  s.schemaVersion = schemaVersion();
  auto count = [this](const char* sql) { return m_impl->db->queryInt64(sql); };
  s.patients = count("SELECT count(*) FROM patients");
  s.studies = count("SELECT count(*) FROM studies");
  s.series = count("SELECT count(*) FROM series");
  s.images = count("SELECT count(*) FROM images");
  s.datasets = count("SELECT count(*) FROM datasets");
  s.models = count("SELECT count(*) FROM models");
  s.readers = count("SELECT count(*) FROM readers");
  s.versions = count("SELECT count(*) FROM segmentation_versions");
  s.reviews = count("SELECT count(*) FROM reviews");
  s.rcaResults = count("SELECT count(*) FROM rca_results");
  s.comparisons = count("SELECT count(*) FROM comparisons");
  s.imageErrors = count("SELECT count(*) FROM image_errors");
  s.auditEntries = count("SELECT count(*) FROM audit_log");
  return s;
}

ImageRepository& ReviewStore::images() { return m_impl->images; }
DatasetRepository& ReviewStore::datasets() { return m_impl->datasets; }
ModelRepository& ReviewStore::models() { return m_impl->models; }
ReaderRepository& ReviewStore::readers() { return m_impl->readers; }
VersionRepository& ReviewStore::versions() { return m_impl->versions; }
ReviewRepository& ReviewStore::reviews() { return m_impl->reviews; }
RcaRepository& ReviewStore::rca() { return m_impl->rca; }
ComparisonRepository& ReviewStore::comparisons() { return m_impl->comparisons; }
AuditLog& ReviewStore::audit() { return m_impl->audit; }
SettingsRepository& ReviewStore::settings() { return m_impl->settings; }
ImageErrorRepository& ReviewStore::imageErrors() { return m_impl->imageErrors; }
PreprocessRepository& ReviewStore::preprocess() { return m_impl->preprocess; }
WorklistRepository& ReviewStore::worklist() { return m_impl->worklist; }
NamedWorklistRepository& ReviewStore::namedWorklists() { return m_impl->namedWorklists; }
Connection& ReviewStore::connection() { return *m_impl->db; }

std::int64_t ReviewStore::dataVersion() {
  Statement& st = m_impl->db->cached("SELECT value FROM data_version WHERE id = 1");
  if (!st.step()) m_impl->db->fail("reading the data version");
  const std::int64_t value = st.int64At(0);
  st.reset();
  return value;
}

RowId ReviewStore::saveCorrection(RowId parentVersionId, const format::LandmarkSet& landmarks,
                                  const std::string& reader, double timeSpentSeconds,
                                  const std::string& comment) {
  const auto parent = versions().find(parentVersionId);
  if (!parent) throw StoreError("cannot correct version " + std::to_string(parentVersionId) +
                                ": it does not exist");
  NewVersion v;
  v.imageId = parent->imageId;
  v.source = VersionSource::ReaderCorrection;
  v.parentId = parentVersionId;
  v.author = reader;
  v.note = comment;
  v.data.maskSpace = parent->data.maskSpace;
  v.data.height = parent->data.height;
  v.data.width = parent->data.width;
  (v.data.maskSpace == LandmarkSpace::Model ? v.data.landmarksModel : v.data.landmarksOriginal) = landmarks;
  for (const auto organ : format::kOrgans)
    v.data.rle(organ) = format::Rle::encode(
        format::Rasterizer::organMask(landmarks, organ, v.data.height, v.data.width));
  Transaction tx(*this);
  const RowId id = versions().addVersion(v);
  reviews().addReview({v.imageId, reader, ReviewStatus::Corrected, comment, timeSpentSeconds, id});
  tx.commit();
  return id;
}

MergeStats ReviewStore::mergeFrom(const std::string& otherPath) {
  return StoreMerger(*this).mergeFrom(otherPath);
}

}  // namespace cxr::store

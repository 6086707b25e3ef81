#include "core/review/CaseLoader.h"

#include "core/review/ReviewError.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"

#include <algorithm>
#include <filesystem>

namespace cxr::review {

std::string CaseFrame::name() const {
  return "image " + std::to_string(image.id) + " (" + (dataset.empty() ? "" : dataset + " ") + displayId + ")";
}

bool CaseLoader::isModelSource(store::VersionSource source) {
  return source == store::VersionSource::ModelRun || source == store::VersionSource::CsvImport;
}

CaseVersion CaseLoader::toCaseVersion(const store::VersionRecord& version, const LandmarkSpaces& spaces) {
  CaseVersion out;
  out.id = version.id;
  out.source = version.source;
  out.author = version.author;
  out.createdAt = version.createdAt;
  out.parentId = version.parentId;
  out.note = version.note;
  out.timeSpentSeconds = version.timeSpentSeconds;
  out.landmarks = spaces.originalOf(version.data);
  out.fromModel = isModelSource(version.source);
  return out;
}

CaseFrame CaseLoader::frame(store::RowId imageId) {
  std::optional<store::ImageRecord> image = m_store.images().find(imageId);
  if (!image)
    throw ReviewError("image " + std::to_string(imageId) + " is not in the database " + m_store.path());
  CaseFrame frame;
  frame.image = std::move(*image);
  fillIdentity(frame);
  frame.height = frame.image.info.height;
  frame.width = frame.image.info.width;
  const std::optional<store::PreprocessGeometry> stored = m_store.preprocess().find(imageId);
  if ((frame.height <= 0 || frame.width <= 0) && stored && stored->originalHeight > 0 && stored->originalWidth > 0) {
    frame.height = stored->originalHeight;
    frame.width = stored->originalWidth;
  }
  if (frame.height <= 0 || frame.width <= 0) {
    // No file and no preprocessing record: the size the masks were stored at, preferring
    // original-space masks (a CSV import of 1024 images carries 1024 x 1024).
    for (const store::VersionRecord& version : m_store.versions().history(imageId)) {
      const bool better = version.data.maskSpace == store::LandmarkSpace::Original || frame.height <= 0;
      if (better && version.data.height > 0 && version.data.width > 0)
        frame.height = version.data.height, frame.width = version.data.width;
    }
  }
  if (frame.height <= 0 || frame.width <= 0)
    throw ReviewError(frame.name() + ": its size is unknown (no file, no preprocessing record, no version)");
  frame.preprocess = LandmarkSpaces::recordFor(stored, frame.height, frame.width);
  return frame;
}

void CaseLoader::fillIdentity(CaseFrame& frame) {
  const store::ImageRecord& image = frame.image;
  if (!image.info.filePath.empty()) frame.filePath = m_store.images().absolutePath(image);
  for (const store::DatasetRecord& dataset : m_store.datasets().list()) {
    std::string externalId = m_store.datasets().externalId(dataset.id, image.id);
    if (externalId.empty()) continue;
    frame.displayId = std::move(externalId);
    frame.dataset = dataset.info.name;
    return;
  }
  frame.displayId = image.info.filePath.empty() ? image.imageKey
                                                : std::filesystem::path(image.info.filePath).filename().string();
}

store::VisibilityPolicy CaseLoader::visibility(store::RowId imageId, const std::string& reader) {
  return store::ReaderAssignmentRepository(m_store.connection()).visibility(imageId, reader);
}

bool CaseLoader::visible(const store::VersionRecord& version, const std::string& reader,
                         const store::VisibilityPolicy& policy, std::optional<store::RowId> readerCurrent) {
  if (readerCurrent && version.id == *readerCurrent) return true;
  return policy.allows(reader, version.author, version.source);
}

void CaseLoader::fillReviews(ReviewCase& result, const std::string& reader, bool hideOthers) {
  result.status = m_store.reviews().status(result.image.id, reader);
  result.history = m_store.reviews().history(result.image.id);
  if (hideOthers)
    result.history.erase(std::remove_if(result.history.begin(), result.history.end(),
                                        [&](const store::ReviewRecord& r) { return r.info.reader != reader; }),
                         result.history.end());
  for (const store::ReviewRecord& review : result.history)
    if (review.info.reader == reader) result.timeSpentSeconds += review.info.timeSpentSeconds;
  for (const CaseVersion& version : result.versions)
    if (version.author == reader) result.timeSpentSeconds += version.timeSpentSeconds;
}

ReviewCase CaseLoader::load(store::RowId imageId, const std::string& reader) {
  if (reader.empty()) throw ReviewError("image " + std::to_string(imageId) + ": a review case needs a reader name");
  CaseFrame frame = this->frame(imageId);
  ReviewCase result;
  result.image = std::move(frame.image);
  result.height = frame.height;
  result.width = frame.width;
  result.preprocess = frame.preprocess;
  result.filePath = std::move(frame.filePath);
  result.displayId = std::move(frame.displayId);
  result.dataset = std::move(frame.dataset);

  // Pointers first, then the versions: whatever a concurrent writer adds in between, the
  // versions the pointers name are already in the history read afterwards.
  // Blind review: decided once per load, before anything is read, and applied to every list.
  const store::VisibilityPolicy policy = visibility(imageId, reader);
  result.blind = policy.blind;
  result.modelHidden = policy.hideModel;
  result.blindWorklists = policy.worklists;
  std::optional<store::RowId> model = m_store.versions().latestModelVersion(imageId);
  if (policy.hideModel) model.reset();
  if (const std::optional<store::VersionRecord> current = m_store.versions().current(imageId, reader))
    result.readerCurrentVersionId = current->id;
  const LandmarkSpaces spaces(result.preprocess);
  for (const store::VersionRecord& version : m_store.versions().history(imageId)) {
    if (visible(version, reader, policy, result.readerCurrentVersionId))
      result.versions.push_back(toCaseVersion(version, spaces));
    else
      ++result.hiddenVersions;
  }
  const auto byId = [&](store::RowId id) -> std::optional<CaseVersion> {
    for (const CaseVersion& version : result.versions)
      if (version.id == id) return version;
    return std::nullopt;
  };
  if (model) result.modelVersion = byId(*model);
  result.reviewVersion = result.readerCurrentVersionId ? byId(*result.readerCurrentVersionId) : result.modelVersion;
  fillReviews(result, reader, policy.blind);
  return result;
}

}  // namespace cxr::review

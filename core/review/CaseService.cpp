#include "core/review/CaseService.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/VersionComparator.h"
#include "core/store/VersionRepository.h"

#include <cmath>

namespace cxr::review {

using store::RowId;

namespace {

bool isModelSource(store::VersionSource s) {
  return s == store::VersionSource::ModelRun || s == store::VersionSource::CsvImport;
}

image::PreprocessRecord fromGeometry(const store::PreprocessGeometry& g) {
  image::PreprocessRecord r;
  r.originalHeight = g.originalHeight;
  r.originalWidth = g.originalWidth;
  r.cropLeft = g.cropLeft;
  r.cropTop = g.cropTop;
  r.cropRight = g.cropRight;
  r.cropBottom = g.cropBottom;
  r.padLeft = g.padLeft;
  r.padTop = g.padTop;
  r.squareSide = g.squareSide;
  r.modelSize = g.modelSize;
  return r;
}

std::string imageName(const ReviewCase& c) { return c.displayId.empty() ? c.image.imageKey : c.displayId; }

}  // namespace

image::PreprocessRecord CaseService::preprocessOf(const store::ImageRecord& image, int height, int width) {
  if (const auto g = m_store.preprocess().find(image.id)) return fromGeometry(*g);
  return image::PreprocessRecord::squarePadding(height, width, 1024);
}

CaseVersion CaseService::toCaseVersion(const store::VersionRecord& v, const image::PreprocessRecord& record) const {
  CaseVersion c;
  c.id = v.id;
  c.source = v.source;
  c.author = v.author;
  c.createdAt = v.createdAt;
  c.parentId = v.parentId;
  c.note = v.note;
  c.timeSpentSeconds = v.timeSpentSeconds;
  c.fromModel = isModelSource(v.source);
  if (v.data.landmarksOriginal)
    c.landmarks = *v.data.landmarksOriginal;
  else if (v.data.landmarksModel)
    c.landmarks = record.toOriginalUnrounded(*v.data.landmarksModel);
  return c;
}

ReviewCase CaseService::load(RowId imageId, const std::string& reader) {
  ReviewCase c;
  const auto image = m_store.images().find(imageId);
  if (!image) throw store::StoreError("image " + std::to_string(imageId) + " is not in review database '" + m_store.path() + "'");
  c.image = *image;
  if (!image->info.filePath.empty()) c.filePath = m_store.images().absolutePath(*image);
  for (const auto& ds : m_store.datasets().list()) {
    const std::string id = m_store.datasets().externalId(ds.id, imageId);
    if (!id.empty()) {
      c.displayId = id;
      c.dataset = ds.info.name;
      break;
    }
  }
  if (c.displayId.empty()) c.displayId = image->imageKey;
  const auto history = m_store.versions().history(imageId);
  c.width = image->info.width;
  c.height = image->info.height;
  if (c.width <= 0 || c.height <= 0) {
    c.width = c.height = 1024;
    for (const auto& v : history)
      if (v.data.maskSpace == store::LandmarkSpace::Original) {
        c.width = v.data.width;
        c.height = v.data.height;
      }
  }
  c.preprocess = preprocessOf(*image, c.height, c.width);
  for (const auto& v : history) c.versions.push_back(toCaseVersion(v, c.preprocess));
  if (const auto model = m_store.versions().latestModelVersion(imageId))
    for (const auto& v : c.versions)
      if (v.id == *model) c.modelVersion = v;
  if (!reader.empty()) {
    if (const auto current = m_store.versions().current(imageId, reader)) {
      c.readerCurrentVersionId = current->id;
      for (const auto& v : c.versions)
        if (v.id == current->id) c.reviewVersion = v;
    }
    c.status = m_store.reviews().status(imageId, reader);
  }
  if (!c.reviewVersion) c.reviewVersion = c.modelVersion;
  c.history = m_store.reviews().history(imageId);
  for (const auto& v : c.versions)
    if (v.author == reader) c.timeSpentSeconds += v.timeSpentSeconds;
  for (const auto& r : c.history)
    if (r.info.reader == reader) c.timeSpentSeconds += r.info.timeSpentSeconds;
  return c;
}

bool CaseService::checkPointer(RowId imageId, const std::string& reader, const std::optional<RowId>& expected,
                               SaveResult& result) {
  const auto current = m_store.versions().current(imageId, reader);
  result.currentVersionId = current ? std::optional<RowId>(current->id) : std::nullopt;
  if (result.currentVersionId == expected) return true;
  result.conflict = true;
  result.message = "image " + std::to_string(imageId) + " was changed for reader '" + reader +
                   "' by another session (now version " +
                   (current ? std::to_string(current->id) : std::string("none")) + ", expected " +
                   (expected ? std::to_string(*expected) : std::string("none")) + "); nothing was saved";
  return false;
}

SaveResult CaseService::saveEdit(const EditRequest& request) {
  if (request.reader.empty()) throw store::StoreError("a correction needs a reader name");
  for (double v : request.landmarks.flat())
    if (!std::isfinite(v)) throw store::StoreError("correction of image " + std::to_string(request.imageId) + " has a non-finite landmark coordinate");
  const auto parent = m_store.versions().find(request.parentVersionId);
  if (!parent || parent->imageId != request.imageId)
    throw store::StoreError("version " + std::to_string(request.parentVersionId) + " is not a version of image " +
                            std::to_string(request.imageId));
  const auto image = m_store.images().find(request.imageId);
  const ReviewCase shape = load(request.imageId, "");
  const image::PreprocessRecord& record = shape.preprocess;
  const double limit = 4.0 * std::max(shape.width, shape.height);
  format::LandmarkSet original = request.space == store::LandmarkSpace::Original ? request.landmarks
                                                                                  : record.toOriginalUnrounded(request.landmarks);
  for (double v : original.flat())
    if (std::abs(v) > limit)
      throw store::StoreError("correction of " + imageName(shape) + " has a landmark far outside the image");
  store::NewVersion v;
  v.imageId = request.imageId;
  v.source = store::VersionSource::ReaderCorrection;
  v.parentId = request.parentVersionId;
  v.author = request.reader;
  v.note = request.comment;
  v.timeSpentSeconds = request.timeSpentSeconds;
  v.data.landmarksOriginal = original;
  v.data.landmarksModel = request.space == store::LandmarkSpace::Model ? request.landmarks : record.toModel(original);
  v.data.maskSpace = parent->data.maskSpace;
  v.data.height = parent->data.height;
  v.data.width = parent->data.width;
  const format::LandmarkSet& maskLandmarks =
      v.data.maskSpace == store::LandmarkSpace::Model ? *v.data.landmarksModel : *v.data.landmarksOriginal;
  for (const auto organ : format::kOrgans)
    v.data.rle(organ) = format::Rle::encode(format::Rasterizer::organMask(maskLandmarks, organ, v.data.height, v.data.width));
  (void)image;
  SaveResult result;
  store::Transaction tx(m_store);
  if (!checkPointer(request.imageId, request.reader, request.expectedCurrentVersionId, result)) return result;
  bool created = false;
  result.versionId = m_store.versions().addVersion(v, true, &created);
  if (!created) m_store.versions().setCurrent(request.imageId, request.reader, result.versionId, request.reader);
  if (const auto model = m_store.versions().latestModelVersion(request.imageId))
    store::VersionComparator(m_store).compare(*model, result.versionId);
  result.status = m_store.reviews().status(request.imageId, request.reader);
  tx.commit();
  result.saved = true;
  result.currentVersionId = result.versionId;
  result.message = created ? "saved" : "unchanged";
  return result;
}

SaveResult CaseService::setCurrent(RowId imageId, const std::string& reader, RowId versionId,
                                   std::optional<RowId> expected) {
  const auto version = m_store.versions().find(versionId);
  if (!version || version->imageId != imageId)
    throw store::StoreError("version " + std::to_string(versionId) + " is not a version of image " + std::to_string(imageId));
  SaveResult result;
  store::Transaction tx(m_store);
  if (!checkPointer(imageId, reader, expected, result)) return result;
  m_store.versions().setCurrent(imageId, reader, versionId, reader);
  result.status = m_store.reviews().status(imageId, reader);
  tx.commit();
  result.saved = true;
  result.versionId = versionId;
  result.currentVersionId = versionId;
  result.message = "current version " + std::to_string(versionId);
  return result;
}

SaveResult CaseService::review(const ReviewRequest& request) {
  if (request.reader.empty()) throw store::StoreError("a decision needs a reader name");
  SaveResult result;
  store::Transaction tx(m_store);
  if (!checkPointer(request.imageId, request.reader, request.expectedCurrentVersionId, result)) return result;
  std::optional<RowId> versionId = result.currentVersionId;
  if (!versionId) versionId = m_store.versions().latestModelVersion(request.imageId);
  bool edited = false;
  if (result.currentVersionId)
    if (const auto v = m_store.versions().find(*result.currentVersionId)) edited = !isModelSource(v->source);
  store::ReviewStatus status = m_store.reviews().status(request.imageId, request.reader);
  switch (request.decision) {
    case Decision::Accept: status = edited ? store::ReviewStatus::Corrected : store::ReviewStatus::Accepted; break;
    case Decision::MarkCorrected: status = store::ReviewStatus::Corrected; break;
    case Decision::Reject: status = store::ReviewStatus::Rejected; break;
    case Decision::FlagOutOfDistribution: status = store::ReviewStatus::FlaggedOod; break;
    case Decision::Comment: break;
  }
  result.reviewId = m_store.reviews().addReview(
      {request.imageId, request.reader, status, request.comment, request.timeSpentSeconds, versionId});
  tx.commit();
  result.saved = true;
  result.status = status;
  if (versionId) result.versionId = *versionId;
  return result;
}

}  // namespace cxr::review

#include "core/review/CaseService.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/review/ReviewError.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Transaction.h"
#include "core/store/VersionComparator.h"
#include "core/store/VersionRepository.h"

#include <cmath>

namespace cxr::review {

namespace {

void requireReader(const std::string& reader, store::RowId imageId) {
  if (reader.empty()) throw ReviewError("image " + std::to_string(imageId) + ": the request has no reader name");
}

void requireTime(double seconds, const std::string& name) {
  if (!std::isfinite(seconds) || seconds < 0)
    throw ReviewError(name + ": time spent must be a finite, non-negative number of seconds");
}

/// Finite and not far outside the image (one image side beyond any border): CheXmask
/// landmarks may leave the image a little, a point two sides away is a unit or space mix-up.
void requirePlausible(const format::LandmarkSet& original, const CaseFrame& frame, const std::string& name) {
  for (int i = 0; i < format::LandmarkSet::size(); ++i) {
    const format::Point& p = original[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y))
      throw ReviewError(name + ": landmark " + std::to_string(i) + " is not a finite number");
    if (p.x < -frame.width || p.x > 2.0 * frame.width || p.y < -frame.height || p.y > 2.0 * frame.height)
      throw ReviewError(name + ": landmark " + std::to_string(i) + " lies far outside the " +
                        std::to_string(frame.width) + " x " + std::to_string(frame.height) +
                        " image (wrong landmark space?)");
  }
}

std::string pointerText(const std::optional<store::RowId>& id) {
  return id ? "version " + std::to_string(*id) : std::string("none");
}

}  // namespace

CaseService::CaseService(store::ReviewStore& store) : m_store(store), m_loader(store) {}

void CaseService::requireVisible(const store::VersionRecord& version, const std::string& reader,
                                 const std::string& name) {
  const store::VisibilityPolicy policy = m_loader.visibility(version.imageId, reader);
  std::optional<store::RowId> current;
  if (const std::optional<store::VersionRecord> mine = m_store.versions().current(version.imageId, reader))
    current = mine->id;
  if (!CaseLoader::visible(version, reader, policy, current))
    throw ReviewError(name + ": version " + std::to_string(version.id) + " by " + version.author +
                      " is hidden from " + reader + " (blind review on worklist " +
                      (policy.worklists.empty() ? std::string("?") : policy.worklists.front()) +
                      ") until " + reader + " has finished the image");
}

ReviewCase CaseService::load(store::RowId imageId, const std::string& reader) { return m_loader.load(imageId, reader); }

std::optional<SaveResult> CaseService::conflict(const CaseFrame& frame, const std::string& reader,
                                                std::optional<store::RowId> expected) {
  std::optional<store::RowId> current;
  if (const std::optional<store::VersionRecord> version = m_store.versions().current(frame.image.id, reader))
    current = version->id;
  if (current == expected) return std::nullopt;
  SaveResult result;
  result.conflict = true;
  result.currentVersionId = current;
  result.versionId = current.value_or(0);
  result.status = m_store.reviews().status(frame.image.id, reader);
  result.message = frame.name() + ": " + reader + "'s current version is now " +
                   pointerText(current) + ", not " + pointerText(expected) +
                   " as loaded (changed in another window or process); nothing was saved, reload the case";
  return result;
}

store::NewVersion CaseService::correction(const EditRequest& request, const CaseFrame& frame,
                                          const store::VersionRecord& parent) const {
  const std::string name = frame.name();
  const LandmarkSpaces spaces(frame.preprocess);
  const bool original = request.space == store::LandmarkSpace::Original;
  store::NewVersion version;
  version.imageId = request.imageId;
  version.source = store::VersionSource::ReaderCorrection;
  version.parentId = parent.id;
  version.author = request.reader;
  version.note = request.comment;
  version.timeSpentSeconds = request.timeSpentSeconds;
  version.data.landmarksOriginal = original ? request.landmarks : spaces.toOriginal(request.landmarks);
  version.data.landmarksModel = original ? spaces.toModel(request.landmarks) : request.landmarks;
  requirePlausible(*version.data.landmarksOriginal, frame, name);
  for (int i = 0; i < format::LandmarkSet::size(); ++i)
    if (!std::isfinite((*version.data.landmarksModel)[i].x) || !std::isfinite((*version.data.landmarksModel)[i].y))
      throw ReviewError(name + ": landmark " + std::to_string(i) + " has no finite model-space position");
  // The masks follow the parent's space, so the new version compares with its lineage.
  version.data.maskSpace = parent.data.maskSpace;
  const bool originalMasks = parent.data.maskSpace == store::LandmarkSpace::Original;
  version.data.height = originalMasks ? frame.height : LandmarkSpaces::kModelSide;
  version.data.width = originalMasks ? frame.width : LandmarkSpaces::kModelSide;
  const format::LandmarkSet& maskLandmarks = version.data.maskSpaceLandmarks();
  for (format::Organ organ : format::kOrgans)
    version.data.rle(organ) = format::Rle::encode(
        format::Rasterizer::organMask(maskLandmarks, organ, version.data.height, version.data.width));
  return version;
}

std::optional<store::ComparisonInfo> CaseService::compareWithModel(store::RowId imageId, store::RowId versionId,
                                                                   std::string& note) {
  const std::optional<store::RowId> model = m_store.versions().latestModelVersion(imageId);
  if (!model || *model == versionId) return std::nullopt;
  const std::optional<store::VersionRecord> a = m_store.versions().find(*model);
  const std::optional<store::VersionRecord> b = m_store.versions().find(versionId);
  if (!a || !b) return std::nullopt;
  if (a->data.maskSpace != b->data.maskSpace || a->data.height != b->data.height || a->data.width != b->data.width) {
    note = "; not compared with model version " + std::to_string(*model) + " (its masks are " +
           store::toString(a->data.maskSpace) + " " + std::to_string(a->data.width) + " x " +
           std::to_string(a->data.height) + ")";
    return std::nullopt;
  }
  return store::VersionComparator(m_store).compare(*model, versionId);
}

SaveResult CaseService::saveEdit(const EditRequest& request) {
  requireReader(request.reader, request.imageId);
  store::Transaction transaction(m_store);
  const CaseFrame frame = m_loader.frame(request.imageId);
  const std::string name = frame.name();
  requireTime(request.timeSpentSeconds, name);
  const std::optional<store::VersionRecord> parent = m_store.versions().find(request.parentVersionId);
  if (!parent)
    throw ReviewError(name + ": parent version " + std::to_string(request.parentVersionId) + " does not exist");
  if (parent->imageId != request.imageId)
    throw ReviewError(name + ": parent version " + std::to_string(parent->id) + " belongs to image " +
                      std::to_string(parent->imageId));
  requireVisible(*parent, request.reader, name);
  if (std::optional<SaveResult> conflicted = conflict(frame, request.reader, request.expectedCurrentVersionId))
    return *conflicted;

  bool created = false;
  SaveResult result;
  result.versionId = m_store.versions().addVersion(correction(request, frame, *parent), true, &created);
  std::string note;
  result.comparison = compareWithModel(request.imageId, result.versionId, note);
  result.saved = true;
  result.currentVersionId = result.versionId;
  result.status = m_store.reviews().status(request.imageId, request.reader);
  result.message = created ? name + ": saved correction " + std::to_string(result.versionId) + " by " + request.reader
                           : name + ": identical to " + request.reader + "'s version " +
                                 std::to_string(result.versionId) + ", which is current again";
  result.message += note;
  transaction.commit();
  return result;
}

SaveResult CaseService::setCurrent(store::RowId imageId, const std::string& reader, store::RowId versionId,
                                   std::optional<store::RowId> expectedCurrentVersionId) {
  requireReader(reader, imageId);
  store::Transaction transaction(m_store);
  const CaseFrame frame = m_loader.frame(imageId);
  const std::string name = frame.name();
  const std::optional<store::VersionRecord> version = m_store.versions().find(versionId);
  if (!version || version->imageId != imageId)
    throw ReviewError(name + ": version " + std::to_string(versionId) + " is not a version of this image");
  requireVisible(*version, reader, name);
  if (std::optional<SaveResult> conflicted = conflict(frame, reader, expectedCurrentVersionId)) return *conflicted;
  m_store.versions().setCurrent(imageId, reader, versionId, reader);
  SaveResult result;
  result.saved = true;
  result.versionId = versionId;
  result.currentVersionId = versionId;
  result.status = m_store.reviews().status(imageId, reader);
  result.message = name + ": " + reader + "'s current version is now " + std::to_string(versionId) + " (" +
                   store::toString(version->source) + " by " + version->author + ")";
  transaction.commit();
  return result;
}

store::ReviewStatus CaseService::statusFor(const ReviewRequest& request,
                                           const std::optional<store::VersionRecord>& target, const std::string& name) {
  switch (request.decision) {
    case Decision::Accept:
      if (!target) throw ReviewError(name + ": nothing to accept, the image has no segmentation yet");
      return target->source == store::VersionSource::ReaderCorrection && target->author == request.reader
                 ? store::ReviewStatus::Corrected
                 : store::ReviewStatus::Accepted;
    case Decision::MarkCorrected:
      if (!target) throw ReviewError(name + ": nothing to mark corrected, the image has no segmentation yet");
      return store::ReviewStatus::Corrected;
    case Decision::Reject: return store::ReviewStatus::Rejected;
    case Decision::FlagOutOfDistribution: return store::ReviewStatus::FlaggedOod;
    case Decision::Comment:
      if (request.comment.empty()) throw ReviewError(name + ": a comment needs text");
      return m_store.reviews().status(request.imageId, request.reader);
  }
  throw ReviewError(name + ": unknown decision");
}

SaveResult CaseService::review(const ReviewRequest& request) {
  requireReader(request.reader, request.imageId);
  store::Transaction transaction(m_store);
  const CaseFrame frame = m_loader.frame(request.imageId);
  const std::string name = frame.name();
  requireTime(request.timeSpentSeconds, name);
  if (std::optional<SaveResult> conflicted = conflict(frame, request.reader, request.expectedCurrentVersionId))
    return *conflicted;
  std::optional<store::VersionRecord> target = m_store.versions().current(request.imageId, request.reader);
  SaveResult result;
  if (target) result.currentVersionId = target->id;
  if (!target && !m_loader.visibility(request.imageId, request.reader).hideModel)
    if (const std::optional<store::RowId> model = m_store.versions().latestModelVersion(request.imageId))
      target = m_store.versions().find(*model);
  store::ReviewInfo info;
  info.imageId = request.imageId;
  info.reader = request.reader;
  info.status = statusFor(request, target, name);
  info.comment = request.comment;
  info.timeSpentSeconds = request.timeSpentSeconds;
  if (target) info.versionId = target->id;
  result.reviewId = m_store.reviews().addReview(info);
  result.saved = true;
  result.versionId = target ? target->id : 0;
  result.status = info.status;
  result.message = name + ": " + request.reader + " recorded '" + toString(request.decision) + "' (" +
                   store::toString(info.status) + ")" +
                   (target ? " on version " + std::to_string(target->id) : std::string(" with no version"));
  transaction.commit();
  return result;
}

}  // namespace cxr::review

#include "core/store/StoreTypes.h"

#include "core/store/StoreError.h"

#include <array>
#include <utility>

namespace cxr::store {

namespace {

template <typename E, size_t N>
std::string nameOf(const std::array<std::pair<E, const char*>, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <typename E, size_t N>
E valueOf(const std::array<std::pair<E, const char*>, N>& table, const std::string& text,
          const char* what) {
  for (const auto& [e, name] : table)
    if (text == name) return e;
  std::string allowed;
  for (const auto& entry : table) allowed += (allowed.empty() ? "" : ", ") + std::string(entry.second);
  throw StoreError("unknown " + std::string(what) + " '" + text + "' (expected one of: " + allowed + ")");
}

const std::array<std::pair<VersionSource, const char*>, 4> kSources{{
    {VersionSource::ModelRun, "model_run"},
    {VersionSource::CsvImport, "csv_import"},
    {VersionSource::ReaderCorrection, "reader_correction"},
    {VersionSource::Consensus, "consensus"}}};
const std::array<std::pair<ReviewStatus, const char*>, 5> kStatuses{{
    {ReviewStatus::Pending, "pending"},
    {ReviewStatus::Accepted, "accepted"},
    {ReviewStatus::Corrected, "corrected"},
    {ReviewStatus::Rejected, "rejected"},
    {ReviewStatus::FlaggedOod, "flagged_ood"}}};
const std::array<std::pair<LandmarkSpace, const char*>, 2> kSpaces{{
    {LandmarkSpace::Model, "model"}, {LandmarkSpace::Original, "original"}}};
const std::array<std::pair<ReaderKind, const char*>, 2> kKinds{{
    {ReaderKind::Human, "human"}, {ReaderKind::Model, "model"}}};

}  // namespace

std::string toString(VersionSource source) { return nameOf(kSources, source); }
std::string toString(ReviewStatus status) { return nameOf(kStatuses, status); }
std::string toString(LandmarkSpace space) { return nameOf(kSpaces, space); }
std::string toString(ReaderKind kind) { return nameOf(kKinds, kind); }

VersionSource versionSourceFromString(const std::string& text) {
  return valueOf(kSources, text, "version source");
}
ReviewStatus reviewStatusFromString(const std::string& text) {
  return valueOf(kStatuses, text, "review status");
}
LandmarkSpace landmarkSpaceFromString(const std::string& text) {
  return valueOf(kSpaces, text, "landmark space");
}
ReaderKind readerKindFromString(const std::string& text) {
  return valueOf(kKinds, text, "reader kind");
}

const format::LandmarkSet& SegmentationData::maskSpaceLandmarks() const {
  const auto& landmarks = maskSpace == LandmarkSpace::Model ? landmarksModel : landmarksOriginal;
  if (!landmarks)
    throw StoreError("segmentation has no landmarks in its mask space (" + toString(maskSpace) + ")");
  return *landmarks;
}

std::string& SegmentationData::rle(format::Organ organ) {
  return organ == format::Organ::RightLung ? rleRightLung
         : organ == format::Organ::LeftLung ? rleLeftLung
                                            : rleHeart;
}

const std::string& SegmentationData::rle(format::Organ organ) const {
  return const_cast<SegmentationData*>(this)->rle(organ);
}

}  // namespace cxr::store

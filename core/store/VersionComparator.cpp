#include "core/store/VersionComparator.h"

#include "core/format/ComparisonMetrics.h"
#include "core/format/Rle.h"
#include "core/store/ComparisonRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"

namespace cxr::store {

namespace {

VersionRecord load(ReviewStore& store, RowId id) {
  auto v = store.versions().find(id);
  if (!v) throw StoreError("version " + std::to_string(id) + " does not exist");
  return *v;
}

}  // namespace

ComparisonInfo VersionComparator::compare(RowId versionA, RowId versionB) {
  if (const auto stored = m_store.comparisons().find(versionA, versionB)) return stored->info;
  const ComparisonInfo info = metrics(load(m_store, versionA), load(m_store, versionB));
  m_store.comparisons().addComparison(info);
  return info;
}

ComparisonInfo VersionComparator::metrics(const VersionRecord& a, const VersionRecord& b) {
  const RowId versionA = a.id, versionB = b.id;
  if (a.imageId != b.imageId)
    throw StoreError("versions " + std::to_string(versionA) + " and " + std::to_string(versionB) +
                     " belong to different images");
  const auto& da = a.data;
  const auto& db = b.data;
  if (da.height != db.height || da.width != db.width || da.maskSpace != db.maskSpace)
    throw StoreError("versions " + std::to_string(versionA) + " and " + std::to_string(versionB) +
                     " have masks of different sizes or spaces");
  using format::Rle;
  const auto r = format::ComparisonMetrics::compare(
      Rle::decode(da.rleRightLung, da.height, da.width), Rle::decode(da.rleLeftLung, da.height, da.width),
      Rle::decode(da.rleHeart, da.height, da.width), da.maskSpaceLandmarks(),
      Rle::decode(db.rleRightLung, db.height, db.width), Rle::decode(db.rleLeftLung, db.height, db.width),
      Rle::decode(db.rleHeart, db.height, db.width), db.maskSpaceLandmarks());
  return ComparisonInfo{versionA, versionB, r.diceLungs, r.diceHeart, r.diceGT, r.hausdorffLungs,
                        r.hausdorffHeart, r.hausdorff95Lungs, r.hausdorff95Heart, r.mse};
}

}  // namespace cxr::store

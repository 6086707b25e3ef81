#include "tests/store/StoreTestUtil.h"

#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/SchemaScripts.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "tests/common/EllipseLandmarks.h"
#include "tests/common/SharedData.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace cxr::store::test {

TempDir::TempDir(const std::string& tag) : path(cxr::test::makeTempDir(tag)) {}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

format::LandmarkSet ringLandmarks(double dx) { return cxr::test::ellipseLandmarks(dx); }

SegmentationData segmentation(const format::LandmarkSet& landmarks, const std::string& tag) {
  SegmentationData d;
  d.landmarksModel = landmarks;
  d.rleRightLung = tag;
  d.rleLeftLung = "2001 5";
  d.rleHeart = "3001 7";
  return d;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string summaryDump(ReviewStore& store) {
  std::string out;
  Statement images(store.connection(),
                   "SELECT image_id || '|' || quote(display_id) || '|' || quote(dataset_id) || '|' || "
                   "quote(dataset_name) || '|' || mapping_count || '|' || quote(model_version_id) || "
                   "'|' || quote(model_source) || '|' || quote(rca_mean) || '|' || quote(rca_max) || "
                   "'|' || has_error FROM image_summary ORDER BY image_id");
  while (images.step()) out += "image " + images.textAt(0) + "\n";
  Statement readers(store.connection(),
                    "SELECT image_id || '|' || reader_id || '|' || status_code || '|' || "
                    "quote(current_version_id) || '|' || quote(current_source) || '|' || "
                    "quote(time_spent) || '|' || quote(true_dice) || '|' || quote(updated_at) "
                    "FROM reader_state ORDER BY image_id, reader_id");
  while (readers.step()) out += "reader " + readers.textAt(0) + "\n";
  return out;
}

std::pair<std::string, std::string> summaryAsMaintainedAndRebuilt(ReviewStore& store) {
  const std::string maintained = summaryDump(store);
  Transaction tx(store);
  store.connection().execScript(summaryRebuildScript(), "rebuilding the summaries (test)");
  tx.commit();
  return {maintained, summaryDump(store)};
}

RowId addImageByKey(ReviewStore& store, const std::string& key) {
  ImageRegistration reg;
  reg.fallbackKey = key;
  return store.images().registerImage(reg);
}

NewVersion ringVersion(RowId image, const std::string& author, VersionSource source, double dx,
                       const std::string& rle) {
  NewVersion v;
  v.imageId = image;
  v.source = source;
  v.author = author;
  v.data = segmentation(ringLandmarks(dx), rle);
  return v;
}

}  // namespace cxr::store::test

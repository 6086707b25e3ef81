#include "core/interop/SegImporter.h"

#include "core/format/LandmarkSet.h"
#include "core/format/OrganLayout.h"
#include "core/format/Rle.h"
#include "core/interop/DicomSeg.h"
#include "core/interop/InteropError.h"
#include "core/store/AuditLog.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <optional>

namespace cxr::interop {

namespace {

constexpr std::array<format::Organ, 3> kOrgans = {format::Organ::RightLung, format::Organ::LeftLung,
                                                  format::Organ::Heart};
constexpr std::array<int, 3> kCounts = {44, 50, 26};
const char* const kNames[3] = {"right lung", "left lung", "heart"};

/// Organ index of a segment from its codes, -1 when it is none of ours.
int organOf(const SegContents::Segment& s) {
  if (s.typeScheme != "SCT") return -1;
  if (s.typeCode == "80891009") return 2;
  if (s.typeCode == "3341006") return 0;   // right lung structure
  if (s.typeCode == "44029006") return 1;  // left lung structure
  if (s.typeCode == "39607008") {
    if (s.modifierCode == "24028007") return 0;
    if (s.modifierCode == "7771000") return 1;
  }
  return -1;
}

/// `n` points on the largest outer contour of a mask, equally spaced by arc length, starting at
/// the CheXmask start point and walking in the CheXmask direction. nullopt for an empty mask.
std::optional<std::vector<format::Point>> fitRing(const format::Mask& mask, int organ, int n) {
  cv::Mat m(mask.height(), mask.width(), CV_8UC1, const_cast<uint8_t*>(mask.data()));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(m.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  if (contours.empty()) return std::nullopt;
  std::size_t best = 0;
  for (std::size_t i = 1; i < contours.size(); ++i)
    if (cv::contourArea(contours[i]) > cv::contourArea(contours[best])) best = i;
  std::vector<cv::Point> c = contours[best];
  if (c.size() < 3) return std::nullopt;
  // Direction on screen (y down): right lung top -> image-left -> bottom (counter-clockwise),
  // left lung and heart clockwise. Signed area > 0 means clockwise on screen.
  const bool wantClockwise = organ != 0;
  if ((cv::contourArea(c, true) > 0) != wantClockwise) std::reverse(c.begin(), c.end());
  // Start: lungs at the apex (topmost, then the most medial), heart at its leftmost point.
  std::size_t start = 0;
  for (std::size_t i = 1; i < c.size(); ++i) {
    const cv::Point& p = c[i];
    const cv::Point& s = c[start];
    if (organ == 2 ? (p.x < s.x || (p.x == s.x && p.y > s.y)) : (p.y < s.y || (p.y == s.y && p.x < s.x))) start = i;
  }
  std::rotate(c.begin(), c.begin() + std::ptrdiff_t(start), c.end());
  std::vector<double> cumulative(c.size() + 1, 0.0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const cv::Point& a = c[i];
    const cv::Point& b = c[(i + 1) % c.size()];
    cumulative[i + 1] = cumulative[i] + std::hypot(double(b.x - a.x), double(b.y - a.y));
  }
  const double total = cumulative.back();
  std::vector<format::Point> out;
  std::size_t seg = 0;
  for (int k = 0; k < n; ++k) {
    const double target = total * k / n;
    while (seg + 1 < c.size() && cumulative[seg + 1] < target) ++seg;
    const cv::Point& a = c[seg];
    const cv::Point& b = c[(seg + 1) % c.size()];
    const double len = cumulative[seg + 1] - cumulative[seg];
    const double t = len > 0 ? (target - cumulative[seg]) / len : 0.0;
    out.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
  }
  return out;
}

}  // namespace

SegImportResult SegImporter::importFile(const std::string& segPath, const std::string& reader) {
  if (reader.empty()) throw InteropError(segPath + ": a reader name is needed for the imported version");
  const SegContents c = DicomSeg::read(segPath);
  if (c.referencedSopInstanceUid.empty())
    throw InteropError(segPath + ": the SEG names no source image (no Referenced SOP Instance UID)");
  std::optional<store::RowId> imageId;
  {
    store::Statement st(m_store.connection(), "SELECT id FROM images WHERE sop_uid = ? OR image_key = ? LIMIT 1");
    st.bind(1, c.referencedSopInstanceUid).bind(2, c.referencedSopInstanceUid);
    if (st.step()) imageId = st.int64At(0);
  }
  if (!imageId)
    throw InteropError(segPath + ": the referenced image " + c.referencedSopInstanceUid + " is not in the store");
  const auto image = m_store.images().find(*imageId);
  if (image && image->info.width > 0 && image->info.height > 0 &&
      (image->info.width != c.columns || image->info.height != c.rows))
    throw InteropError(segPath + ": SEG is " + std::to_string(c.rows) + " x " + std::to_string(c.columns) +
                       " but the image is " + std::to_string(image->info.height) + " x " +
                       std::to_string(image->info.width));

  std::array<std::optional<format::Mask>, 3> masks;
  std::string ignored;
  for (const auto& s : c.segments) {
    const int organ = organOf(s);
    if (organ < 0) {
      ignored += (ignored.empty() ? "" : ", ") + s.label + " (" + s.typeScheme + " " + s.typeCode + ")";
      continue;
    }
    if (masks[std::size_t(organ)]) {
      // Two segments for one organ (e.g. split lobes): their union.
      masks[std::size_t(organ)] = masks[std::size_t(organ)]->unionWith(s.mask);
    } else {
      masks[std::size_t(organ)] = s.mask;
    }
  }
  store::NewVersion v;
  v.imageId = *imageId;
  v.source = store::VersionSource::ReaderCorrection;
  v.author = reader;
  v.parentId = m_store.versions().latestModelVersion(*imageId);
  v.data.maskSpace = store::LandmarkSpace::Original;
  v.data.height = c.rows;
  v.data.width = c.columns;
  std::vector<format::Point> points;
  std::string missing;
  for (std::size_t k = 0; k < 3; ++k) {
    const format::Mask mask = masks[k] ? *masks[k] : format::Mask(c.rows, c.columns);
    v.data.rle(kOrgans[k]) = format::Rle::encode(mask);
    const auto ring = masks[k] ? fitRing(mask, int(k), kCounts[k]) : std::nullopt;
    if (ring) {
      points.insert(points.end(), ring->begin(), ring->end());
    } else {
      missing += (missing.empty() ? "" : ", ") + std::string(kNames[k]);
      points.insert(points.end(), std::size_t(kCounts[k]), format::Point{0, 0});
    }
  }
  v.data.landmarksOriginal = format::LandmarkSet::fromPoints(points);
  SegImportResult result;
  result.imageId = *imageId;
  result.fitted = missing.empty();
  result.note = missing.empty() ? "seg-import: landmarks fitted to the mask contours; masks as stored in the SEG"
                                : "seg-import mask-only: no mask for " + missing +
                                      " (its landmarks are placeholders); masks as stored in the SEG";
  if (!ignored.empty()) result.note += "; ignored segments: " + ignored;
  v.note = result.note;
  store::Transaction tx(m_store);
  result.versionId = m_store.versions().addVersion(v, true, &result.created);
  m_store.audit().record(reader, "seg_import", "segmentation_version", result.versionId, "",
                         "SEG " + c.sopInstanceUid + " of image " + c.referencedSopInstanceUid);
  tx.commit();
  return result;
}

}  // namespace cxr::interop

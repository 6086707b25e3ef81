#include "core/store/ConsensusBuilder.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/store/Connection.h"
#include "core/store/ReaderAgreement.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <algorithm>
#include <set>

namespace cxr::store {

std::string toString(ConsensusMethod method) { return method == ConsensusMethod::Median ? "median" : "mean"; }

ConsensusMethod consensusMethodFromString(const std::string& text) {
  if (text == "mean") return ConsensusMethod::Mean;
  if (text == "median") return ConsensusMethod::Median;
  throw StoreError("unknown consensus method '" + text + "' (expected mean or median)");
}

namespace {

double combineValues(std::vector<double>& values, ConsensusMethod method) {
  if (method == ConsensusMethod::Mean) {
    double sum = 0;
    for (double v : values) sum += v;
    return sum / double(values.size());
  }
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace

format::LandmarkSet ConsensusBuilder::combine(const std::vector<format::LandmarkSet>& sets, ConsensusMethod method) {
  if (sets.empty()) throw StoreError("a consensus needs at least one landmark set");
  format::LandmarkSet out;
  std::vector<double> xs(sets.size()), ys(sets.size());
  for (int i = 0; i < format::LandmarkSet::size(); ++i) {
    for (std::size_t k = 0; k < sets.size(); ++k) {
      xs[k] = sets[k][i].x;
      ys[k] = sets[k][i].y;
    }
    out[i] = format::Point{combineValues(xs, method), combineValues(ys, method)};
  }
  return out;
}

namespace {

/// The landmarks of the consensus of `parents` (both spaces when all parents have them) and
/// the mask space and size its masks are drawn in.
SegmentationData combinedLandmarks(const std::vector<VersionRecord>& parents, ConsensusMethod method) {
  const bool allModel = std::all_of(parents.begin(), parents.end(),
                                    [](const VersionRecord& v) { return v.data.landmarksModel.has_value(); });
  const bool allOriginal = std::all_of(parents.begin(), parents.end(),
                                       [](const VersionRecord& v) { return v.data.landmarksOriginal.has_value(); });
  const SegmentationData& first = parents.front().data;
  const bool sameMasks = std::all_of(parents.begin(), parents.end(), [&](const VersionRecord& v) {
    return v.data.maskSpace == first.maskSpace && v.data.height == first.height && v.data.width == first.width;
  });

  SegmentationData data;
  std::vector<format::LandmarkSet> sets;
  if (allModel) {
    for (const VersionRecord& v : parents) sets.push_back(*v.data.landmarksModel);
    data.landmarksModel = ConsensusBuilder::combine(sets, method);
  }
  if (allOriginal) {
    sets.clear();
    for (const VersionRecord& v : parents) sets.push_back(*v.data.landmarksOriginal);
    data.landmarksOriginal = ConsensusBuilder::combine(sets, method);
  }
  if (sameMasks && (first.maskSpace == LandmarkSpace::Model ? allModel : allOriginal)) {
    data.maskSpace = first.maskSpace;
    data.height = first.height;
    data.width = first.width;
  } else if (allModel) {  // parents disagree on the mask space: model space, 1024 x 1024
    data.maskSpace = LandmarkSpace::Model;
    data.height = data.width = 1024;
  } else {
    throw StoreError("versions of image " + std::to_string(parents.front().imageId) +
                     " have no landmark space in common to combine");
  }
  return data;
}

}  // namespace

RowId ConsensusBuilder::buildFromVersions(const std::vector<RowId>& parentIds, const ConsensusOptions& options,
                                          const std::string& note, bool* created) {
  if (parentIds.size() < 2) throw StoreError("a consensus needs at least two versions");
  if (options.author.empty()) throw StoreError("a consensus needs an author (reader name)");
  std::vector<VersionRecord> parents;
  for (RowId id : parentIds) {
    std::optional<VersionRecord> v = m_store.versions().find(id);
    if (!v) throw StoreError("version " + std::to_string(id) + " does not exist");
    if (!parents.empty() && v->imageId != parents.front().imageId)
      throw StoreError("versions " + std::to_string(parents.front().id) + " and " + std::to_string(id) +
                       " belong to different images");
    parents.push_back(std::move(*v));
  }
  NewVersion version;
  version.imageId = parents.front().imageId;
  version.source = VersionSource::Consensus;
  version.parentId = parents.front().id;
  version.author = options.author;
  version.note = note;
  version.data = combinedLandmarks(parents, options.method);
  const format::LandmarkSet& maskLandmarks = version.data.maskSpaceLandmarks();
  for (format::Organ organ : format::kOrgans)
    version.data.rle(organ) = format::Rle::encode(
        format::Rasterizer::organMask(maskLandmarks, organ, version.data.height, version.data.width));

  Transaction transaction(m_store);
  bool isNew = false;
  const RowId id = m_store.versions().addVersion(version, true, &isNew);
  Statement& link = m_store.connection().cached(
      "INSERT OR IGNORE INTO version_parents(version_id, parent_id, position) VALUES(?,?,?)");
  for (std::size_t i = 0; i < parents.size(); ++i) {
    link.reset();
    link.bind(1, id).bind(2, parents[i].id).bind(3, static_cast<std::int64_t>(i));
    link.run();
  }
  transaction.commit();
  if (created) *created = isNew;
  return id;
}

ConsensusResult ConsensusBuilder::build(const std::vector<std::string>& readers, const ConsensusOptions& options) {
  if (readers.size() < 2) throw StoreError("a consensus needs at least two readers");
  if (std::set<std::string>(readers.begin(), readers.end()).size() != readers.size())
    throw StoreError("a consensus needs distinct readers (one is named twice)");
  if (std::find(readers.begin(), readers.end(), options.author) != readers.end())
    throw StoreError("the consensus author '" + options.author + "' cannot also be one of the readers");
  ReaderAgreement agreement(m_store);
  std::vector<std::map<RowId, RowId>> reads;
  for (const std::string& reader : readers) reads.push_back(agreement.segmentations(reader));
  std::optional<std::set<RowId>> only;
  if (options.dataset) {
    const std::vector<RowId> images = agreement.datasetImages(*options.dataset);
    only.emplace(images.begin(), images.end());
  }
  std::vector<RowId> images;
  for (const auto& [image, version] : reads.front()) {
    if (only && !only->count(image)) continue;
    bool all = true;
    for (std::size_t r = 1; r < reads.size() && all; ++r) all = reads[r].count(image) > 0;
    if (all) images.push_back(image);
  }
  ConsensusResult result;
  result.images = static_cast<long long>(images.size());
  std::string note = toString(options.method) + " of";
  for (const std::string& reader : readers) note += " " + reader;
  long long done = 0;
  for (RowId image : images) {
    if (options.cancelled && options.cancelled()) {
      result.cancelled = true;
      break;
    }
    std::vector<RowId> parents;
    for (const auto& read : reads) parents.push_back(read.at(image));
    try {
      bool created = false;
      result.versionIds.push_back(buildFromVersions(parents, options, note, &created));
      ++(created ? result.created : result.existing);
    } catch (const StoreError& e) {
      result.skipped.push_back("image " + std::to_string(image) + ": " + e.what());
    }
    if (options.progress) options.progress(++done, result.images);
  }
  return result;
}

std::vector<RowId> ConsensusBuilder::parents(RowId versionId) {
  Statement st(m_store.connection(), "SELECT parent_id FROM version_parents WHERE version_id = ? ORDER BY position");
  st.bind(1, versionId);
  std::vector<RowId> out;
  while (st.step()) out.push_back(st.int64At(0));
  if (out.empty())
    if (const std::optional<VersionRecord> v = m_store.versions().find(versionId); v && v->parentId)
      out.push_back(*v->parentId);
  return out;
}

}  // namespace cxr::store

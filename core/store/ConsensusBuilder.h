#pragma once

#include "core/format/LandmarkSet.h"
#include "core/store/StoreTypes.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class ReviewStore;

/// How the readers' landmarks are combined, landmark by landmark and coordinate by coordinate.
enum class ConsensusMethod { Mean, Median };
std::string toString(ConsensusMethod method);
/// Parses "mean" / "median"; throws StoreError naming the bad value.
ConsensusMethod consensusMethodFromString(const std::string& text);

struct ConsensusOptions {
  ConsensusMethod method = ConsensusMethod::Mean;
  /// Reader record that authors the consensus versions (a human reader; its current pointer is
  /// the consensus of each image, so `export --reader consensus` and `agreement` can use it).
  std::string author = "consensus";
  std::optional<std::string> dataset;  ///< only images of this dataset
  std::function<void(long long, long long)> progress;  ///< (done, total) after each image
  std::function<bool()> cancelled;                     ///< polled between images
};

struct ConsensusResult {
  long long images = 0;    ///< images every reader read
  long long created = 0;   ///< new consensus versions stored
  long long existing = 0;  ///< identical consensus already stored (a rerun)
  std::vector<RowId> versionIds;     ///< one per image, in image order
  std::vector<std::string> skipped;  ///< images that could not be combined, with why
  bool cancelled = false;
};

/// Landmark consensus of several readers' versions. HybridGNet contours correspond landmark
/// to landmark, so the consensus is the per-landmark mean (or median) of the readers' versions
/// (their segmentations as ReaderAgreement::segmentations defines them), in model space and,
/// when every parent has them, in original pixels; masks are rasterised from the consensus
/// landmarks (CheXmask rule) in the parents' mask space. Stored as a `consensus` version whose
/// parent_id is the first reader's version and whose parents (all of them, in reader order)
/// are in version_parents. Rerunning stores nothing new (versions are content-addressed).
class ConsensusBuilder {
 public:
  explicit ConsensusBuilder(ReviewStore& store) : m_store(store) {}

  /// The per-landmark mean / median of `sets` (at least one).
  static format::LandmarkSet combine(const std::vector<format::LandmarkSet>& sets, ConsensusMethod method);

  /// Consensus of `readers` (two or more, distinct) on every image all of them read. One
  /// transaction per image: a failure leaves the images done so far stored.
  ConsensusResult build(const std::vector<std::string>& readers, const ConsensusOptions& options = {});
  /// Consensus of the given versions of one image (reader order); returns the version id.
  RowId buildFromVersions(const std::vector<RowId>& parents, const ConsensusOptions& options,
                          const std::string& note, bool* created = nullptr);

  /// The parents of a version in position order (version_parents; a version without rows
  /// there: its parent_id alone, if any).
  std::vector<RowId> parents(RowId versionId);

 private:
  ReviewStore& m_store;
};

}  // namespace cxr::store

#pragma once

#include "core/rca/RcaTypes.h"
#include "core/rca/ReferenceSet.h"

#include <functional>
#include <utility>
#include <vector>

namespace cxr::rca {

/// RCA of spec/rca.md: select the k references whose latents have the largest dot product
/// with the query's latent, register the query image onto each (affine then deformable, at
/// the working size), warp the predicted label map with nearest neighbour, and take Dice
/// against each reference's ground truth. The references are prepared once (working image
/// and label map) at construction; evaluate() is const and thread-safe, so one classifier
/// serves every image of a run.
class ReverseClassifier {
 public:
  /// Throws RcaError for an empty set, k < 1, a working size below 32, or latents of
  /// different lengths. `parameters.refsetId` is taken from the set.
  ReverseClassifier(const ReferenceSet& set, RcaParameters parameters);
  ~ReverseClassifier();
  ReverseClassifier(const ReverseClassifier&) = delete;
  ReverseClassifier& operator=(const ReverseClassifier&) = delete;

  const RcaParameters& parameters() const { return m_parameters; }
  int referenceCount() const { return int(m_references.size()); }

  /// Indices and dot products of the top min(k, count) references, most similar first
  /// (ties by index). Throws RcaError when the latent's length differs from the set's.
  std::vector<std::pair<int, double>> select(const std::vector<float>& latent,
                                             const std::string& excludeReference = {}) const;

  /// Scores one prediction. The references are registered in parallel (oneTBB) unless
  /// `parallel` is false. `cancelled`, when given, is polled before each reference; a
  /// cancelled evaluation throws RcaError("cancelled"). Image content never throws: a
  /// registration that fails scores 0. Bad input (wrong latent length, image size not
  /// matching its pixels) throws RcaError naming the query's key.
  RcaResult evaluate(const RcaQuery& query, const std::function<bool()>& cancelled = {},
                     bool parallel = true) const;

  /// Square working-space preparation shared with tests: centred zero padding to a square,
  /// resize to `size` (OpenCV INTER_AREA), grey values as floats; `landmarks` (image pixels)
  /// are mapped into the same space and rasterised to organ bits (1 RL, 2 LL, 4 heart).
  static void toWorkingSpace(const uint8_t* grey8, int width, int height, const format::LandmarkSet& landmarks,
                             int size, WorkingImage& image, std::vector<uint8_t>& organBits);

 private:
  struct Prepared {
    std::string id;
    WorkingImage image;
    std::vector<uint8_t> bits;
    std::vector<float> latent;
  };
  ReferenceScore score(const Prepared& reference, const WorkingImage& image,
                       const std::vector<uint8_t>& bits) const;

  RcaParameters m_parameters;
  std::vector<Prepared> m_references;
};

}  // namespace cxr::rca

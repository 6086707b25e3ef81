#pragma once

#include "core/engine/ResultWriter.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/StoreTypes.h"

#include <functional>
#include <string>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// Stores a segmentation run's outcomes: each success as a model_run version (landmarks in both
/// spaces, masks in original pixels, latent) that becomes the model reader's current version,
/// plus the image's preprocessing record (when the preparer gave its geometry), each failure
/// as an image error, a whole group in one transaction. Used only from the
/// engine's writer thread, which then owns the store's connection for the run.
class StoreResultWriter : public ResultWriter {
 public:
  /// `author` is the model's reader name (the model name).
  StoreResultWriter(store::ReviewStore& store, store::RowId modelId, std::string author);

  void write(const std::vector<ImageOutcome>& outcomes) override;

  /// Called after each group's transaction committed (on the writer thread); may be empty.
  /// When the caller holds an enclosing transaction the group is only folded into it, so
  /// "committed" then means "part of the caller's transaction".
  void setCommitObserver(std::function<void(const std::vector<ImageOutcome>&)> observer) {
    m_commitObserver = std::move(observer);
  }

  /// The preprocessing record stored for an outcome's geometry (model side 1024).
  static store::PreprocessGeometry toGeometry(const InputGeometry& geometry);
  /// The version a successful outcome becomes (exposed for tests and for single-image use).
  static store::NewVersion toVersion(const ImageOutcome& outcome, store::RowId modelId, const std::string& author);

 private:
  store::ReviewStore& m_store;
  store::RowId m_modelId;
  std::string m_author;
  std::function<void(const std::vector<ImageOutcome>&)> m_commitObserver;
};

}  // namespace cxr::engine

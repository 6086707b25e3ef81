#pragma once

#include "core/engine/ResultWriter.h"
#include "core/store/StoreTypes.h"

#include <string>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// Stores a segmentation run's outcomes: each success as a model_run version (landmarks in both
/// spaces, masks in original pixels, latent) that becomes the model reader's current version,
/// each failure as an image error, a whole group in one transaction. Used only from the
/// engine's writer thread, which then owns the store's connection for the run.
class StoreResultWriter : public ResultWriter {
 public:
  /// `author` is the model's reader name (the model name).
  StoreResultWriter(store::ReviewStore& store, store::RowId modelId, std::string author);

  void write(const std::vector<ImageOutcome>& outcomes) override;

  /// The version a successful outcome becomes (exposed for tests and for single-image use).
  static store::NewVersion toVersion(const ImageOutcome& outcome, store::RowId modelId, const std::string& author);

 private:
  store::ReviewStore& m_store;
  store::RowId m_modelId;
  std::string m_author;
};

}  // namespace cxr::engine

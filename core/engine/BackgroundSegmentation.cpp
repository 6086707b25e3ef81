#include "core/engine/BackgroundSegmentation.h"

#include "core/engine/EngineError.h"
#include "core/store/ReviewStore.h"

namespace cxr::engine {

BackgroundSegmentation::BackgroundSegmentation(std::string dbPath, store::ModelInfo model, SegmentJobOptions options,
                                               SegmenterFactory segmenter,
                                               std::shared_ptr<const ImagePreparer> preparer,
                                               BackgroundSegmentationCallbacks callbacks)
    : BackgroundJob("background segmentation of " + dbPath, std::move(callbacks), false),
      m_dbPath(std::move(dbPath)),
      m_model(std::move(model)),
      m_options(std::move(options)),
      m_factory(std::move(segmenter)),
      m_preparer(std::move(preparer)) {
  if (!m_factory) throw EngineError("background segmentation of " + m_dbPath + ": no segmenter factory");
  if (!m_preparer) throw EngineError("background segmentation of " + m_dbPath + ": no image preparer");
}

BackgroundSegmentation::~BackgroundSegmentation() { stop(); }

RunSummary BackgroundSegmentation::execute(ProgressSink& sink) {
  store::StoreOptions storeOptions;
  storeOptions.create = false;  // the caller's database: a missing file is a wrong path
  store::ReviewStore store(m_dbPath, storeOptions);
  std::unique_ptr<Segmenter> segmenter = m_factory();
  if (!segmenter) throw EngineError("the segmenter factory returned no model");
  SegmentJob job(store, m_model, m_options);
  if (callbacks().imageStored)
    job.setCommitObserver([this](const std::vector<ImageOutcome>& outcomes) {
      for (const ImageOutcome& outcome : outcomes)
        callbacks().imageStored(outcome.item.imageId, outcome.ok, outcome.ok ? std::string() : outcome.error);
    });
  return job.run(*m_preparer, *segmenter, sink, cancelToken());
}

}  // namespace cxr::engine

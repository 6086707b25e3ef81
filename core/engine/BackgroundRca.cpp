#include "core/engine/BackgroundRca.h"

#include "core/engine/EngineError.h"
#include "core/rca/ReferenceSet.h"
#include "core/rca/ReverseClassifier.h"
#include "core/store/ReviewStore.h"

namespace cxr::engine {

BackgroundRca::BackgroundRca(std::string dbPath, std::string refsetPath, rca::RcaParameters parameters,
                             RcaJobOptions options, LatentFactory latents, BackgroundSegmentationCallbacks callbacks)
    : BackgroundJob("background RCA of " + dbPath, std::move(callbacks), true),
      m_dbPath(std::move(dbPath)),
      m_refsetPath(std::move(refsetPath)),
      m_parameters(std::move(parameters)),
      m_options(std::move(options)),
      m_latents(std::move(latents)) {}

BackgroundRca::~BackgroundRca() { stop(); }

RunSummary BackgroundRca::execute(ProgressSink& sink) {
  const rca::ReferenceSet set = rca::ReferenceSetIO::read(m_refsetPath);
  const rca::ReverseClassifier classifier(set, m_parameters);
  const LatentProvider latents = m_latents ? m_latents() : LatentProvider();
  store::StoreOptions storeOptions;
  storeOptions.create = false;
  store::ReviewStore store(m_dbPath, storeOptions);
  RcaJob job(store, classifier, m_options);
  if (callbacks().imageStored)
    job.setCommitObserver([this](const std::vector<RcaOutcome>& outcomes) {
      for (const RcaOutcome& o : outcomes) callbacks().imageStored(o.item.imageId, o.ok, o.ok ? std::string() : o.error);
    });
  return job.run(latents, sink, cancelToken());
}

}  // namespace cxr::engine

#include "core/engine/SegmentJob.h"

#include "core/engine/EngineError.h"
#include "core/engine/SegmentPipeline.h"
#include "core/engine/StoreResultWriter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReviewStore.h"

#include <set>

namespace cxr::engine {

SegmentJob::SegmentJob(store::ReviewStore& store, store::ModelInfo model, SegmentJobOptions options)
    : m_store(store), m_model(std::move(model)), m_options(std::move(options)) {
  if (m_model.name.empty()) throw EngineError("segment job: the model needs a name");
}

store::RowId SegmentJob::registerModel() {
  if (m_modelId == 0) m_modelId = m_store.models().registerModel(m_model);
  return m_modelId;
}

std::vector<store::RowId> SegmentJob::datasetIds() {
  std::vector<store::RowId> ids;
  if (!m_options.dataset.empty()) {
    const auto dataset = m_store.datasets().findByName(m_options.dataset);
    if (!dataset)
      throw EngineError("database " + m_store.path() + " has no dataset named '" + m_options.dataset + "'");
    ids.push_back(dataset->id);
    return ids;
  }
  for (const store::DatasetRecord& dataset : m_store.datasets().list()) ids.push_back(dataset.id);
  return ids;
}

std::vector<WorkItem> SegmentJob::pendingWork() {
  const store::RowId modelId = registerModel();
  m_skippedWithoutFile = 0;
  std::set<store::RowId> seen;  // an image can belong to several datasets: do it once
  std::vector<WorkItem> items;
  for (store::RowId datasetId : datasetIds()) {
    for (const store::ImageRecord& image : m_store.images().imagesWithoutVersionFromModel(datasetId, modelId)) {
      // The shard is decided by the image's natural key (SOP UID / file SHA-256), which is the
      // same in every copy of the database, never by row order.
      if (!m_options.shard.contains(image.imageKey) || !seen.insert(image.id).second) continue;
      if (image.info.filePath.empty()) {
        ++m_skippedWithoutFile;
        continue;
      }
      items.push_back({image.id, image.imageKey, m_store.images().absolutePath(image)});
    }
  }
  return items;
}

RunSummary SegmentJob::run(const ImagePreparer& preparer, Segmenter& segmenter, ProgressSink& progress,
                           const CancellationToken& cancel) {
  const std::vector<WorkItem> items = pendingWork();
  progress.onMessage(MessageLevel::Info, "model '" + m_model.name + "', shard " + m_options.shard.toString() + ": " +
                                             std::to_string(items.size()) + " images to do");
  if (m_skippedWithoutFile > 0)
    progress.onMessage(MessageLevel::Warning,
                       std::to_string(m_skippedWithoutFile) + " images have no file and are skipped");
  StoreResultWriter writer(m_store, m_modelId, m_model.name);
  return SegmentPipeline(preparer, segmenter, writer, m_options.pipeline).run(items, progress, cancel);
}

}  // namespace cxr::engine

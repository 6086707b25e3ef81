#include "core/engine/SegmentJob.h"

#include "core/engine/EngineError.h"
#include "core/engine/SegmentPipeline.h"
#include "core/engine/StoreResultWriter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"

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

std::vector<store::ImageRecord> SegmentJob::selectedImages(store::RowId modelId) {
  std::set<store::RowId> seen;
  std::vector<store::ImageRecord> images;
  for (store::RowId id : m_options.imageIds) {
    if (!seen.insert(id).second) continue;
    std::optional<store::ImageRecord> image = m_store.images().find(id);
    if (!image) throw EngineError("database " + m_store.path() + " has no image with id " + std::to_string(id));
    if (!m_options.resegment && m_store.versions().hasVersionFromModel(id, modelId)) continue;
    images.push_back(std::move(*image));
  }
  return images;
}

std::vector<store::ImageRecord> SegmentJob::candidates(store::RowId modelId) {
  if (!m_options.imageIds.empty()) return selectedImages(modelId);
  std::set<store::RowId> seen;  // an image can belong to several datasets: do it once
  std::vector<store::ImageRecord> images;
  for (store::RowId datasetId : datasetIds()) {
    std::vector<store::ImageRecord> ofDataset = m_options.resegment
                                                    ? m_store.images().imagesOfDataset(datasetId)
                                                    : m_store.images().imagesWithoutVersionFromModel(datasetId, modelId);
    for (store::ImageRecord& image : ofDataset)
      if (seen.insert(image.id).second) images.push_back(std::move(image));
  }
  return images;
}

std::vector<WorkItem> SegmentJob::pendingWork() {
  const store::RowId modelId = registerModel();
  m_skippedWithoutFile = 0;
  std::vector<WorkItem> items;
  for (const store::ImageRecord& image : candidates(modelId)) {
    // The shard is decided by the image's natural key (SOP UID / file SHA-256), which is the
    // same in every copy of the database, never by row order.
    if (!m_options.shard.contains(image.imageKey)) continue;
    if (image.info.filePath.empty()) {
      ++m_skippedWithoutFile;
      continue;
    }
    WorkItem item(image.id, image.imageKey, m_store.images().absolutePath(image));
    item.expectedSha256 = image.info.fileSha256;
    item.expectedSize = image.info.fileSha256.empty() ? -1 : image.info.fileSize;
    item.expectedWidth = image.info.width;
    item.expectedHeight = image.info.height;
    items.push_back(std::move(item));
  }
  return items;
}

void SegmentJob::setCommitObserver(std::function<void(const std::vector<ImageOutcome>&)> observer) {
  m_commitObserver = std::move(observer);
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
  writer.setCommitObserver(m_commitObserver);
  return SegmentPipeline(preparer, segmenter, writer, m_options.pipeline).run(items, progress, cancel);
}

}  // namespace cxr::engine

#include "core/engine/RcaJob.h"

#include "core/image/PreprocessRecord.h"
#include "core/rca/ReverseClassifier.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

namespace cxr::engine {

RcaJob::RcaJob(store::ReviewStore& store, const rca::ReverseClassifier& classifier, RcaJobOptions options)
    : m_store(store), m_classifier(classifier), m_options(std::move(options)) {}

void RcaJob::setCommitObserver(std::function<void(const std::vector<RcaOutcome>&)> observer) {
  m_observer = std::move(observer);
}

std::vector<RcaItem> RcaJob::pendingWork() {
  m_skippedWithoutFile = 0;
  std::vector<RcaItem> items;
  const std::string parameters = m_classifier.parameters().toJson();
  for (const auto& [imageId, versionId] : m_store.rca().modelVersionsWithoutResult(parameters)) {
    const std::optional<store::ImageRecord> image = m_store.images().find(imageId);
    if (!image || !m_options.shard.contains(image->imageKey)) continue;
    if (image->info.filePath.empty()) {
      ++m_skippedWithoutFile;
      continue;
    }
    const std::optional<store::VersionRecord> version = m_store.versions().find(versionId);
    if (!version) continue;
    RcaItem item;
    item.key = image->info.filePath;
    item.path = m_store.images().absolutePath(*image);
    item.imageId = imageId;
    item.versionId = versionId;
    item.latent = version->latent;
    const store::SegmentationData& data = version->data;
    if (data.landmarksOriginal) {
      item.prediction = *data.landmarksOriginal;
      item.expectedWidth = image->info.width;
      item.expectedHeight = image->info.height;
    } else if (data.landmarksModel) {
      // 1024 model space: back to the file's pixels through the stored preprocessing, or the
      // plain centred padding of an uncropped image.
      image::PreprocessRecord record;
      if (const auto g = m_store.preprocess().find(imageId)) {
        record.originalHeight = g->originalHeight, record.originalWidth = g->originalWidth;
        record.cropLeft = g->cropLeft, record.cropTop = g->cropTop;
        record.cropRight = g->cropRight, record.cropBottom = g->cropBottom;
        record.padLeft = g->padLeft, record.padTop = g->padTop;
        record.squareSide = g->squareSide;
        record.modelSize = 1024;
        item.prediction = record.toOriginalUnrounded(data.landmarksModel->scaled(double(g->modelSize) / 1024.0));
        item.expectedWidth = g->originalWidth, item.expectedHeight = g->originalHeight;
      } else if (image->info.width > 0 && image->info.height > 0) {
        record = image::PreprocessRecord::squarePadding(image->info.height, image->info.width, 1024);
        item.prediction = record.toOriginalUnrounded(*data.landmarksModel);
        item.expectedWidth = image->info.width, item.expectedHeight = image->info.height;
      } else {
        continue;  // no way to place the landmarks on the file
      }
    } else {
      continue;
    }
    items.push_back(std::move(item));
  }
  return items;
}

RunSummary RcaJob::run(const LatentProvider& latents, ProgressSink& progress, const CancellationToken& cancel) {
  std::vector<RcaItem> items = pendingWork();
  progress.onMessage(MessageLevel::Info, "RCA, reference set " + m_classifier.parameters().refsetId + ", k " +
                                             std::to_string(m_classifier.parameters().k) + ", size " +
                                             std::to_string(m_classifier.parameters().size) + ", shard " +
                                             m_options.shard.toString() + ": " + std::to_string(items.size()) +
                                             " model versions to do");
  if (m_skippedWithoutFile > 0)
    progress.onMessage(MessageLevel::Warning,
                       std::to_string(m_skippedWithoutFile) + " images have no file and are skipped");
  RcaRunner runner(m_classifier, latents, m_options.run);
  return runner.run(
      items,
      [this](const std::vector<RcaOutcome>& outcomes) {
        store::Transaction tx(m_store);
        for (const RcaOutcome& o : outcomes) {
          if (!o.ok) continue;
          store::RcaResultInfo info;
          info.versionId = o.item.versionId;
          info.parametersJson = o.result.parameters.toJson();
          info.perReferenceJson = o.result.perReferenceJson();
          info.mean = o.result.mean;
          info.max = o.result.max;
          m_store.rca().addResult(info);
        }
        tx.commit();
        if (m_observer) m_observer(outcomes);
      },
      progress, cancel);
}

}  // namespace cxr::engine

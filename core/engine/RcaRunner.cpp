#include "core/engine/RcaRunner.h"

#include "core/engine/ProgressTracker.h"
#include "core/image/ImageLoader.h"
#include "core/rca/RcaError.h"
#include "core/rca/ReverseClassifier.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace cxr::engine {

RcaRunner::RcaRunner(const rca::ReverseClassifier& classifier, LatentProvider latents, RcaRunOptions options)
    : m_classifier(classifier), m_latents(std::move(latents)), m_options(options) {}

RcaOutcome RcaRunner::scoreOne(const RcaItem& item, const CancellationToken& cancel) const {
  RcaOutcome out;
  out.item = item;
  try {
    image::LoadedImage loaded = image::ImageLoader::load(item.path);
    if (item.expectedWidth > 0 && item.expectedHeight > 0 &&
        (loaded.width != item.expectedWidth || loaded.height != item.expectedHeight))
      throw rca::RcaError(item.path + ": the image is " + std::to_string(loaded.width) + " x " +
                          std::to_string(loaded.height) + " pixels but its prediction is for " +
                          std::to_string(item.expectedWidth) + " x " + std::to_string(item.expectedHeight));
    rca::RcaQuery query;
    query.key = item.key;
    query.width = loaded.width;
    query.height = loaded.height;
    query.grey8 = std::move(loaded.grey8);
    query.prediction = item.prediction;
    query.latent = item.latent;
    query.excludeReference = item.excludeReference;
    if (query.latent.empty()) {
      if (!m_latents) throw rca::RcaError(item.key + ": no latent stored and no model given to compute one");
      std::lock_guard<std::mutex> lock(m_latentMutex);
      query.latent = m_latents(query.grey8, query.width, query.height);
      out.latentComputed = true;
    }
    out.result = m_classifier.evaluate(query, [&cancel] { return cancel.isCancelled(); });
    out.ok = true;
  } catch (const std::exception& e) {
    out.ok = false;
    out.error = e.what();
  }
  return out;
}

RunSummary RcaRunner::run(const std::vector<RcaItem>& items, const Writer& writer, ProgressSink& progress,
                          const CancellationToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  const int workers = m_options.workers > 0 ? m_options.workers
                                            : std::max(1, int(std::thread::hardware_concurrency()));
  const size_t chunk = size_t(m_options.chunk > 0 ? m_options.chunk : 2 * workers);
  ProgressTracker tracker(&progress, int64_t(items.size()), m_options.progressInterval);
  RunSummary summary;
  summary.total = int64_t(items.size());
  tbb::task_arena arena(workers);
  for (size_t first = 0; first < items.size() && !cancel.isCancelled(); first += chunk) {
    const size_t last = std::min(items.size(), first + chunk);
    std::vector<RcaOutcome> outcomes(last - first);
    std::vector<char> attempted(last - first, 0);
    arena.execute([&] {
      tbb::parallel_for(first, last, [&](size_t i) {
        if (cancel.isCancelled()) return;
        outcomes[i - first] = scoreOne(items[i], cancel);
        attempted[i - first] = 1;
      });
    });
    // Items interrupted by a cancellation are left for a later run, not reported as failed.
    std::vector<RcaOutcome> finished;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      RcaOutcome& o = outcomes[i];
      const bool interrupted = !attempted[i] || (!o.ok && cancel.isCancelled() && o.error == "cancelled");
      if (!interrupted) finished.push_back(std::move(o));
    }
    if (!finished.empty()) writer(finished);
    int64_t failed = 0;
    for (const RcaOutcome& o : finished) {
      if (o.ok) continue;
      ++failed;
      progress.onImageFailed(o.item.key, o.error);
    }
    summary.succeeded += int64_t(finished.size()) - failed;
    summary.failed += failed;
    tracker.add(int64_t(finished.size()), failed);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.notProcessed = summary.total - summary.succeeded - summary.failed;
  summary.cancelled = cancel.isCancelled() && summary.notProcessed > 0;
  summary.imagesPerSecond = summary.seconds > 0 ? double(summary.succeeded + summary.failed) / summary.seconds : 0.0;
  if (summary.cancelled)
    progress.onMessage(MessageLevel::Warning, "cancelled: " + std::to_string(summary.notProcessed) +
                                                  " images left for a later run");
  tracker.finish();
  return summary;
}

rca::ReferenceSet collectReferences(const std::vector<ReferenceSource>& sources, const LatentProvider& latents,
                                    ProgressSink& progress, const CancellationToken& cancel) {
  if (!latents) throw rca::RcaError("building a reference set needs the model (latents)");
  rca::ReferenceSet set;
  ProgressTracker tracker(&progress, int64_t(sources.size()), std::chrono::milliseconds(250));
  for (const ReferenceSource& source : sources) {
    if (cancel.isCancelled()) break;
    rca::Reference r;
    r.id = source.id;
    r.landmarks = source.landmarks;
    if (source.path.empty()) {
      r.width = source.width, r.height = source.height, r.grey8 = source.grey8;
      if (r.grey8.size() != size_t(r.width) * size_t(r.height) || r.width <= 0)
        throw rca::RcaError("reference '" + source.id + "': the image has no pixels of its stated size");
    } else {
      image::LoadedImage loaded;
      try {
        loaded = image::ImageLoader::load(source.path);
      } catch (const std::exception& e) {
        throw rca::RcaError(source.path + ": cannot read the reference image: " + e.what());
      }
      r.width = loaded.width, r.height = loaded.height, r.grey8 = std::move(loaded.grey8);
    }
    try {
      r.latent = latents(r.grey8, r.width, r.height);
    } catch (const std::exception& e) {
      throw rca::RcaError((source.path.empty() ? source.id : source.path) + ": no latent: " + e.what());
    }
    set.references.push_back(std::move(r));
    tracker.add(1, 0);
  }
  tracker.finish();
  return set;
}

}  // namespace cxr::engine

#include "core/engine/SegmentPipeline.h"

#include "core/engine/EngineError.h"
#include "core/engine/Postprocessor.h"
#include "core/engine/WriterThread.h"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <memory>

namespace cxr::engine {

namespace {

/// The token that travels through the pipeline: one inference batch.
struct Batch {
  std::vector<ImageOutcome> outcomes;  // one per work item, item filled in
  std::vector<PreparedImage> images;   // parallel to outcomes
  std::vector<SegmenterOutput> outputs;
  std::vector<bool> skipped;           // cancelled before it was processed: not stored
};
using BatchPtr = std::shared_ptr<Batch>;

void fail(ImageOutcome& outcome, const char* stage, const std::string& what) {
  outcome.ok = false;
  outcome.stage = stage;
  outcome.error = what;
}

bool pending(const Batch& batch, size_t i) { return !batch.skipped[i] && batch.outcomes[i].error.empty(); }

void prepareBatch(Batch& batch, const ImagePreparer& preparer, int size, const CancellationToken& cancel) {
  tbb::parallel_for(size_t(0), batch.outcomes.size(), [&](size_t i) {
    if (cancel.isCancelled()) {
      batch.skipped[i] = true;
      return;
    }
    try {
      batch.images[i] = preparer.prepare(batch.outcomes[i].item, size);
      if (batch.images[i].pixels.size() != size_t(size) * size_t(size))
        fail(batch.outcomes[i], "decode", "preprocessing returned " + std::to_string(batch.images[i].pixels.size()) +
                                    " pixels, expected " + std::to_string(size) + "^2");
    } catch (const std::exception& e) {
      fail(batch.outcomes[i], "decode", e.what());
    }
  });
}

/// Runs the model on the given images of the batch; throws when the model fails.
void inferSubset(Batch& batch, Segmenter& segmenter, const std::vector<size_t>& which) {
  std::vector<const uint8_t*> inputs;
  for (size_t i : which) inputs.push_back(batch.images[i].pixels.data());
  std::vector<SegmenterOutput> outputs = segmenter.run(inputs);
  if (outputs.size() != which.size())
    throw EngineError("model returned " + std::to_string(outputs.size()) + " outputs for " +
                      std::to_string(which.size()) + " images");
  for (size_t k = 0; k < which.size(); ++k) batch.outputs[which[k]] = std::move(outputs[k]);
}

void inferBatch(Batch& batch, Segmenter& segmenter, const CancellationToken& cancel) {
  std::vector<size_t> which;
  for (size_t i = 0; i < batch.outcomes.size(); ++i)
    if (pending(batch, i)) which.push_back(i);
  if (which.empty()) return;
  if (cancel.isCancelled()) {
    for (size_t i : which) batch.skipped[i] = true;
    return;
  }
  try {
    inferSubset(batch, segmenter, which);
    return;
  } catch (const std::exception& e) {
    if (which.size() == 1) {
      fail(batch.outcomes[which[0]], "inference", std::string("inference failed: ") + e.what());
      return;
    }
  }
  // One bad image must not cost its batch-mates their results: retry one by one.
  for (size_t i : which) {
    if (cancel.isCancelled()) {
      batch.skipped[i] = true;
      continue;
    }
    try {
      inferSubset(batch, segmenter, {i});
    } catch (const std::exception& e) {
      fail(batch.outcomes[i], "inference", std::string("inference failed: ") + e.what());
    }
  }
}

void postprocessBatch(Batch& batch) {
  tbb::parallel_for(size_t(0), batch.outcomes.size(), [&](size_t i) {
    if (!pending(batch, i)) return;
    try {
      Postprocessor::process(batch.images[i], batch.outputs[i], batch.outcomes[i]);
    } catch (const std::exception& e) {
      fail(batch.outcomes[i], "postprocess", std::string("postprocessing failed: ") + e.what());
    }
    batch.images[i].pixels = {};  // the model input is no longer needed: free it early
  });
}

/// The state of one run, shared by the pipeline's stage functions.
class RunState {
 public:
  RunState(const std::vector<WorkItem>& items, const PipelineOptions& options, const CancellationToken& cancel,
           const CancellationToken& writerFailed)
      : m_items(items), m_options(options), m_cancel(cancel), m_writerFailed(writerFailed) {}

  /// One token for every stage: set when the caller cancels or the writer failed.
  const CancellationToken& halt() {
    if (m_cancel.isCancelled() || m_writerFailed.isCancelled()) m_halt.cancel();
    return m_halt;
  }

  /// Source stage: the next batch of work items, or stop.
  BatchPtr nextBatch(tbb::flow_control& fc) {
    if (m_next >= m_items.size() || halt().isCancelled()) {
      fc.stop();
      return nullptr;
    }
    auto batch = std::make_shared<Batch>();
    const size_t end = std::min(m_items.size(), m_next + size_t(m_options.batchSize));
    for (; m_next < end; ++m_next) {
      batch->outcomes.emplace_back();
      batch->outcomes.back().item = m_items[m_next];
    }
    batch->images.resize(batch->outcomes.size());
    batch->outputs.resize(batch->outcomes.size());
    batch->skipped.assign(batch->outcomes.size(), false);
    return batch;
  }

 private:
  const std::vector<WorkItem>& m_items;
  const PipelineOptions& m_options;
  CancellationToken m_cancel;
  CancellationToken m_writerFailed;
  CancellationToken m_halt;
  size_t m_next = 0;
};

void submitBatch(Batch& batch, WriterThread<ImageOutcome>& writer) {
  for (size_t i = 0; i < batch.outcomes.size(); ++i)
    if (!batch.skipped[i]) writer.submit(std::move(batch.outcomes[i]));
}

RunSummary summarize(int64_t total, const WriterThread<ImageOutcome>& writer, bool cancelled,
                     std::chrono::steady_clock::time_point start) {
  RunSummary summary;
  summary.total = total;
  summary.succeeded = writer.stored() - writer.failed();
  summary.failed = writer.failed();
  summary.notProcessed = summary.total - summary.succeeded - summary.failed;
  summary.cancelled = cancelled;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.imagesPerSecond = summary.seconds > 0 ? double(summary.succeeded + summary.failed) / summary.seconds : 0;
  return summary;
}

}  // namespace

SegmentPipeline::SegmentPipeline(const ImagePreparer& preparer, Segmenter& segmenter, ResultWriter& writer,
                                 PipelineOptions options)
    : m_preparer(preparer), m_segmenter(segmenter), m_writer(writer), m_options(options) {
  if (m_options.batchSize < 1) throw EngineError("batch size must be >= 1");
  if (m_options.workers < 0) throw EngineError("worker count must be >= 0");
  if (m_options.workers == 0) m_options.workers = tbb::info::default_concurrency();
  if (m_options.batchesInFlight <= 0) m_options.batchesInFlight = m_options.workers + 2;
}

RunSummary SegmentPipeline::run(const std::vector<WorkItem>& items, ProgressSink& progress,
                                const CancellationToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  const int size = m_segmenter.inputSize();
  progress.onMessage(MessageLevel::Info, "segmenting " + std::to_string(items.size()) + " images with " +
                                             std::to_string(m_options.workers) + " workers, batch " +
                                             std::to_string(m_options.batchSize));
  CancellationToken writerFailed;
  auto flush = [&](std::vector<ImageOutcome>& group) {
    m_writer.write(group);
    int64_t failed = 0;
    for (const ImageOutcome& outcome : group)
      if (!outcome.ok) ++failed, progress.onImageFailed(outcome.item.key, outcome.error);
    return failed;
  };
  WriterThread<ImageOutcome> writer(flush, &progress, int64_t(items.size()), m_options, writerFailed);
  RunState state(items, m_options, cancel, writerFailed);
  using tbb::filter_mode;
  // Let an explicit --workers above the core count take effect (oneTBB caps workers at the
  // core count by default); never lower the process-wide limit.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  std::max<size_t>(size_t(m_options.workers) + 1,
                                                   tbb::global_control::active_value(
                                                       tbb::global_control::max_allowed_parallelism)));
  // serial_in_order after a serial_in_order source restores the order of the work items.
  const filter_mode handOff = m_options.orderedOutput ? filter_mode::serial_in_order : filter_mode::serial_out_of_order;
  tbb::task_arena arena(m_options.workers);
  arena.execute([&] {
    tbb::parallel_pipeline(
        size_t(m_options.batchesInFlight),
        tbb::make_filter<void, BatchPtr>(filter_mode::serial_in_order,
                                         [&](tbb::flow_control& fc) { return state.nextBatch(fc); }) &
            tbb::make_filter<BatchPtr, BatchPtr>(filter_mode::parallel,
                                                 [&](BatchPtr b) {
                                                   prepareBatch(*b, m_preparer, size, state.halt());
                                                   return b;
                                                 }) &
            tbb::make_filter<BatchPtr, BatchPtr>(filter_mode::serial_out_of_order,
                                                 [&](BatchPtr b) {
                                                   inferBatch(*b, m_segmenter, state.halt());
                                                   return b;
                                                 }) &
            tbb::make_filter<BatchPtr, BatchPtr>(filter_mode::parallel,
                                                 [&](BatchPtr b) {
                                                   postprocessBatch(*b);
                                                   return b;
                                                 }) &
            tbb::make_filter<BatchPtr, void>(handOff, [&](BatchPtr b) { submitBatch(*b, writer); }));
  });
  writer.close();  // waits for the last commit; rethrows a store failure

  const RunSummary summary = summarize(int64_t(items.size()), writer, cancel.isCancelled(), start);
  if (summary.cancelled)
    progress.onMessage(MessageLevel::Warning, "cancelled: " + std::to_string(summary.notProcessed) +
                                                  " images left for a resumed run");
  return summary;
}

}  // namespace cxr::engine

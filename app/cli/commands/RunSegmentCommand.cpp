// `chexreview-cli run-segment`: segment the images of a review database with a model —
// resumable (done images are skipped), shardable (--shard I/N for cluster array jobs), with
// per-image errors recorded. The work is cxr::engine::SegmentJob; this file only wires it.
// Only built with the model library (CXR_WITH_MODEL), the one place that links LibTorch.
// requires: cxr_engine cxr_store cxr_image cxr_model
#include "app/cli/CommandRegistry.h"

#include "core/format/NumberText.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/engine/ModelSegmenter.h"
#include "core/engine/SegmentJob.h"
#include "core/engine/SignalCancellation.h"
#include "core/engine/TextProgressSink.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace {

struct RunSegmentArgs {
  std::string db, model, modelName, dataset, shard = "0/1", device = "auto";
  int batch = 4, workers = 0, threads = 0;
  bool cropBorders = false, quiet = false;
};

cxr::engine::ModelSegmenter openModel(const RunSegmentArgs& args) {
  cxr::model::SessionOptions options;
  options.device = cxr::model::parseDevice(args.device);
  options.threads = args.threads;
  options.batchSize = args.batch;
  return cxr::engine::ModelSegmenter(cxr::model::InferenceSession::open(args.model, options));
}

void runSegment(const RunSegmentArgs& args) {
  using namespace cxr::engine;
  SegmentJobOptions options;
  options.shard = ShardSpec::parse(args.shard);
  options.dataset = args.dataset;
  options.pipeline.batchSize = args.batch;
  options.pipeline.workers = args.workers;
  cxr::store::StoreOptions storeOptions;
  storeOptions.create = false;  // segmenting a database that does not exist is a typo
  cxr::store::ReviewStore store(args.db, storeOptions);
  ModelSegmenter segmenter = openModel(args);
  cxr::store::ModelInfo model;
  model.name = args.modelName.empty() ? std::filesystem::path(args.model).stem().string() : args.modelName;
  model.fileSha256 = cxr::store::Sha256::ofFile(args.model);
  model.inputSize = segmenter.inputSize();
  model.configJson = "{\"kind\":\"" + segmenter.session().modelKind() + "\",\"cropBorders\":" +
                     (args.cropBorders ? "true" : "false") + "}";
  CancellationToken cancel;
  SignalCancellation signals(cancel);
  TextProgressSink progress(stderr, "run-segment " + options.shard.toString(), args.quiet);
  progress.onMessage(MessageLevel::Info, "model on " + segmenter.session().deviceName() + ", input " +
                                             std::to_string(segmenter.inputSize()));
  ImageFilePreparer preparer(args.cropBorders);
  const RunSummary s = SegmentJob(store, model, options).run(preparer, segmenter, progress, cancel);
  std::printf("shard %s: %lld to do, %lld segmented, %lld failed, %lld left, %s s, %s images/s\n",
              options.shard.toString().c_str(), (long long)s.total, (long long)s.succeeded, (long long)s.failed,
              (long long)s.notProcessed, cxr::format::NumberText::fixed(s.seconds, 1).c_str(),
              cxr::format::NumberText::fixed(s.imagesPerSecond, 2).c_str());
  if (s.cancelled) throw cxr::cli::CancelledError("run-segment cancelled; run the same command again to resume");
  if (s.failed > 0)
    std::printf("%lld images failed; their errors are recorded in the database (table image_errors)\n",
                (long long)s.failed);
  cxr::cli::reportItemFailures(s.failed, s.succeeded + s.failed);
}

void setupRunSegment(CLI::App& app) {
  auto args = std::make_shared<RunSegmentArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run-segment", "Segment a database's images with a model (resumable; --shard I/N for clusters)");
  cmd->add_option("-d,--db", args->db, "review database (from import-images / import)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-m,--model", args->model, "weights (torch.save state_dict or TorchScript)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--model-name", args->modelName, "name of the model in the database (default: file stem)");
  cmd->add_option("--shard", args->shard, "this process's share I/N, 0 <= I < N (default 0/1: all)");
  cmd->add_option("--dataset", args->dataset, "only this dataset (default: all)");
  cmd->add_option("--batch", args->batch, "images per inference call")->check(CLI::PositiveNumber);
  cmd->add_option("--workers", args->workers, "decode/postprocess threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads, "torch intra-op threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--device", args->device, "auto, cpu or cuda");
  cmd->add_flag("--crop-borders", args->cropBorders, "crop black borders first (MIMIC, Padchest)");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress lines on stderr");
  cmd->callback([args] { runSegment(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{35, setupRunSegment};

}  // namespace

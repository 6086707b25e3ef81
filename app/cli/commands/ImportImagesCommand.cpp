// `chexreview-cli import-images`: register a folder of radiographs (DICOM, PNG, JPEG, TIFF,
// BMP; recursive) in a review database as one dataset. The work is cxr::engine::FolderImporter.
// requires: cxr_engine cxr_store cxr_image
#include "app/cli/CommandRegistry.h"

#include "core/format/NumberText.h"
#include "core/engine/FolderImporter.h"
#include "core/engine/SignalCancellation.h"
#include "core/engine/TextProgressSink.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

struct ImportImagesArgs {
  std::string db, folder, dataset;
  int workers = 0;
  bool quiet = false;
};

void runImportImages(const ImportImagesArgs& args) {
  using namespace cxr::engine;
  cxr::store::ReviewStore store(args.db);
  FolderImportOptions options;
  options.dataset = args.dataset;
  options.pipeline.workers = args.workers;
  CancellationToken cancel;
  SignalCancellation signals(cancel);
  TextProgressSink progress(stderr, "import-images", args.quiet);
  const FolderImportResult r = FolderImporter(store).importFolder(args.folder, options, progress, cancel);
  std::printf("dataset %s: %lld files, %lld images registered, %lld failed, %lld not images, %s s%s\n",
              r.dataset.c_str(), (long long)r.candidates, (long long)r.imported, (long long)r.failed,
              (long long)r.notImages, cxr::format::NumberText::fixed(r.seconds, 1).c_str(), r.cancelled ? " (cancelled)" : "");
  if (r.cancelled) throw cxr::cli::CancelledError("import cancelled; run it again to finish (it is idempotent)");
  cxr::cli::reportItemFailures(r.failed, r.imported + r.failed);
}

void setupImportImages(CLI::App& app) {
  auto args = std::make_shared<ImportImagesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import-images", "Register a folder of DICOM/PNG/JPEG/TIFF images (recursively) as a dataset");
  cmd->add_option("-d,--db", args->db, "review database (created when absent)")->required();
  cmd->add_option("FOLDER", args->folder, "folder to scan")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--dataset", args->dataset, "dataset name (default: the folder's name)");
  cmd->add_option("--workers", args->workers, "hashing/decoding threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("-q,--quiet", args->quiet, "no progress lines on stderr");
  cmd->callback([args] { runImportImages(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{25, setupImportImages};

}  // namespace

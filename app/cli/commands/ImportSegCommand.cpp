// `chexreview-cli import-seg`: DICOM Segmentation objects for images of the store become
// reader versions (masks as stored, landmarks fitted to the contours or marked mask-only).
// requires: cxr_format cxr_store cxr_image cxr_review cxr_interop
#include "app/cli/CommandRegistry.h"

#include "core/interop/SegImporter.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

struct ImportSegArgs {
  std::string db, reader;
  std::vector<std::string> files;
};

void runImportSeg(const ImportSegArgs& args) {
  cxr::store::StoreOptions open;
  open.create = false;
  cxr::store::ReviewStore store(args.db, open);
  int failed = 0;
  for (const auto& file : args.files) {
    try {
      const auto r = cxr::interop::SegImporter(store).importFile(file, args.reader);
      std::printf("%s: image %lld, version %lld (%s): %s\n", file.c_str(), (long long)r.imageId,
                  (long long)r.versionId, r.created ? "new" : "already stored", r.note.c_str());
    } catch (const std::exception& e) {
      ++failed;
      std::fprintf(stderr, "error: %s\n", e.what());
    }
  }
  if (failed > 0) throw CLI::RuntimeError(1);
}

void setupImportSeg(CLI::App& app) {
  auto args = std::make_shared<ImportSegArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import-seg", "Import DICOM SEG objects (this project's or other tools') for images of the database as "
                    "versions of a reader: masks kept, landmarks fitted to the contours or marked mask-only");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("--reader", args->reader, "reader the imported versions belong to")->required();
  cmd->add_option("files", args->files, "SEG files")->required()->check(CLI::ExistingFile);
  cmd->callback([args] { runImportSeg(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{43, setupImportSeg};

}  // namespace

// `chexreview-cli import`: stream CheXmask CSVs (model or physician files, .csv or .csv.gz)
// requires: cxr_format cxr_store
// into a review database.
#include "app/cli/CommandRegistry.h"

#include "core/format/NumberText.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace {

using namespace cxr::store;

struct ImportArgs {
  std::string db, dataset, reader, imageRoot, space = "model";
  std::vector<std::string> files;
  int batch = 1000;
  bool quiet = false;
};

void runImport(const ImportArgs& args) {
  for (const auto& f : args.files)
    if (std::filesystem::is_directory(f))
      throw cxr::cli::CommandError("'" + f + "' is a folder; this command imports CheXmask CSV files "
                                   "(import image folders with `chexreview-cli import-images`)");
  CsvImportOptions options;
  options.dataset = args.dataset;
  options.reader = args.reader;
  options.imageRoot = args.imageRoot;
  options.space = landmarkSpaceFromString(args.space);
  options.batchRows = args.batch;
  // One rule for bad input: every file is read and checked before anything is stored, so a
  // bad row anywhere in any file stores nothing (the error names the file, line and column).
  for (const auto& file : args.files) {
    CheXmaskImporter::validateFile(file, options);
  }
  ReviewStore store(args.db);
  CheXmaskImporter importer(store);
  options.validateFirst = false;
  for (const auto& file : args.files) {
    const auto start = std::chrono::steady_clock::now();
    if (!args.quiet)
      options.progress = [&file](std::int64_t rows) {
        std::fprintf(stderr, "\r%s: %lld rows", file.c_str(), (long long)rows);
      };
    const CsvImportResult r = importer.importFile(file, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!args.quiet) std::fprintf(stderr, "\n");
    std::printf("%s: %lld rows into dataset %s as %s (%s file): %lld new versions, %lld already "
                "stored, %lld images with a file, %s s\n",
                file.c_str(), (long long)r.rows, r.dataset.c_str(), r.reader.c_str(),
                r.physicianFile ? "physician" : "model", (long long)r.versionsAdded,
                (long long)r.versionsExisting, (long long)r.imagesWithFile,
                cxr::format::NumberText::fixed(seconds, 1).c_str());
    for (const auto& w : r.warnings) std::cout << "warning: " << w << "\n";
  }
}

void setupImport(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Import CheXmask CSVs (model files and physician *_<reader>_annotations.csv, "
                ".csv or .csv.gz, streamed) into a review database");
  cmd->add_option("-d,--db", args->db, "review database (created when absent)")->required();
  cmd->add_option("FILES", args->files, "CheXmask CSV files")->required()->check(CLI::ExistingPath);
  cmd->add_option("--dataset", args->dataset,
                  "dataset name (default: file stem for model files, Dataset column for physician files)");
  cmd->add_option("--reader", args->reader,
                  "reader the rows belong to (default: chexmask for model files, <reader> of the "
                  "physician file name)");
  cmd->add_option("--image-root", args->imageRoot,
                  "folder the CSV image ids are relative to; existing files are registered with "
                  "their SHA-256")->check(CLI::ExistingDirectory);
  cmd->add_option("--space", args->space, "space of landmarks and masks: model (Preprocessed "
                                          "variant, 1024) or original (OriginalResolution)")
      ->check(CLI::IsMember({"model", "original"}));
  cmd->add_option("--batch", args->batch, "rows per transaction")->check(CLI::PositiveNumber);
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  cmd->callback([args] { runImport(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{41, setupImport};

}  // namespace

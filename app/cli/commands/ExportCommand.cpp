// `chexreview-cli export`: write the current versions of a review database as a CheXmask CSV.
// requires: cxr_format cxr_store
#include "app/cli/CommandRegistry.h"

#include "core/store/CheXmaskExporter.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

using namespace cxr::store;

struct ExportArgs {
  std::string db, output, reader = "chexmask", dataset, status;
  double minRcaMean = -1, minRcaMax = -1;
  bool physician = false;
};

void runExport(const ExportArgs& args) {
  StoreOptions open;
  open.create = false;
  ReviewStore store(args.db, open);
  CsvExportOptions options;
  options.reader = args.reader;
  options.dataset = args.dataset;
  if (!args.status.empty()) options.status = reviewStatusFromString(args.status);
  if (args.minRcaMean >= 0) options.minRcaMean = args.minRcaMean;
  if (args.minRcaMax >= 0) options.minRcaMax = args.minRcaMax;
  options.physicianLayout = args.physician;
  const CsvExportResult r = CheXmaskExporter(store).exportFile(args.output, options);
  std::printf("%s: %lld rows (reader %s%s%s); %lld selected images have no current version\n",
              args.output.c_str(), (long long)r.rows, args.reader.c_str(),
              args.dataset.empty() ? "" : ", dataset ", args.dataset.c_str(),
              (long long)r.skippedNoVersion);
}

void setupExport(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write the current versions of one reader as a CheXmask CSV (.csv or .csv.gz); "
                "a model-CSV dataset is written with its original header and row order");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "output CSV (.gz: compressed)")->required();
  cmd->add_option("--reader", args->reader, "whose current versions (default chexmask)");
  cmd->add_option("--dataset", args->dataset, "only this dataset (default: all)");
  cmd->add_option("--status", args->status, "only images with this review status for the reader")
      ->check(CLI::IsMember({"pending", "accepted", "corrected", "rejected", "flagged_ood"}));
  cmd->add_option("--min-rca-mean", args->minRcaMean, "only rows with Dice RCA (Mean) >= this");
  cmd->add_option("--min-rca-max", args->minRcaMax, "only rows with Dice RCA (Max) >= this");
  cmd->add_flag("--physician-layout", args->physician,
                "physician-file columns: ImageID,Dataset,Landmarks,Right Lung,Left Lung,Heart");
  cmd->callback([args] { runExport(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{42, setupExport};

}  // namespace

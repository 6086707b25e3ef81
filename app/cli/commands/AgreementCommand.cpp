// `chexreview-cli agreement`: metrics of review-metrics.md between two readers (or a reader and
// the model, "@model") on every image both read, in the CheXmask evaluation-file layout.
// requires: cxr_format cxr_store cxr_engine
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/AgreementText.h"

#include "core/engine/SignalCancellation.h"
#include "core/store/ReaderAgreement.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

using namespace cxr::store;

struct AgreementArgs {
  std::string db, dataset, output;
  std::vector<std::string> readers;
  bool quiet = false;
};

void runAgreement(const AgreementArgs& args) {
  if (args.readers.size() != 2)
    throw cxr::cli::CommandError("--readers takes exactly two names (reader A, the reference, then reader B)");
  StoreOptions open;
  open.create = false;
  ReviewStore store(args.db, open);
  cxr::engine::CancellationToken cancel;
  cxr::engine::SignalCancellation signals(cancel);
  AgreementOptions options;
  if (!args.dataset.empty()) options.dataset = args.dataset;
  options.cancelled = [cancel] { return cancel.isCancelled(); };
  if (!args.quiet)
    options.progress = [](long long done, long long total) {
      if (done == total || done % 50 == 0) std::fprintf(stderr, "\ragreement: %lld / %lld images", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  const AgreementResult result = ReaderAgreement(store).compare(args.readers[0], args.readers[1], options);
  ReaderAgreement::writeCsv(result, args.output);
  std::printf("%s: %lld rows\n", args.output.c_str(), (long long)result.rows.size());
  cxr::cli::printAgreementSummary(result);
  if (result.cancelled) throw cxr::cli::CommandError("agreement cancelled; the CSV holds the images done so far");
}

void setupAgreement(CLI::App& app) {
  auto args = std::make_shared<AgreementArgs>();
  CLI::App* cmd = app.add_subcommand(
      "agreement", "Agreement of two readers (Dice, Hausdorff, HD95, landmark MSE per image; mean, median and "
                   "IQR per dataset) on the images both read; reader A is the reference; \"@model\" names the "
                   "model's proposal");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("--readers", args->readers, "reader A (reference) and reader B")->required()->expected(2);
  cmd->add_option("--dataset", args->dataset, "only images of this dataset");
  cmd->add_option("-o,--output", args->output, "output CSV (CheXmask evaluation layout)")->required();
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  cmd->callback([args] { runAgreement(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{46, setupAgreement};

}  // namespace

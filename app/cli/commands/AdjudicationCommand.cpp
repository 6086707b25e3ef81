// `chexreview-cli adjudication`: the images two readers disagree on (Dice below or Hausdorff
// above a threshold, per organ) become an adjudication worklist.
// requires: cxr_format cxr_store cxr_engine
#include "app/cli/CommandRegistry.h"
#include "app/cli/commands/AgreementText.h"

#include "core/engine/SignalCancellation.h"
#include "core/store/Adjudication.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

using namespace cxr::store;

struct AdjudicationArgs {
  std::string db, dataset, worklist;
  std::vector<std::string> readers, adjudicators;
  double dice = -1, diceLungs = -1, diceHeart = -1, hausdorff = -1, hausdorffLungs = -1, hausdorffHeart = -1;
};

std::optional<double> pick(double specific, double both) {
  if (specific >= 0) return specific;
  if (both >= 0) return both;
  return std::nullopt;
}

void runAdjudication(const AdjudicationArgs& args) {
  if (args.readers.size() != 2) throw cxr::cli::CommandError("--readers takes exactly two names");
  DisagreementThresholds t;
  t.diceLungs = pick(args.diceLungs, args.dice);
  t.diceHeart = pick(args.diceHeart, args.dice);
  t.hausdorffLungs = pick(args.hausdorffLungs, args.hausdorff);
  t.hausdorffHeart = pick(args.hausdorffHeart, args.hausdorff);
  if (!t.any())
    throw cxr::cli::CommandError("give at least one threshold: --dice, --dice-lungs, --dice-heart, --hausdorff, "
                                 "--hausdorff-lungs or --hausdorff-heart");
  StoreOptions open;
  open.create = false;
  ReviewStore store(args.db, open);
  cxr::engine::CancellationToken cancel;
  cxr::engine::SignalCancellation signals(cancel);
  AgreementOptions options;
  if (!args.dataset.empty()) options.dataset = args.dataset;
  options.cancelled = [cancel] { return cancel.isCancelled(); };
  const AdjudicationResult r = buildAdjudicationWorklist(store, args.worklist, args.readers[0], args.readers[1], t,
                                                         args.adjudicators, options);
  std::printf("worklist %s (%s, id %lld): %lld images compared, %lld beyond the thresholds %s, %lld added%s\n",
              args.worklist.c_str(), r.createdWorklist ? "created" : "existing", (long long)r.worklistId, r.compared,
              r.flagged, t.json().c_str(), r.added,
              args.adjudicators.empty() ? "" : ("; adjudicators assigned: " + std::to_string(args.adjudicators.size())).c_str());
  for (const std::string& s : r.skipped) std::printf("skipped: %s\n", s.c_str());
}

void setupAdjudication(CLI::App& app) {
  auto args = std::make_shared<AdjudicationArgs>();
  CLI::App* cmd = app.add_subcommand(
      "adjudication", "Put the images two readers disagree on (Dice below / Hausdorff above a threshold, per "
                      "organ) into an adjudication worklist, with the reason per image");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("--readers", args->readers, "reader A (reference) and reader B")->required()->expected(2);
  cmd->add_option("--worklist", args->worklist, "name of the adjudication worklist (created, or extended)")->required();
  cmd->add_option("--dice", args->dice, "Dice threshold for lungs and heart (flag below)");
  cmd->add_option("--dice-lungs", args->diceLungs, "Dice threshold for the lungs");
  cmd->add_option("--dice-heart", args->diceHeart, "Dice threshold for the heart");
  cmd->add_option("--hausdorff", args->hausdorff, "Hausdorff threshold in pixels for lungs and heart (flag above)");
  cmd->add_option("--hausdorff-lungs", args->hausdorffLungs, "Hausdorff threshold (px) for the lungs");
  cmd->add_option("--hausdorff-heart", args->hausdorffHeart, "Hausdorff threshold (px) for the heart");
  cmd->add_option("--dataset", args->dataset, "only images of this dataset");
  cmd->add_option("--assign", args->adjudicators, "adjudicators to assign (given the adjudicator role)");
  cmd->callback([args] { runAdjudication(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{48, setupAdjudication};

}  // namespace

// `chexreview-cli compare`: per-image metrics of two CheXmask CSVs (model vs physician, ...).
// requires: cxr_format
#include "app/cli/CommandRegistry.h"

#include "core/format/CsvComparison.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace {

using namespace cxr::format;

struct CompareArgs {
  std::string reference, candidate, output;
};

void setupCompare(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare two CheXmask CSVs image by image (Dice, Hausdorff, HD95, landmark MSE) "
                 "and write the CheXmask evaluation-file layout");
  cmd->add_option("REFERENCE", args->reference, "reference CSV (e.g. a physician file)")
      ->required()->check(CLI::ExistingFile);
  cmd->add_option("CANDIDATE", args->candidate, "candidate CSV (e.g. the model file)")
      ->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "output CSV")->required();
  cmd->callback([args] {
    const auto s = CsvComparison::compareFiles(args->reference, args->candidate, args->output);
    std::printf("%s: %lld images compared (%lld only in reference, %lld only in candidate)\n",
                args->output.c_str(), s.compared, s.onlyInReference, s.onlyInCandidate);
    const auto& m = s.mean;
    std::printf("mean Dice lungs %.4f, heart %.4f, GT %.4f; Hausdorff lungs %.2f, heart %.2f; "
                "HD95 lungs %.2f, heart %.2f; MSE %.2f\n",
                m.diceLungs, m.diceHeart, m.diceGT, m.hausdorffLungs, m.hausdorffHeart, m.hausdorff95Lungs,
                m.hausdorff95Heart, m.mse);
    for (const auto& w : s.warnings) std::cout << "warning: " << w << "\n";
  });
}

const cxr::cli::CommandRegistrar kRegistrar{20, setupCompare};

}  // namespace

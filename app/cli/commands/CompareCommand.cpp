// `chexreview-cli compare`: per-image metrics of two CheXmask CSVs (model vs physician, ...).
// requires: cxr_format
#include "app/cli/CommandRegistry.h"

#include "core/format/NumberText.h"
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
    using cxr::format::NumberText;
    std::printf("mean Dice lungs %s, heart %s, GT %s; Hausdorff lungs %s, heart %s; "
                "HD95 lungs %s, heart %s; MSE %s\n",
                NumberText::fixed(m.diceLungs, 4).c_str(), NumberText::fixed(m.diceHeart, 4).c_str(),
                NumberText::fixed(m.diceGT, 4).c_str(), NumberText::fixed(m.hausdorffLungs, 2).c_str(),
                NumberText::fixed(m.hausdorffHeart, 2).c_str(),
                NumberText::fixed(m.hausdorff95Lungs, 2).c_str(),
                NumberText::fixed(m.hausdorff95Heart, 2).c_str(), NumberText::fixed(m.mse, 2).c_str());
    for (const auto& w : s.warnings) std::cout << "warning: " << w << "\n";
  });
}

const cxr::cli::CommandRegistrar kRegistrar{20, setupCompare};

}  // namespace

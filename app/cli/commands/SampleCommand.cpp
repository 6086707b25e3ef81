// `chexreview-cli sample`: CheXmask's stratified histogram sampling into a named worklist.
// requires: cxr_format cxr_store cxr_engine
#include "app/cli/CommandRegistry.h"

#include "core/engine/StratifiedSampler.h"
#include "core/format/NumberText.h"
#include "core/store/NamedWorklistRepository.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>

namespace {

using namespace cxr::engine;

struct SampleArgs {
  std::string db, worklist;
  SampleOptions options;
  std::optional<std::uint64_t> seed;
};

void runSample(SampleArgs& args) {
  if (!std::filesystem::exists(args.db))
    throw cxr::cli::CommandError(args.db + ": no such review database");
  cxr::store::StoreOptions so;
  so.create = false;
  cxr::store::ReviewStore store(args.db, so);
  if (store.namedWorklists().findByName(args.worklist))
    throw cxr::cli::CommandError(args.db + ": a worklist named '" + args.worklist +
                                 "' already exists (choose another name)");
  if (args.seed) {
    args.options.seed = *args.seed;
  } else {
    std::random_device device;  // recorded with the worklist, so the draw can be repeated
    args.options.seed = (std::uint64_t(device()) << 32) ^ device();
  }
  const auto samples = StratifiedSampler::sample(store, args.options);
  const auto id = StratifiedSampler::saveWorklist(store, args.worklist, args.options, samples);
  std::size_t total = 0;
  for (const auto& s : samples) {
    total += s.images.size();
    std::printf("%-14s %5zu eligible (RCA Max > %s, range %s-%s): %zu drawn\n", s.dataset.c_str(),
                s.eligible, cxr::format::NumberText::shortest(args.options.threshold).c_str(),
                cxr::format::NumberText::fixed(s.lo, 4).c_str(),
                cxr::format::NumberText::fixed(s.hi, 4).c_str(), s.images.size());
  }
  std::printf("worklist '%s' (id %lld): %zu images, seed %llu\n", args.worklist.c_str(),
              (long long)id, total, (unsigned long long)args.options.seed);
}

void setupSample(CLI::App& app) {
  auto args = std::make_shared<SampleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sample", "CheXmask's stratified sampling for review, per dataset: RCA Max histogram bins "
                "above a threshold, images drawn per bin plus extra random ones, saved as a named "
                "worklist with its parameters and seed");
  cmd->add_option("-d,--db", args->db, "review database")->required();
  cmd->add_option("--threshold", args->options.threshold, "only images with Dice RCA (Max) above this")
      ->capture_default_str();
  cmd->add_option("--bins", args->options.bins, "equal-width bins over the eligible RCA Max range")
      ->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--per-bin", args->options.perBin, "images drawn from each bin")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--extra", args->options.extra, "further images drawn at random from the rest")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--seed", args->seed, "random seed (default: drawn, printed and recorded)");
  cmd->add_option("--worklist", args->worklist, "name of the new worklist")->required();
  cmd->callback([args] { runSample(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{47, setupSample};

}  // namespace

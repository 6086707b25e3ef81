// `chexreview-cli consensus`: per-landmark mean (or median) of several readers' versions,
// stored as consensus versions with all their parents.
// requires: cxr_format cxr_store cxr_engine
#include "app/cli/CommandRegistry.h"

#include "core/engine/SignalCancellation.h"
#include "core/store/ConsensusBuilder.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

using namespace cxr::store;

struct ConsensusArgs {
  std::string db, dataset, method = "mean", author = "consensus";
  std::vector<std::string> readers;
  bool quiet = false;
};

void runConsensus(const ConsensusArgs& args) {
  StoreOptions open;
  open.create = false;
  ReviewStore store(args.db, open);
  cxr::engine::CancellationToken cancel;
  cxr::engine::SignalCancellation signals(cancel);
  ConsensusOptions options;
  options.method = consensusMethodFromString(args.method);
  options.author = args.author;
  if (!args.dataset.empty()) options.dataset = args.dataset;
  options.cancelled = [cancel] { return cancel.isCancelled(); };
  if (!args.quiet)
    options.progress = [](long long done, long long total) {
      if (done == total || done % 50 == 0) std::fprintf(stderr, "\rconsensus: %lld / %lld images", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  const ConsensusResult r = ConsensusBuilder(store).build(args.readers, options);
  std::printf("consensus (%s) of %zu readers as reader '%s': %lld images read by all, %lld new consensus "
              "versions, %lld already stored, %zu skipped%s\n",
              args.method.c_str(), args.readers.size(), args.author.c_str(), r.images, r.created, r.existing,
              r.skipped.size(), r.cancelled ? " (cancelled)" : "");
  for (const std::string& s : r.skipped) std::printf("skipped: %s\n", s.c_str());
  if (r.cancelled) throw cxr::cli::CommandError("consensus cancelled; run it again to finish (it is idempotent)");
}

void setupConsensus(CLI::App& app) {
  auto args = std::make_shared<ConsensusArgs>();
  CLI::App* cmd = app.add_subcommand(
      "consensus", "Store the per-landmark mean (or median) of several readers' versions as consensus versions "
                   "(parents recorded; rerunning adds nothing)");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("--readers", args->readers, "two or more readers")->required()->expected(2, 1000);
  cmd->add_option("--method", args->method, "mean (default) or median")->check(CLI::IsMember({"mean", "median"}));
  cmd->add_option("--dataset", args->dataset, "only images of this dataset");
  cmd->add_option("--author", args->author, "reader record that owns the consensus versions (default consensus)");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  cmd->callback([args] { runConsensus(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{47, setupConsensus};

}  // namespace

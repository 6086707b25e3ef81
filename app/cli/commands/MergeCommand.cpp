// `chexreview-cli merge`: fold shard databases (e.g. from a Slurm array job) into one.
// Idempotent: images match by natural key and versions by content, so merging twice adds nothing.
// requires: cxr_store
#include "app/cli/CommandRegistry.h"

#include "core/store/ReviewStore.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace {

struct MergeArgs {
  std::string db;
  std::vector<std::string> shards;
};

// Merges into `path` (an existing target, or the temporary file of a new one).
void mergeInto(const std::string& path, const MergeArgs& args) {
  cxr::store::ReviewStore target(path);
  for (const std::string& shard : args.shards) {
    const cxr::store::MergeStats s = target.mergeFrom(shard);
    std::printf("%s: images %lld added / %lld existing, versions %lld added / %lld existing, "
                "reviews %lld, RCA %lld, comparisons %lld, errors %lld, audit %lld added\n",
                shard.c_str(), (long long)s.imagesAdded, (long long)s.imagesExisting, (long long)s.versionsAdded,
                (long long)s.versionsExisting, (long long)s.reviewsAdded, (long long)s.rcaResultsAdded,
                (long long)s.comparisonsAdded, (long long)s.imageErrorsAdded, (long long)s.auditEntriesAdded);
  }
  const std::vector<std::string> problems = target.integrityCheck();
  if (!problems.empty()) throw cxr::cli::CommandError(args.db + ": integrity check failed after merge: " + problems[0]);
  std::printf("%s: merged %zu databases, integrity ok\n", args.db.c_str(), args.shards.size());
}

void runMerge(const MergeArgs& args) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& shard : args.shards)
    if (fs::exists(args.db, ec) && fs::equivalent(shard, args.db, ec))
      throw cxr::cli::CommandError("merge: '" + shard + "' is the target database itself");
  if (fs::exists(args.db, ec)) {
    // Each shard is merged in its own transaction: a bad shard adds nothing, earlier ones stay.
    mergeInto(args.db, args);
    return;
  }
  // A new target is built under a temporary name and renamed when every shard merged and the
  // integrity check passed: a failure leaves no (empty or partial) database behind.
  const std::string temporary = args.db + ".partial-" + std::to_string(::getpid());
  const auto removeTemporary = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(temporary + suffix, ec);
  };
  try {
    mergeInto(temporary, args);
  } catch (...) {
    removeTemporary();
    throw;
  }
  fs::rename(temporary, args.db);
  removeTemporary();
}

void setupMerge(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "Combine shard databases into one (idempotent)");
  cmd->add_option("-d,--db", args->db, "target database (created when absent)")->required();
  cmd->add_option("SHARDS", args->shards, "databases to merge into the target")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->callback([args] { runMerge(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{45, setupMerge};

}  // namespace

// `chexreview-cli readers`: list the readers of a review database with their kind and role, or
// set a role (reader / adjudicator).
// requires: cxr_format cxr_store
#include "app/cli/CommandRegistry.h"

#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"

#include <cstdio>
#include <memory>

namespace {

using namespace cxr::store;

struct ReadersArgs {
  std::string db;
  std::vector<std::string> setRole;
};

void runReaders(const ReadersArgs& args) {
  StoreOptions open;
  open.create = false;
  ReviewStore store(args.db, open);
  ReaderAssignmentRepository repo(store.connection());
  if (!args.setRole.empty()) {
    const ReaderRole role = readerRoleFromString(args.setRole[1]);
    repo.ensureReader(args.setRole[0], role);
    std::printf("%s is now %s\n", args.setRole[0].c_str(), toString(role).c_str());
  }
  for (const ReaderRecord& r : repo.readers())
    std::printf("%-24s %-6s %s\n", r.name.c_str(), toString(r.kind).c_str(), toString(r.role).c_str());
}

void setupReaders(CLI::App& app) {
  auto args = std::make_shared<ReadersArgs>();
  CLI::App* cmd = app.add_subcommand("readers", "List the readers (name, kind, role) or set a reader's role");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("--set-role", args->setRole, "NAME ROLE: give a reader (created when absent) the role reader or "
                                               "adjudicator")->expected(2);
  cmd->callback([args] { runReaders(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{43, setupReaders};

}  // namespace

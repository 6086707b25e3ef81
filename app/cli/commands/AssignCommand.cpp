// `chexreview-cli assign`: assign a named worklist to readers with a target number of
// independent reads per image and the blind flags; prints who still has to read what.
// requires: cxr_format cxr_store
#include "app/cli/CommandRegistry.h"

#include "core/store/ReaderAgreement.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Transaction.h"

#include <cstdio>
#include <map>
#include <memory>

namespace {

using namespace cxr::store;

struct AssignArgs {
  std::string db, worklist, fromDataset;
  std::vector<std::string> readers;
  int targetReads = 0;
  bool blind = false, notBlind = false, hideModel = false, showModel = false;
};

std::string jsonEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

void runAssign(const AssignArgs& args) {
  StoreOptions open;
  open.create = false;
  ReviewStore store(args.db, open);
  ReaderAssignmentRepository repo(store.connection());
  Transaction transaction(store);
  std::optional<AssignedWorklist> list = repo.worklist(args.worklist);
  if (!list) {
    if (args.fromDataset.empty())
      throw cxr::cli::CommandError("no worklist named '" + args.worklist + "' in " + args.db +
                                   " (create one with --from-dataset NAME, or with `sample`)");
    AssignedWorklist spec;
    spec.name = args.worklist;
    spec.kind = "manual";
    repo.createWorklist(spec, ReaderAgreement(store).datasetImages(args.fromDataset), {},
                        "{\"dataset\":\"" + jsonEscaped(args.fromDataset) + "\"}");
    list = repo.worklist(args.worklist);
  }
  const int target = args.targetReads > 0 ? args.targetReads : list->targetReads;
  const bool blind = args.blind ? true : args.notBlind ? false : list->blind;
  const bool hideModel = args.hideModel ? true : args.showModel ? false : list->hideModel;
  if (target != list->targetReads || blind != list->blind || hideModel != list->hideModel)
    repo.configure(list->id, target, blind, hideModel);
  if (!args.readers.empty()) repo.assign(list->id, args.readers);
  transaction.commit();

  const std::vector<std::string> assigned = repo.assignedReaders(list->id);
  const std::vector<ImageReads> progress = repo.progress(list->id);
  long long complete = 0;
  std::map<std::string, long long> left;
  for (const ImageReads& p : progress) {
    if (p.finishedReads >= target) ++complete;
    for (const std::string& r : p.stillToRead) ++left[r];
  }
  std::printf("worklist %s: %zu images, %d read%s per image, %s%s; %lld images fully read\n", args.worklist.c_str(),
              progress.size(), target, target == 1 ? "" : "s", blind ? "blind" : "not blind",
              hideModel ? ", model hidden" : "", complete);
  for (const std::string& r : assigned) std::printf("  %-24s %lld images still to read\n", r.c_str(), left[r]);
}

void setupAssign(CLI::App& app) {
  auto args = std::make_shared<AssignArgs>();
  CLI::App* cmd = app.add_subcommand(
      "assign", "Assign a named worklist to readers with a target number of independent reads per image and "
                "blind review; prints who still has to read what");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("--worklist", args->worklist, "worklist name")->required();
  cmd->add_option("--readers", args->readers, "readers to assign (created when absent)");
  cmd->add_option("--target-reads", args->targetReads, "independent reads wanted per image")->check(CLI::PositiveNumber);
  cmd->add_option("--from-dataset", args->fromDataset, "create the worklist (kind manual) from a dataset's images");
  auto* b = cmd->add_flag("--blind", args->blind, "readers do not see each other's versions until they finish an image");
  cmd->add_flag("--not-blind", args->notBlind, "turn blind review off")->excludes(b);
  auto* h = cmd->add_flag("--hide-model", args->hideModel, "hide the model's proposal as well");
  cmd->add_flag("--show-model", args->showModel, "show the model's proposal again")->excludes(h);
  cmd->callback([args] { runAssign(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{44, setupAssign};

}  // namespace

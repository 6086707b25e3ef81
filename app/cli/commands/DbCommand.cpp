// `chexreview-cli db init|status|integrity|models`: create and inspect a review database.
// requires: cxr_format cxr_store
#include "app/cli/CommandRegistry.h"

#include "core/store/DatasetRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/SchemaMigrator.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace {

using namespace cxr::store;

void printStatus(ReviewStore& store) {
  const StoreStatus s = store.status();
  std::printf("%s: schema version %d (this program: %d)\n", store.path().c_str(), s.schemaVersion,
              kCurrentSchemaVersion);
  std::printf("patients %lld, studies %lld, series %lld, images %lld\n", (long long)s.patients,
              (long long)s.studies, (long long)s.series, (long long)s.images);
  std::printf("datasets %lld, models %lld, readers %lld\n", (long long)s.datasets,
              (long long)s.models, (long long)s.readers);
  std::printf("versions %lld, reviews %lld, RCA results %lld, comparisons %lld\n",
              (long long)s.versions, (long long)s.reviews, (long long)s.rcaResults,
              (long long)s.comparisons);
  std::printf("image errors %lld, audit entries %lld\n", (long long)s.imageErrors,
              (long long)s.auditEntries);
  for (const auto& ds : store.datasets().list())
    std::printf("dataset %s (%s): %lld images\n", ds.info.name.c_str(), ds.info.kind.c_str(),
                (long long)store.datasets().imageCount(ds.id));
  for (const auto& name : store.readers().names()) std::printf("reader %s\n", name.c_str());
}

void printModels(ReviewStore& store) {
  const std::vector<ModelRecord> models = store.models().list();
  if (models.empty()) std::printf("%s: no model\n", store.path().c_str());
  for (const ModelRecord& m : models) {
    std::printf("model %lld %s (input %d, SHA-256 %s", (long long)m.id, m.info.name.c_str(), m.info.inputSize,
                m.info.fileSha256.empty() ? "unknown" : m.info.fileSha256.substr(0, 12).c_str());
    if (m.lineage.parentId) {
      const auto parent = store.models().find(*m.lineage.parentId);
      std::printf(", parent %lld %s", (long long)*m.lineage.parentId, parent ? parent->info.name.c_str() : "?");
    }
    std::printf(")\n");
    if (!m.lineage.filePath.empty()) std::printf("  file %s\n", m.lineage.filePath.c_str());
    if (m.lineage.trainingJson != "{}") std::printf("  training %s\n", m.lineage.trainingJson.c_str());
    if (m.lineage.metricsJson != "{}") std::printf("  metrics %s\n", m.lineage.metricsJson.c_str());
  }
}

void setupDb(CLI::App& app) {
  CLI::App* db = app.add_subcommand("db", "Create and inspect a review database (SQLite)");
  db->require_subcommand(1);
  auto path = std::make_shared<std::string>();

  CLI::App* init = db->add_subcommand("init", "Create a new, empty review database (mode 0600)");
  init->add_option("DB", *path, "database file to create")->required();
  init->callback([path] {
    if (std::filesystem::exists(*path))
      throw cxr::cli::CommandError("'" + *path + "' already exists; use `db status` to inspect it");
    ReviewStore store(*path);
    std::printf("%s: created, schema version %d\n", path->c_str(), store.schemaVersion());
  });

  CLI::App* status = db->add_subcommand("status", "Row counts, datasets and readers of a database");
  status->add_option("DB", *path, "database file")->required();
  status->callback([path] {
    StoreOptions options;
    options.create = false;
    ReviewStore store(*path, options);
    printStatus(store);
  });

  CLI::App* models = db->add_subcommand(
      "models", "Models of a database with their lineage (parent, weights file, training data, held-out figures)");
  models->add_option("DB", *path, "database file")->required();
  models->callback([path] {
    StoreOptions options;
    options.create = false;
    ReviewStore store(*path, options);
    printModels(store);
  });

  CLI::App* integrity = db->add_subcommand(
      "integrity", "Run SQLite's integrity and foreign-key checks; exit 1 when a problem is found");
  integrity->add_option("DB", *path, "database file")->required();
  integrity->callback([path] {
    StoreOptions options;
    options.create = false;
    options.checkIntegrity = false;  // report every problem here instead of failing on the first
    options.migrate = false;
    ReviewStore store(*path, options);
    const auto problems = store.integrityCheck();
    for (const auto& p : problems) std::printf("problem: %s\n", p.c_str());
    if (!problems.empty())
      throw cxr::cli::CommandError("'" + *path + "' failed the integrity check (" +
                                   std::to_string(problems.size()) + " problems)");
    std::printf("%s: integrity ok\n", path->c_str());
  });
}

const cxr::cli::CommandRegistrar kRegistrar{40, setupDb};

}  // namespace

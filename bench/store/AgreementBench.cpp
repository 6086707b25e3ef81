// Multi-reader analyses on the two physicians' real corrections (../shared/data/chexmask: 156
// images, three datasets): agreement of two readers (first run computes and stores the 156
// comparisons; a rerun reads them back), consensus (first run stores 156 versions; a rerun
// finds them) and an adjudication worklist. Each figure is the median of `repeats` fresh
// databases. Prints a table; usage: bench_store_agreement [repeats=5]
#include "core/store/Adjudication.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ConsensusBuilder.h"
#include "core/store/ReaderAgreement.h"
#include "core/store/ReviewStore.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace cxr::store;

namespace {

double seconds(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const fs::path data = fs::path(CXR_SHARED_DATA_DIR) / "chexmask";
  const std::vector<std::string> datasets{"CheXpert", "ChestX-Ray8", "VinDr-CXR"};
  for (const auto& ds : datasets)
    if (!fs::exists(data / (ds + "_julia_annotations.csv"))) {
      std::printf("SKIPPED: %s not found\n", (data / (ds + "_julia_annotations.csv")).c_str());
      return 0;
    }
  const fs::path dir = fs::temp_directory_path() / ("cxr-agreement-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::map<std::string, std::vector<double>> times;
  long long images = 0;
  for (int r = 0; r < repeats; ++r) {
    const std::string db = (dir / ("r" + std::to_string(r) + ".db")).string();
    ReviewStore store(db);
    CheXmaskImporter importer(store);
    for (const auto& ds : datasets) {
      importer.importFile((data / (ds + ".csv")).string());
      importer.importFile((data / (ds + "_julia_annotations.csv")).string());
      importer.importFile((data / (ds + "_martina_annotations.csv")).string());
    }
    ReaderAgreement agreement(store);
    times["agreement julia vs martina, first run (computes, stores)"].push_back(
        seconds([&] { images = static_cast<long long>(agreement.compare("julia", "martina").rows.size()); }));
    times["agreement julia vs martina, rerun (stored comparisons)"].push_back(
        seconds([&] { agreement.compare("julia", "martina"); }));
    ConsensusBuilder consensus(store);
    times["consensus (mean) of julia and martina, first run"].push_back(
        seconds([&] { consensus.build({"julia", "martina"}); }));
    times["consensus rerun (nothing new)"].push_back(seconds([&] { consensus.build({"julia", "martina"}); }));
    DisagreementThresholds t;
    t.diceHeart = 0.9;
    times["adjudication worklist (Dice heart < 0.9)"].push_back(seconds(
        [&] { buildAdjudicationWorklist(store, "adj", "julia", "martina", t, {"judge"}); }));
  }
  fs::remove_all(dir);
  std::printf("%lld images both read; median of %d fresh databases\n", images, repeats);
  std::printf("| step | total | per image |\n|---|---:|---:|\n");
  for (auto& [name, values] : times) {
    std::sort(values.begin(), values.end());
    const double median = values[values.size() / 2];
    std::printf("| %s | %.0f ms | %.2f ms |\n", name.c_str(), median * 1e3, median * 1e3 / double(images));
  }
  return 0;
}

// Worklist queries on a generated 1,000,000-image review database (tests/store/WorklistFixture):
// count, first page, a deep page (OFFSET 900,000 and keyset) and rowOf for the default (image
// id), the Dice RCA (Mean, descending) and the reader status (descending) sort, with no filter
// and with a reader status filter (julia's Pending images). The database is
// generated once into $CXR_WORKLIST_DB (default /tmp/cxr-worklist-bench.db) and reused while
// it holds the requested number of images ($CXR_WORKLIST_IMAGES, default 1,000,000).
#include "core/store/ReviewStore.h"
#include "core/store/WorklistRepository.h"
#include "tests/store/WorklistFixture.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace fs = std::filesystem;
using namespace cxr::store;

namespace {

constexpr int kPageSize = 100;
std::unique_ptr<ReviewStore> g_store;
std::int64_t g_images = 1000000;

std::string envOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

void openDatabase() {
  g_images = std::stoll(envOr("CXR_WORKLIST_IMAGES", "1000000"));
  const std::string path = envOr("CXR_WORKLIST_DB", "/tmp/cxr-worklist-bench.db");
  bool reuse = fs::exists(path);
  if (reuse) {
    ReviewStore existing(path);
    reuse = existing.status().images == g_images;
  }
  if (!reuse) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    const auto t0 = std::chrono::steady_clock::now();
    test::WorklistFixture::generate(path, g_images);
    std::printf("generated %lld images in %.1f s: %s\n", static_cast<long long>(g_images),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                path.c_str());
  }
  const auto t0 = std::chrono::steady_clock::now();
  g_store = std::make_unique<ReviewStore>(path);
  std::printf("opened in %.1f ms\n",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

WorklistFilter filterOf(bool pending) {
  WorklistFilter f;
  f.reader = "julia";
  if (pending) f.statuses = {ReviewStatus::Pending};
  return f;
}

enum class Sort { ImageId, RcaDesc, StatusDesc };

WorklistSort sortOf(Sort sort) {
  switch (sort) {
    case Sort::RcaDesc: return {WorklistColumn::RcaMean, true};
    case Sort::StatusDesc: return {WorklistColumn::Status, true};
    default: return {};
  }
}

void BM_Count(benchmark::State& state, bool pending) {
  const auto filter = filterOf(pending);
  std::int64_t n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(n = g_store->worklist().count(filter));
  state.counters["rows"] = static_cast<double>(n);
}

void BM_Page(benchmark::State& state, Sort rca, bool pending, std::int64_t offset) {
  const auto filter = filterOf(pending);
  const auto sort = sortOf(rca);
  for (auto _ : state) {
    auto rows = g_store->worklist().page(filter, sort, offset, kPageSize);
    if (rows.size() != kPageSize) state.SkipWithError("short page");
    benchmark::DoNotOptimize(rows);
  }
}

void BM_Keyset(benchmark::State& state, Sort rca, bool pending, std::int64_t position) {
  const auto filter = filterOf(pending);
  const auto sort = sortOf(rca);
  const auto anchor = g_store->worklist().page(filter, sort, position - 1, 1);
  if (anchor.empty()) {
    state.SkipWithError("no anchor row");
    return;
  }
  for (auto _ : state) {
    auto rows = g_store->worklist().pageAfter(filter, sort, anchor.front().imageId, kPageSize);
    if (rows.size() != kPageSize) state.SkipWithError("short page");
    benchmark::DoNotOptimize(rows);
  }
}

void BM_RowOf(benchmark::State& state, Sort rca, bool pending, std::int64_t position) {
  const auto filter = filterOf(pending);
  const auto sort = sortOf(rca);
  const auto target = g_store->worklist().page(filter, sort, position, 1);
  for (auto _ : state) benchmark::DoNotOptimize(g_store->worklist().rowOf(filter, sort, target.front().imageId));
}

void registerAll() {
  const std::int64_t deep = g_images * 9 / 10;
  benchmark::RegisterBenchmark("Count/all", BM_Count, false)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Count/pending", BM_Count, true)->Unit(benchmark::kMillisecond);
  for (const Sort rca : {Sort::ImageId, Sort::RcaDesc, Sort::StatusDesc}) {
    for (const bool pending : {false, true}) {
      const std::string tag = std::string(rca == Sort::ImageId ? "imageId"
                                          : rca == Sort::RcaDesc ? "rcaDesc" : "statusDesc") +
                              (pending ? "/pending" : "/all");
      benchmark::RegisterBenchmark(("FirstPage/" + tag).c_str(), BM_Page, rca, pending, std::int64_t{0})
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("OffsetPage900k/" + tag).c_str(), BM_Page, rca, pending, deep)
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("KeysetPage900k/" + tag).c_str(), BM_Keyset, rca, pending, deep)
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("RowOf900k/" + tag).c_str(), BM_RowOf, rca, pending, deep)
          ->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  openDatabase();
  registerAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_store.reset();
  return 0;
}

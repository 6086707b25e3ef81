// Throughput of the CheXmask format core: RLE decode/encode, rasterisation, CSV parsing,
// comparison metrics. Uses the real released rows when ../shared/data is present.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "tests/common/EllipseLandmarks.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace cxr::format;

namespace {

// A released row when available, otherwise ellipse rings rasterised as released.
const CheXmaskRow& sampleRow() {
  static const CheXmaskRow row = [] {
    const std::string path = std::string(CXR_SHARED_DATA_DIR) + "/chexmask/ChestX-Ray8.csv";
    CheXmaskRow r;
    if (std::filesystem::exists(path)) {
      CheXmaskCsvReader reader(path);
      reader.next(r);
      return r;
    }
    r.landmarks = cxr::test::ellipseLandmarks();
    for (Organ o : kOrgans) r.rle(o) = Rle::encode(Rasterizer::organMask(r.landmarks, o, 1024, 1024));
    return r;
  }();
  return row;
}

// A CSV of `rows` copies of the sample row, written once per size.
std::string makeCsv(int rows) {
  const std::string path = (std::filesystem::temp_directory_path() / ("cxr-bench-" + std::to_string(rows) + ".csv")).string();
  if (!std::filesystem::exists(path)) {
    CheXmaskCsvWriter w(path, CheXmaskCsvWriter::modelHeader("Image Index"));
    CheXmaskRow r = sampleRow();
    r.rcaMean = 0.85;
    r.rcaMax = 0.9;
    for (int i = 0; i < rows; ++i) {
      r.imageId = std::to_string(i) + ".png";
      w.write(r);
    }
    w.close();
  }
  return path;
}

void BM_RleDecode(benchmark::State& state) {
  const std::string& rle = sampleRow().rleLeftLung;
  for (auto _ : state) benchmark::DoNotOptimize(Rle::decode(rle, 1024, 1024));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(rle.size()));
}

void BM_RleEncode(benchmark::State& state) {
  const Mask m = Rle::decode(sampleRow().rleLeftLung, 1024, 1024);
  for (auto _ : state) benchmark::DoNotOptimize(Rle::encode(m));
  state.SetItemsProcessed(state.iterations());
}

void BM_RleValidate(benchmark::State& state) {
  const std::string& rle = sampleRow().rleLeftLung;
  for (auto _ : state) benchmark::DoNotOptimize(Rle::validate(rle, 1024, 1024));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(rle.size()));
}

void BM_RasterizeOrgan(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Rasterizer::organMask(sampleRow().landmarks, Organ::LeftLung, 1024, 1024));
  state.SetItemsProcessed(state.iterations());
}

void BM_CsvParse(benchmark::State& state) {
  const std::string path = makeCsv(int(state.range(0)));
  const auto bytes = std::filesystem::file_size(path);
  for (auto _ : state) {
    CheXmaskCsvReader reader(path);
    CheXmaskRow row;
    long long n = 0;
    while (reader.next(row)) ++n;
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

void BM_CompareImage(benchmark::State& state) {
  const CheXmaskRow& r = sampleRow();
  const Mask rl = r.mask(Organ::RightLung), ll = r.mask(Organ::LeftLung), h = r.mask(Organ::Heart);
  LandmarkSet moved = r.landmarks;
  for (int i = 0; i < 120; ++i) moved[i].x += 3;
  const Mask rl2 = Rasterizer::organMask(moved, Organ::RightLung, 1024, 1024),
             ll2 = Rasterizer::organMask(moved, Organ::LeftLung, 1024, 1024),
             h2 = Rasterizer::organMask(moved, Organ::Heart, 1024, 1024);
  for (auto _ : state) benchmark::DoNotOptimize(ComparisonMetrics::compare(rl, ll, h, r.landmarks, rl2, ll2, h2, moved));
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_RleDecode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RleEncode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RleValidate)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RasterizeOrgan)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CsvParse)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompareImage)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();

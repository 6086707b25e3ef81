// Load + CheXmask preprocessing (to 1024) of the file kinds the review tool meets, and the
// synthetic generator. Shared files are skipped with a message when absent.
//   bench_image [--benchmark_filter=...]
#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "core/image/Preprocessor.h"
#include "core/image/SyntheticRadiograph.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

namespace {

using namespace cxr::image;
namespace fs = std::filesystem;

std::string shared(const std::string& relative) {
  return (fs::path(CXR_SHARED_DATA_DIR) / relative).string();
}

/// A 3000 x 3000 16-bit DICOM (synthetic chest scaled to 16 bits), written once per encoding.
std::string bigDicom(DicomEncoding encoding) {
  const std::string path = (fs::temp_directory_path() /
                            ("cxr_bench_3000_" + std::to_string(int(encoding)) + ".dcm")).string();
  if (fs::exists(path)) return path;
  SyntheticOptions o;
  o.width = o.height = 3000;
  const SyntheticCase s = SyntheticRadiograph::generate(1, o);
  std::vector<int32_t> stored(s.values12.size());
  for (size_t i = 0; i < stored.size(); ++i) stored[i] = int32_t(s.values12[i]) * 16 + int32_t(i % 16);
  DicomWriteOptions w;
  w.encoding = encoding;
  w.windows = {{32768.0, 60000.0}};
  ImageWriter::writeDicom(path, stored, 3000, 3000, w);
  return path;
}

void loadAndPreprocess(benchmark::State& state, const std::string& path) {
  if (!fs::exists(path)) {
    state.SkipWithError(("missing " + path).c_str());
    return;
  }
  for (auto _ : state) {
    const LoadedImage img = ImageLoader::load(path);
    PreprocessedImage model = Preprocessor::toModelSpace(img.grey8.data(), img.height, img.width, 1024, false);
    benchmark::DoNotOptimize(model.pixels.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Png1024Rgb_LoadPreprocess(benchmark::State& state) {
  loadAndPreprocess(state, shared("images/nih/00001437_024.png"));
}
void BM_Jpeg786x899_LoadPreprocess(benchmark::State& state) {
  loadAndPreprocess(state, shared("images/wikimedia_cc0_pa_chest.jpg"));
}
void BM_DicomJpegBaseline1024_LoadPreprocess(benchmark::State& state) {
  loadAndPreprocess(state, shared("dicom/siim_cr_jpeg_baseline.dcm"));
}
void BM_DicomImplicit1024_LoadPreprocess(benchmark::State& state) {
  loadAndPreprocess(state, shared("dicom/nih_00000002_000_dx.dcm"));
}
void BM_Dicom3000x3000x16_LoadPreprocess(benchmark::State& state) {
  loadAndPreprocess(state, bigDicom(DicomEncoding::ExplicitLittle));
}
void BM_Dicom3000x3000x16JpegLs_LoadPreprocess(benchmark::State& state) {
  loadAndPreprocess(state, bigDicom(DicomEncoding::JpegLsLossless));
}

void BM_Preprocess3000To1024(benchmark::State& state) {
  std::vector<uint8_t> grey(3000u * 3000u);
  for (size_t i = 0; i < grey.size(); ++i) grey[i] = uint8_t((i * 31) >> 8);
  for (auto _ : state) {
    PreprocessedImage model = Preprocessor::toModelSpace(grey.data(), 3000, 3000, 1024, bool(state.range(0)));
    benchmark::DoNotOptimize(model.pixels.data());
  }
}

void BM_SyntheticGenerate(benchmark::State& state) {
  SyntheticOptions o;
  o.width = o.height = int(state.range(0));
  uint64_t seed = 1;
  for (auto _ : state) {
    SyntheticCase s = SyntheticRadiograph::generate(seed++, o);
    benchmark::DoNotOptimize(s.grey8.data());
  }
}

BENCHMARK(BM_Png1024Rgb_LoadPreprocess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jpeg786x899_LoadPreprocess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DicomJpegBaseline1024_LoadPreprocess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DicomImplicit1024_LoadPreprocess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dicom3000x3000x16_LoadPreprocess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dicom3000x3000x16JpegLs_LoadPreprocess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Preprocess3000To1024)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SyntheticGenerate)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

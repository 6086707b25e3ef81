// cxr_model_bench: images/s of InferenceSession at input 256/512/1024, batch 1 and 8, next to
// the same architecture in PyTorch eager (hybridgnet_eager.py) on the same weights and thread
// count, in one run. Usage:
//   cxr_model_bench [--threads 2] [--device cpu|cuda] [--sizes 256,512,1024] [--batches 1,8]
//                   [--images N] [--python bench/model/hybridgnet_eager.py] [--weights-dir DIR]
#include "core/model/InferenceSession.h"
#include "core/model/WeightsFile.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Args {
  int threads = 2, images = 8, fused = -1, channelsLast = -1;
  std::string device = "cpu", python, weightsDir;
  std::vector<int> sizes{256, 512, 1024}, batches{1, 8};
};

std::vector<int> intList(const std::string& text) {
  std::vector<int> out;
  std::stringstream s(text);
  for (std::string item; std::getline(s, item, ',');) out.push_back(std::stoi(item));
  return out;
}

Args parse(int argc, char** argv) {
  Args a;
  a.weightsDir = (std::filesystem::temp_directory_path() / "cxr-model-bench").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--images") a.images = std::stoi(v);
    else if (k == "--fused") a.fused = std::stoi(v);
    else if (k == "--channels-last") a.channelsLast = std::stoi(v);
    else if (k == "--device") a.device = v;
    else if (k == "--python") a.python = v;
    else if (k == "--weights-dir") a.weightsDir = v;
    else if (k == "--sizes") a.sizes = intList(v);
    else if (k == "--batches") a.batches = intList(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  return a;
}

struct Timing {
  double imagesPerS = -1;  ///< wall clock
  double cpuMs = -1;       ///< process CPU time (all threads) per image
};

// Process CPU time in seconds (every thread): on a shared machine the honest cost per image.
double cpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

Timing benchCpp(const std::string& weights, const Args& a, int batch, bool invariant, int fused) {
  cxr::model::SessionOptions o;
  o.device = cxr::model::parseDevice(a.device);
  o.threads = a.threads;
  o.batchSize = batch;
  o.batchInvariant = invariant;
  o.fusedBlocks = fused;
  o.channelsLast = a.channelsLast;
  cxr::model::InferenceSession session = cxr::model::InferenceSession::open(weights, o);  // warms up
  const size_t side = size_t(session.inputSize());
  std::mt19937 rng(1);
  std::vector<std::vector<uint8_t>> pixels(size_t(batch), std::vector<uint8_t>(side * side));
  for (auto& p : pixels) for (auto& v : p) v = static_cast<uint8_t>(rng() & 0xff);
  std::vector<const uint8_t*> ptrs;
  const int runs = std::max(1, (a.images + batch - 1) / batch);
  for (int r = 0; r < runs; ++r) for (auto& p : pixels) ptrs.push_back(p.data());
  const double n = static_cast<double>(ptrs.size());
  const double cpu0 = cpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  session.run(ptrs);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {n / wall, (cpuSeconds() - cpu0) * 1000.0 / n};
}

// Runs the eager script; negative values when it cannot run.
Timing benchPython(const std::string& weights, const Args& a, int size, int batch) {
  if (a.python.empty()) return {};
  const std::string cmd = "/usr/bin/python3 '" + a.python + "' --weights '" + weights +
                          "' --size " + std::to_string(size) + " --batch " + std::to_string(batch) +
                          " --images " + std::to_string(a.images) + " --threads " +
                          std::to_string(a.threads) + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return {};
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  pclose(pipe);
  Timing t;
  const auto at = out.find("\"images_per_s\": ");
  if (at != std::string::npos) t.imagesPerS = std::atof(out.c_str() + at + 16);
  const auto cpu = out.find("\"cpu_ms_per_image\": ");
  if (cpu != std::string::npos) t.cpuMs = std::atof(out.c_str() + cpu + 20);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    std::filesystem::create_directories(a.weightsDir);
    std::printf("HybridGNet inference, device %s, %d threads, %d images per row\n", a.device.c_str(),
                a.threads, a.images);
    std::printf("Default session = fused CPU kernel for the first encoder blocks (SessionOptions::fusedBlocks);\n"
                "LibTorch only = fusedBlocks 0. images/s is wall clock; CPU ms is process CPU time per image.\n\n");
    std::printf("| input | batch | C++ default images/s | C++ default CPU ms/image | C++ LibTorch-only images/s | C++ LibTorch-only CPU ms/image | PyTorch eager images/s | eager CPU ms/image | default / eager (images/s) | eager / default (CPU ms) |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int size : a.sizes) {
      cxr::model::ModelConfig config;
      config.inputSize = size;
      const std::string weights = a.weightsDir + "/hybridgnet_" + std::to_string(size) + ".pt";
      if (!std::filesystem::exists(weights)) cxr::model::WeightsFile::initialise(weights, config, 7);
      for (int batch : a.batches) {
        // Batch > 1: one pass per batch where that is faster (the CPU's batch-invariant
        // default runs images one at a time inside a batch), as in the earlier table.
        const bool invariant = batch == 1;
        const Timing fast = benchCpp(weights, a, batch, invariant, a.fused);
        const Timing plain = benchCpp(weights, a, batch, invariant, 0);
        const Timing eager = benchPython(weights, a, size, batch);
        auto num = [](double v) {
          char b[32];
          if (v > 0) std::snprintf(b, sizeof b, "%.2f", v);
          else std::snprintf(b, sizeof b, "n/a");
          return std::string(b);
        };
        std::printf("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", size, batch,
                    num(fast.imagesPerS).c_str(), num(fast.cpuMs).c_str(), num(plain.imagesPerS).c_str(),
                    num(plain.cpuMs).c_str(), num(eager.imagesPerS).c_str(), num(eager.cpuMs).c_str(),
                    num(eager.imagesPerS > 0 ? fast.imagesPerS / eager.imagesPerS : -1).c_str(),
                    num(eager.cpuMs > 0 ? eager.cpuMs / fast.cpuMs : -1).c_str());
        std::fflush(stdout);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cxr_model_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}

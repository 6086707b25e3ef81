// cxr_model_bench: images/s of InferenceSession at input 256/512/1024, batch 1 and 8, next to
// the same architecture in PyTorch eager (hybridgnet_eager.py) on the same weights and thread
// count, in one run. Usage:
//   cxr_model_bench [--threads 2] [--device cpu|cuda] [--sizes 256,512,1024] [--batches 1,8]
//                   [--images N] [--python bench/model/hybridgnet_eager.py] [--weights-dir DIR]
#include "core/model/InferenceSession.h"
#include "core/model/WeightsFile.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Args {
  int threads = 2, images = 8;
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
    else if (k == "--device") a.device = v;
    else if (k == "--python") a.python = v;
    else if (k == "--weights-dir") a.weightsDir = v;
    else if (k == "--sizes") a.sizes = intList(v);
    else if (k == "--batches") a.batches = intList(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  return a;
}

double benchCpp(const std::string& weights, const Args& a, int batch, bool invariant, int& images) {
  cxr::model::SessionOptions o;
  o.device = cxr::model::parseDevice(a.device);
  o.threads = a.threads;
  o.batchSize = batch;
  o.batchInvariant = invariant;
  cxr::model::InferenceSession session = cxr::model::InferenceSession::open(weights, o);  // warms up
  const size_t side = size_t(session.inputSize());
  std::mt19937 rng(1);
  std::vector<std::vector<uint8_t>> pixels(size_t(batch), std::vector<uint8_t>(side * side));
  for (auto& p : pixels) for (auto& v : p) v = static_cast<uint8_t>(rng() & 0xff);
  std::vector<const uint8_t*> ptrs;
  const int runs = std::max(1, (a.images + batch - 1) / batch);
  for (int r = 0; r < runs; ++r) for (auto& p : pixels) ptrs.push_back(p.data());
  images = static_cast<int>(ptrs.size());
  const auto start = std::chrono::steady_clock::now();
  session.run(ptrs);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs the eager script; returns its images/s or a negative value when it cannot run.
double benchPython(const std::string& weights, const Args& a, int size, int batch) {
  if (a.python.empty()) return -1;
  const std::string cmd = "/usr/bin/python3 '" + a.python + "' --weights '" + weights +
                          "' --size " + std::to_string(size) + " --batch " + std::to_string(batch) +
                          " --images " + std::to_string(a.images) + " --threads " +
                          std::to_string(a.threads) + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  pclose(pipe);
  const auto at = out.find("\"images_per_s\": ");
  return at == std::string::npos ? -1 : std::atof(out.c_str() + at + 16);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    std::filesystem::create_directories(a.weightsDir);
    std::printf("HybridGNet inference, device %s, %d threads, %d images per row\n", a.device.c_str(),
                a.threads, a.images);
    std::printf("| input | batch | C++ images/s, batch-invariant (default) | C++ images/s, one pass per batch | PyTorch eager images/s | C++ one pass / eager |\n");
    std::printf("|---|---|---|---|---|---|\n");
    for (int size : a.sizes) {
      cxr::model::ModelConfig config;
      config.inputSize = size;
      const std::string weights = a.weightsDir + "/hybridgnet_" + std::to_string(size) + ".pt";
      if (!std::filesystem::exists(weights)) cxr::model::WeightsFile::initialise(weights, config, 7);
      for (int batch : a.batches) {
        int images = 0;
        const double exactSecs = benchCpp(weights, a, batch, true, images);
        const double exact = images / exactSecs;
        double onePass = exact;
        if (batch > 1) {
          const double secs = benchCpp(weights, a, batch, false, images);
          onePass = images / secs;
        }
        const double eager = benchPython(weights, a, size, batch);
        if (eager > 0)
          std::printf("| %d | %d | %.2f | %.2f | %.2f | %.2f |\n", size, batch, exact, onePass, eager,
                      onePass / eager);
        else
          std::printf("| %d | %d | %.2f | %.2f | n/a | - |\n", size, batch, exact, onePass);
        std::fflush(stdout);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cxr_model_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}

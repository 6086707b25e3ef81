#include "core/model/Trainer.h"

#include "core/model/internal/HybridGNet.h"
#include "core/model/internal/StateDict.h"
#include "core/model/internal/TrainingData.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <locale>
#include <stdexcept>

namespace cxr::model {

namespace fs = std::filesystem;
using internal::ForwardTrace;

namespace {

torch::Device pickDevice(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  const bool cuda = torch::cuda::is_available();
  if (name == "cuda" && !cuda) throw std::runtime_error("training device cuda requested, but no CUDA device is available");
  if (name == "cuda" || (name == "auto" && cuda)) return torch::Device(torch::kCUDA, 0);
  if (name == "auto") return torch::kCPU;
  throw std::runtime_error("unknown training device '" + name + "' (cpu, cuda or auto)");
}

// Resume state, kept as text so a person can read where a run stands.
struct RunState {
  int epoch = 0;
  double bestVal = INFINITY;
  int bestEpoch = 0;
};

RunState readState(const fs::path& path) {
  RunState s;
  std::ifstream in(path);
  in.imbue(std::locale::classic());
  std::string key;
  while (in >> key) {
    if (key == "epoch") in >> s.epoch;
    else if (key == "best_val") in >> s.bestVal;
    else if (key == "best_epoch") in >> s.bestEpoch;
    else throw std::runtime_error(path.string() + ": unknown entry '" + key + "'");
  }
  if (!in.eof()) throw std::runtime_error(path.string() + ": unreadable resume state");
  return s;
}

void writeAtomically(const fs::path& path, const std::function<void(const std::string&)>& write) {
  const fs::path tmp = path.string() + ".tmp";
  write(tmp.string());
  fs::rename(tmp, path);  // a crash mid-write never leaves a half checkpoint behind
}

}  // namespace

double learningRateAt(const TrainingOptions& o, int epoch) {
  const double base = o.learningRate;
  if (o.warmupEpochs > 0 && epoch <= o.warmupEpochs)
    return base * static_cast<double>(epoch) / static_cast<double>(o.warmupEpochs + 1);
  if (o.lrSchedule == "cosine") {
    const int span = std::max(1, o.epochs - o.warmupEpochs - 1);
    const double t = std::clamp(static_cast<double>(epoch - o.warmupEpochs - 1) / span, 0.0, 1.0);
    const double lo = base * o.lrMinFactor;
    return lo + 0.5 * (base - lo) * (1.0 + std::cos(3.14159265358979323846 * t));
  }
  if (o.lrSchedule != "step") throw std::runtime_error("unknown learning-rate schedule '" + o.lrSchedule + "' (step or cosine)");
  if (o.lrStepEpochs > 0) return base * std::pow(o.lrGamma, (epoch - 1) / o.lrStepEpochs);
  return base;
}

TrainingSample augmentSample(const TrainingSample& sample, const TrainingOptions& o, uint64_t seed) {
  internal::PreparedSet set = internal::prepareSet({sample}, o.inputSize);
  torch::manual_seed(seed);
  internal::augmentBatch(set.images, set.targets, o);
  TrainingSample out;
  out.id = sample.id;
  out.width = out.height = o.inputSize;
  const torch::Tensor px = set.images[0][0].mul(255.0).round().clamp(0, 255).to(torch::kUInt8).contiguous();
  out.pixels.assign(px.data_ptr<uint8_t>(), px.data_ptr<uint8_t>() + px.numel());
  const torch::Tensor xy = (set.targets[0] * o.inputSize).contiguous();
  out.landmarks.assign(xy.data_ptr<float>(), xy.data_ptr<float>() + xy.numel());
  return out;
}

struct Trainer::Impl {
  TrainingOptions o;
  fs::path dir;
  torch::Device device{torch::kCPU};
  internal::HybridGNet net{nullptr};
  std::unique_ptr<torch::optim::Adam> adam;
  RunState state;

  void setUp();
  double trainEpoch(const internal::PreparedSet& set, const std::function<void(const StepReport&)>& onStep);
  std::pair<double, double> validate(const internal::PreparedSet& set);
  void saveCheckpoint(bool best);
  torch::Tensor loss(const torch::Tensor& x, const torch::Tensor& y);
};

Trainer::Trainer(TrainingOptions options) : m_impl(std::make_unique<Impl>()) {
  m_impl->o = std::move(options);
  if (m_impl->o.outputDir.empty()) throw std::runtime_error("training needs an output folder");
  if (m_impl->o.batchSize < 1 || m_impl->o.epochs < 1)
    throw std::runtime_error("training needs batch size and epochs >= 1");
  (void)learningRateAt(m_impl->o, 1);  // an unknown schedule fails before any work
  m_impl->dir = m_impl->o.outputDir;
}

Trainer::~Trainer() = default;

std::string Trainer::bestModelPath() const { return (m_impl->dir / "best.pt").string(); }

void Trainer::Impl::setUp() {
  fs::create_directories(dir);
  if (o.threads > 0) torch::set_num_threads(o.threads);
  torch::manual_seed(o.seed);
  device = pickDevice(o.device);
  ModelConfig config;
  config.inputSize = o.inputSize;
  net = internal::HybridGNet(config);
  const bool resuming = o.resume && fs::exists(dir / "state.txt");
  const std::string weights = resuming ? (dir / "last.pt").string() : o.initWeights;
  if (!weights.empty()) internal::loadStrict(*net, internal::readStateDict(weights), weights);
  net->to(device);
  internal::moveGraphs(*net, device);
  adam = std::make_unique<torch::optim::Adam>(
      net->parameters(), torch::optim::AdamOptions(o.learningRate).weight_decay(o.weightDecay));
  if (resuming) {
    state = readState(dir / "state.txt");
    torch::load(*adam, (dir / "optimizer.pt").string());
  }
}

torch::Tensor Trainer::Impl::loss(const torch::Tensor& x, const torch::Tensor& y) {
  ForwardTrace t;
  net->encode(x, t);
  const torch::Tensor z = t.mu + torch::randn_like(t.mu) * torch::exp(0.5 * t.logvar);
  net->decode(z, t);
  const torch::Tensor kl =
      -0.5 * torch::mean(torch::mean(1 + t.logvar - t.mu.pow(2) - t.logvar.exp(), 1), 0);
  namespace F = torch::nn::functional;
  return F::mse_loss(t.out, y) + F::mse_loss(t.pos1, torch::matmul(net->downMatrix, y)) +
         F::mse_loss(t.pos2, y) + o.klWeight * kl;
}

double Trainer::Impl::trainEpoch(const internal::PreparedSet& set,
                                 const std::function<void(const StepReport&)>& onStep) {
  net->train();
  const int64_t n = set.images.size(0);
  const torch::Tensor perm = torch::randperm(n, torch::kLong);
  const int steps = static_cast<int>((n + o.batchSize - 1) / o.batchSize);
  double total = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < steps; ++step) {
    const torch::Tensor idx = perm.slice(0, step * o.batchSize, std::min<int64_t>(n, (step + 1) * o.batchSize));
    torch::Tensor x = set.images.index_select(0, idx), y = set.targets.index_select(0, idx);
    internal::augmentBatch(x, y, o);
    adam->zero_grad();
    const torch::Tensor l = loss(x.to(device), y.to(device));
    l.backward();
    adam->step();
    total += l.item<double>() * static_cast<double>(idx.size(0));
    if (onStep) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      onStep({state.epoch + 1, step + 1, steps, l.item<double>(),
              static_cast<double>(std::min<int64_t>(n, (step + 1) * o.batchSize)) / secs});
    }
  }
  return total / static_cast<double>(n);
}

std::pair<double, double> Trainer::Impl::validate(const internal::PreparedSet& set) {
  net->eval();
  torch::NoGradGuard noGrad;
  double mse = 0, pixels = 0;
  const int64_t n = set.images.size(0);
  for (int64_t i = 0; i < n; i += o.batchSize) {
    const int64_t end = std::min<int64_t>(n, i + o.batchSize);
    const torch::Tensor out = net->forward(set.images.slice(0, i, end).to(device)).out.cpu();
    const torch::Tensor y = set.targets.slice(0, i, end);
    mse += (out - y).pow(2).mean({1, 2}).sum().item<double>();
    pixels += ((out - y) * o.inputSize).pow(2).sum(2).sqrt().mean(1).sum().item<double>();
  }
  return {mse / static_cast<double>(n), pixels / static_cast<double>(n)};
}

void Trainer::Impl::saveCheckpoint(bool best) {
  const internal::NamedTensors weights = internal::stateOf(*net);
  writeAtomically(dir / "last.pt", [&](const std::string& p) { internal::writeStateDict(p, weights); });
  writeAtomically(dir / "optimizer.pt", [&](const std::string& p) { torch::save(*adam, p); });
  if (best)
    writeAtomically(dir / "best.pt", [&](const std::string& p) { internal::writeStateDict(p, weights); });
  writeAtomically(dir / "state.txt", [&](const std::string& p) {
    std::ofstream out(p);
    out.imbue(std::locale::classic());
    out.precision(17);
    out << "epoch " << state.epoch << "\nbest_val " << state.bestVal << "\nbest_epoch "
        << state.bestEpoch << "\n";
  });
}

void Trainer::run(const std::vector<TrainingSample>& train, const std::vector<TrainingSample>& val,
                  const std::function<void(const EpochReport&)>& onEpoch,
                  const std::function<void(const StepReport&)>& onStep) {
  if (train.empty() || val.empty())
    throw std::runtime_error("training needs non-empty training and validation sets");
  Impl& m = *m_impl;
  m.setUp();
  const internal::PreparedSet trainSet = internal::prepareSet(train, m.o.inputSize);
  const internal::PreparedSet valSet = internal::prepareSet(val, m.o.inputSize);
  double spent = 0;
  int ran = 0;
  std::ofstream history(m.dir / "history.csv", std::ios::app);
  history.imbue(std::locale::classic());
  if (m.state.epoch == 0) history << "epoch,lr,train_loss,val_mse,val_px,seconds\n";
  while (m.state.epoch < m.o.epochs) {
    const int epoch = m.state.epoch + 1;
    const auto start = std::chrono::steady_clock::now();
    // Seeded per epoch, so a resumed run draws what an uninterrupted one would.
    torch::manual_seed(m.o.seed * 1000003ULL + static_cast<uint64_t>(epoch));
    const double lr = learningRateAt(m.o, epoch);
    for (auto& group : m.adam->param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    EpochReport r;
    r.epoch = epoch;
    r.epochs = m.o.epochs;
    r.trainLoss = m.trainEpoch(trainSet, onStep);
    std::tie(r.valLoss, r.valPixelError) = m.validate(valSet);
    m.state.epoch = epoch;
    r.best = r.valLoss < m.state.bestVal;
    if (r.best) {
      m.state.bestVal = r.valLoss;
      m.state.bestEpoch = epoch;
    }
    m.saveCheckpoint(r.best);
    r.bestEpoch = m.state.bestEpoch;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    spent += r.seconds;
    ++ran;
    r.etaSeconds = spent / ran * (m.o.epochs - epoch);
    history << epoch << "," << lr << "," << r.trainLoss << "," << r.valLoss << ","
            << r.valPixelError << "," << r.seconds << std::endl;
    if (onEpoch) onEpoch(r);
  }
}

}  // namespace cxr::model

#include "core/model/InferenceSession.h"

#include "core/model/WeightsError.h"
#include "core/model/internal/HybridGNet.h"
#include "core/model/internal/StateDict.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <optional>
#include <stdexcept>

#include <algorithm>
#include <thread>

namespace cxr::model {

struct InferenceSession::Impl {
  std::string kind;
  internal::HybridGNet net{nullptr};
  std::optional<torch::jit::Module> script;
  torch::Device device{torch::kCPU};
  int inputSize = 1024;
  int batchSize = 1;
  int threads = 0;
  bool batchInvariant = true;

  std::vector<ModelOutput> forward(const torch::Tensor& batch);
  std::vector<ModelOutput> scriptForward(const torch::Tensor& batch);
};

namespace {

torch::Device chooseDevice(Device wanted) {
  const bool cuda = torch::cuda::is_available();
  if (wanted == Device::Cuda && !cuda)
    throw std::runtime_error("device cuda requested, but this LibTorch sees no CUDA device "
                             "(Debian's libtorch is CPU-only; see docs/model.md for a CUDA build)");
  if (wanted == Device::Cuda || (wanted == Device::Auto && cuda)) return {torch::kCUDA, 0};
  return torch::kCPU;
}

std::vector<float> rowOf(const torch::Tensor& cpu2d, int64_t row) {
  const torch::Tensor r = cpu2d[row].contiguous();
  return std::vector<float>(r.data_ptr<float>(), r.data_ptr<float>() + r.numel());
}

}  // namespace

InferenceSession InferenceSession::open(const std::string& path, const SessionOptions& o) {
  if (o.batchSize < 1) throw std::invalid_argument("batch size must be >= 1");
  auto impl = std::make_unique<Impl>();
  // LibTorch starts with one intra-op thread here; use every core unless told otherwise.
  torch::set_num_threads(o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency())));
  impl->threads = torch::get_num_threads();
  impl->batchSize = o.batchSize;
  impl->batchInvariant = o.batchInvariant;
  impl->device = chooseDevice(o.device);
  if (internal::archiveKind(path) == internal::ArchiveKind::TorchScript) {
    impl->kind = "torchscript";
    impl->inputSize = o.inputSize > 0 ? o.inputSize : 1024;
    try {
      impl->script = torch::jit::load(path, impl->device);
    } catch (const c10::Error& e) {
      throw WeightsError(path + ": TorchScript module does not load: " + e.what_without_backtrace());
    }
    impl->script->eval();
  } else {
    impl->kind = "state_dict";
    const internal::NamedTensors tensors = internal::readStateDict(path);
    const ModelConfig config = internal::configFromStateDict(tensors, path);
    if (o.inputSize > 0 && o.inputSize != config.inputSize)
      throw WeightsError(path + ": the weights are for input size " +
                         std::to_string(config.inputSize) + ", not " + std::to_string(o.inputSize));
    impl->inputSize = config.inputSize;
    impl->net = internal::HybridGNet(config);
    internal::loadStrict(*impl->net, tensors, path);
    impl->net->to(impl->device);
    internal::moveGraphs(*impl->net, impl->device);
    impl->net->eval();
    if (impl->device.is_cpu()) {
      impl->net->fusedBlocks = o.fusedBlocks < 0 ? kDefaultFusedBlocks : std::min(o.fusedBlocks, 4);
      impl->net->channelsLast = o.channelsLast < 0 ? kDefaultChannelsLast : o.channelsLast != 0;
    }
  }
  InferenceSession session(std::move(impl));
  if (o.warmUp) {
    const std::vector<float> blank(size_t(session.inputSize()) * size_t(session.inputSize()), 0.5f);
    session.runFloat(std::vector<const float*>(size_t(o.batchSize), blank.data()));
  }
  return session;
}

bool InferenceSession::cudaAvailable() { return torch::cuda::is_available(); }

InferenceSession::InferenceSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
InferenceSession::InferenceSession(InferenceSession&&) noexcept = default;
InferenceSession& InferenceSession::operator=(InferenceSession&&) noexcept = default;
InferenceSession::~InferenceSession() = default;

std::vector<ModelOutput> InferenceSession::Impl::forward(const torch::Tensor& batch) {
  if (batchInvariant && batch.size(0) > 1) {
    std::vector<ModelOutput> outputs;
    for (int64_t i = 0; i < batch.size(0); ++i)
      for (ModelOutput& o : forward(batch.slice(0, i, i + 1))) outputs.push_back(std::move(o));
    return outputs;
  }
  if (script) return scriptForward(batch);
  const internal::ForwardTrace t = net->forward(batch);
  const torch::Tensor out = t.out.reshape({batch.size(0), -1}).to(torch::kCPU);
  const torch::Tensor mu = t.mu.to(torch::kCPU);
  std::vector<ModelOutput> outputs;
  for (int64_t i = 0; i < batch.size(0); ++i) outputs.push_back({rowOf(out, i), rowOf(mu, i)});
  return outputs;
}

// TorchScript models: forward(x [B,1,S,S]) returns the landmarks ([B,120,2] or [B,240]) or a
// tuple whose first element they are; a further 2-D [B,L] element is taken as the latent.
std::vector<ModelOutput> InferenceSession::Impl::scriptForward(const torch::Tensor& batch) {
  const int64_t b = batch.size(0);
  const c10::IValue result = script->forward({batch});
  std::vector<torch::Tensor> parts;
  if (result.isTensor()) parts.push_back(result.toTensor());
  else if (result.isTuple()) for (const auto& e : result.toTupleRef().elements()) if (e.isTensor()) parts.push_back(e.toTensor());
  if (parts.empty() || parts[0].numel() != b * 240)
    throw WeightsError("TorchScript model output is not [B,120,2] landmarks (or a tuple starting with them)");
  const torch::Tensor out = parts[0].reshape({b, 240}).to(torch::kCPU, torch::kFloat);
  torch::Tensor latent;
  for (size_t k = 1; k < parts.size(); ++k)
    if (parts[k].dim() == 2 && parts[k].size(0) == b) latent = parts[k].to(torch::kCPU, torch::kFloat);
  std::vector<ModelOutput> outputs;
  for (int64_t i = 0; i < b; ++i)
    outputs.push_back({rowOf(out, i), latent.defined() ? rowOf(latent, i) : std::vector<float>{}});
  return outputs;
}

std::vector<ModelOutput> InferenceSession::runFloat(const std::vector<const float*>& images) {
  torch::InferenceMode guard;
  const int64_t s = m_impl->inputSize;
  std::vector<ModelOutput> outputs;
  for (size_t first = 0; first < images.size(); first += size_t(m_impl->batchSize)) {
    const size_t count = std::min(images.size() - first, size_t(m_impl->batchSize));
    torch::Tensor batch = torch::empty({int64_t(count), 1, s, s});
    for (size_t i = 0; i < count; ++i)
      batch[int64_t(i)][0].copy_(torch::from_blob(const_cast<float*>(images[first + i]), {s, s}));
    for (ModelOutput& o : m_impl->forward(batch.to(m_impl->device))) outputs.push_back(std::move(o));
  }
  return outputs;
}

std::vector<ModelOutput> InferenceSession::run(const std::vector<const uint8_t*>& images) {
  torch::InferenceMode guard;
  const int64_t s = m_impl->inputSize;
  std::vector<ModelOutput> outputs;
  for (size_t first = 0; first < images.size(); first += size_t(m_impl->batchSize)) {
    const size_t count = std::min(images.size() - first, size_t(m_impl->batchSize));
    torch::Tensor bytes = torch::empty({int64_t(count), 1, s, s}, torch::kUInt8);
    for (size_t i = 0; i < count; ++i)
      bytes[int64_t(i)][0].copy_(torch::from_blob(const_cast<uint8_t*>(images[first + i]), {s, s}, torch::kUInt8));
    // value / 255 in float32, as the public preprocessing (img / 255).
    const torch::Tensor batch = bytes.to(m_impl->device).to(torch::kFloat).div_(255.0f);
    for (ModelOutput& o : m_impl->forward(batch)) outputs.push_back(std::move(o));
  }
  return outputs;
}

int InferenceSession::inputSize() const { return m_impl->inputSize; }
std::string InferenceSession::deviceName() const { return m_impl->device.str(); }
std::string InferenceSession::modelKind() const { return m_impl->kind; }
int InferenceSession::batchSize() const { return m_impl->batchSize; }
int InferenceSession::threads() const { return m_impl->threads; }
bool InferenceSession::batchInvariant() const { return m_impl->batchInvariant; }

}  // namespace cxr::model

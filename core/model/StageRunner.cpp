#include "core/model/StageRunner.h"

#include "core/model/internal/HybridGNet.h"
#include "core/model/internal/RoiSampler.h"
#include "core/model/internal/StateDict.h"
#include "core/model/internal/TensorConvert.h"

#include <stdexcept>

namespace cxr::model {

using internal::fromTorch;
using internal::toTorch;

struct StageRunner::Impl {
  ModelConfig config;
  internal::HybridGNet net{nullptr};
  int threads = 1;
};

StageRunner::StageRunner(const std::string& weightsPath, int threads)
    : m_impl(std::make_unique<Impl>()) {
  const internal::NamedTensors tensors = internal::readStateDict(weightsPath);
  m_impl->config = internal::configFromStateDict(tensors, weightsPath);
  m_impl->net = internal::HybridGNet(m_impl->config);
  internal::loadStrict(*m_impl->net, tensors, weightsPath);
  m_impl->net->eval();
  m_impl->threads = threads;
}

StageRunner::~StageRunner() = default;

const ModelConfig& StageRunner::config() const { return m_impl->config; }

std::map<std::string, FloatTensor> StageRunner::encode(const FloatTensor& input) const {
  if (m_impl->threads > 0) torch::set_num_threads(m_impl->threads);
  torch::InferenceMode guard;
  internal::ForwardTrace t;
  m_impl->net->encode(toTorch(input), t);
  return {{"conv5", fromTorch(t.conv5)}, {"conv6", fromTorch(t.conv6)}, {"mu", fromTorch(t.mu)}};
}

FloatTensor StageRunner::stage(const std::string& stage, const FloatTensor& input,
                               const FloatTensor& featureMap) const {
  if (m_impl->threads > 0) torch::set_num_threads(m_impl->threads);
  torch::InferenceMode guard;
  internal::HybridGNetImpl& n = *m_impl->net;
  const torch::Tensor x = toTorch(input);
  if (stage == "dec") return fromTorch(n.decLin(x));
  if (stage == "up6") return fromTorch(n.chebBlock(n.up6, x, n.coarse));
  if (stage == "up5") return fromTorch(n.chebBlock(n.up5, x, n.coarse));
  if (stage == "up4") return fromTorch(n.chebBlock(n.up4, x, n.coarse));
  if (stage == "pool") return fromTorch(n.unpool(x));
  if (stage == "up3") return fromTorch(n.chebBlock(n.up3, x, n.fine));
  if (stage == "up2") return fromTorch(n.chebBlock(n.up2, x, n.fine));
  if (stage == "out") return fromTorch(n.up1->forward(x, n.fine));
  if (stage == "sc1" || stage == "pos1") {
    auto [sc, pos] = n.skip(n.sc1Pre, x, toTorch(featureMap), n.coarse);
    return fromTorch(stage == "sc1" ? sc : pos);
  }
  if (stage == "sc2" || stage == "pos2") {
    auto [sc, pos] = n.skip(n.sc2Pre, x, toTorch(featureMap), n.fine);
    return fromTorch(stage == "sc2" ? sc : pos);
  }
  throw std::invalid_argument("unknown HybridGNet stage '" + stage + "'");
}

FloatTensor StageRunner::sample(const FloatTensor& features, const FloatTensor& positions) {
  torch::InferenceMode guard;
  return fromTorch(internal::roiSample(toTorch(features), toTorch(positions)));
}

std::map<std::string, FloatTensor> StageRunner::forwardAll(const FloatTensor& input) const {
  if (m_impl->threads > 0) torch::set_num_threads(m_impl->threads);
  torch::InferenceMode guard;
  const internal::ForwardTrace t = m_impl->net->forward(toTorch(input));
  return {{"conv5", fromTorch(t.conv5)}, {"conv6", fromTorch(t.conv6)}, {"mu", fromTorch(t.mu)},
          {"dec", fromTorch(t.dec)},     {"up6", fromTorch(t.up6)},     {"up5", fromTorch(t.up5)},
          {"sc1", fromTorch(t.sc1)},     {"pos1", fromTorch(t.pos1)},   {"up4", fromTorch(t.up4)},
          {"pool", fromTorch(t.pool)},   {"up3", fromTorch(t.up3)},     {"sc2", fromTorch(t.sc2)},
          {"pos2", fromTorch(t.pos2)},   {"up2", fromTorch(t.up2)},     {"out", fromTorch(t.out)}};
}

}  // namespace cxr::model

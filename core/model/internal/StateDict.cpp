#include "core/model/internal/StateDict.h"

#include "core/model/WeightsError.h"
#include "core/model/internal/Pickle.h"

#include <caffe2/serialize/inline_container.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>

namespace cxr::model::internal {
namespace {

std::unique_ptr<caffe2::serialize::PyTorchStreamReader> openArchive(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    throw WeightsError(path + ": weights file not found");
  try {
    return std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
  } catch (const c10::Error& e) {
    std::string why = e.what_without_backtrace();
    if (why.size() > 160) why = why.substr(0, 160) + "...";
    throw WeightsError(path + ": not a zip-format torch.save / TorchScript archive (" + why + ")");
  }
}

/// A damaged member of a valid zip (bad local header, CRC, size): torch throws c10::Error with a
/// multi-line backtrace; found by fuzz/FuzzWeights.cpp.
[[noreturn]] void corruptArchive(const std::string& path, const c10::Error& e) {
  std::string why = e.what_without_backtrace();
  if (why.size() > 160) why = why.substr(0, 160) + "...";
  throw WeightsError(path + ": the weights archive is corrupt (" + why + ")");
}

std::string shapeText(c10::IntArrayRef sizes) {
  std::ostringstream s;
  s << sizes;
  return s.str();
}

torch::Tensor viewRecord(caffe2::serialize::PyTorchStreamReader& reader, const TensorRecord& r,
                         std::map<std::string, torch::Tensor>& storages,
                         const std::string& path) {
  if (r.storageType != "FloatStorage")
    throw WeightsError(path + ": tensor '" + r.name + "' is " + r.storageType +
                       ", only float32 weights are supported");
  auto it = storages.find(r.storageKey);
  if (it == storages.end()) {
    const std::string record = "data/" + r.storageKey;
    if (!reader.hasRecord(record))
      throw WeightsError(path + ": storage record '" + record + "' of '" + r.name + "' missing");
    auto [data, bytes] = reader.getRecord(record);
    if (bytes != static_cast<size_t>(r.storageNumel) * sizeof(float))
      throw WeightsError(path + ": storage '" + record + "' has " + std::to_string(bytes) +
                         " bytes, expected " + std::to_string(r.storageNumel * 4));
    torch::Tensor storage = torch::empty({r.storageNumel}, torch::kFloat);
    std::memcpy(storage.data_ptr<float>(), data.get(), bytes);
    it = storages.emplace(r.storageKey, storage).first;
  }
  int64_t last = r.offset;  // highest element index the view touches
  for (size_t d = 0; d < r.sizes.size(); ++d) {
    if (r.sizes[d] < 0 || r.strides[d] < 0)
      throw WeightsError(path + ": tensor '" + r.name + "' has a negative size or stride");
    if (r.sizes[d] == 0) last = -1;
    if (last >= 0) last += (r.sizes[d] - 1) * r.strides[d];
  }
  if (r.offset < 0 || last >= r.storageNumel)
    throw WeightsError(path + ": tensor '" + r.name + "' reaches past its storage");
  return it->second.as_strided(r.sizes, r.strides, r.offset).clone();
}

}  // namespace

ArchiveKind archiveKind(const std::string& path) {
  auto reader = openArchive(path);
  try {
    if (reader->hasRecord("constants.pkl") || reader->hasRecord("code/__torch__.py"))
      return ArchiveKind::TorchScript;
    if (!reader->hasRecord("data.pkl"))
      throw WeightsError(path + ": zip archive without data.pkl (not a torch.save file)");
    return ArchiveKind::StateDict;
  } catch (const c10::Error& e) {
    corruptArchive(path, e);
  }
}

NamedTensors readStateDict(const std::string& path) {
  auto reader = openArchive(path);
  try {
    if (!reader->hasRecord("data.pkl"))
      throw WeightsError(path + ": zip archive without data.pkl (not a torch.save file)");
    if (reader->hasRecord("byteorder")) {
      auto [data, size] = reader->getRecord("byteorder");
      if (std::string(static_cast<const char*>(data.get()), size) != "little")
        throw WeightsError(path + ": big-endian tensor data is not supported");
    }
    auto [pkl, size] = reader->getRecord("data.pkl");
    const auto* begin = static_cast<const uint8_t*>(pkl.get());
    const std::vector<uint8_t> bytes(begin, begin + size);
    const std::vector<TensorRecord> records = parseStateDictPickle(bytes, path);
    std::map<std::string, torch::Tensor> storages;
    NamedTensors tensors;
    for (const TensorRecord& r : records) tensors.emplace_back(r.name, viewRecord(*reader, r, storages, path));
    return tensors;
  } catch (const c10::Error& e) {
    corruptArchive(path, e);
  }
}

void writeStateDict(const std::string& path, const NamedTensors& tensors) {
  std::vector<TensorRecord> records;
  caffe2::serialize::PyTorchStreamWriter writer(path);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const torch::Tensor t = tensors[i].second.detach().to(torch::kCPU, torch::kFloat).contiguous();
    TensorRecord r;
    r.name = tensors[i].first;
    r.storageKey = std::to_string(i);
    r.storageType = "FloatStorage";
    r.location = "cpu";
    r.storageNumel = t.numel();
    r.sizes = t.sizes().vec();
    r.strides = t.strides().vec();
    writer.writeRecord("data/" + r.storageKey, t.data_ptr<float>(), t.numel() * sizeof(float));
    records.push_back(std::move(r));
  }
  const std::vector<uint8_t> pkl = writeStateDictPickle(records);
  writer.writeRecord("data.pkl", pkl.data(), pkl.size());
  writer.writeRecord("byteorder", "little", 6);
  writer.writeEndOfFile();
}

ModelConfig configFromStateDict(const NamedTensors& tensors, const std::string& context) {
  for (const auto& [name, t] : tensors) {
    if (name != "encoder.fc_mu.weight") continue;
    if (t.dim() != 2) break;
    ModelConfig config;
    config.latents = static_cast<int>(t.size(0));
    const double side = std::sqrt(static_cast<double>(t.size(1)) / 128.0);
    config.inputSize = static_cast<int>(std::lround(side)) * 32;
    if (config.flatFeatures() != t.size(1))
      throw WeightsError(context + ": encoder.fc_mu.weight " + shapeText(t.sizes()) +
                         " does not match any input size (128 * (S/32)^2 inputs expected)");
    return config;
  }
  throw WeightsError(context + ": missing key 'encoder.fc_mu.weight' (a 2-D tensor)");
}

void loadStrict(torch::nn::Module& module, const NamedTensors& tensors,
                const std::string& context) {
  std::map<std::string, const torch::Tensor*> given;
  for (const auto& [name, t] : tensors) given[name] = &t;
  auto params = module.named_parameters(true);
  for (const auto& p : params)
    if (!given.count(p.key()))
      throw WeightsError(context + ": missing key '" + p.key() + "' (expected shape " +
                         shapeText(p.value().sizes()) + ")");
  for (const auto& [name, t] : tensors) {
    const torch::Tensor* target = params.find(name);
    if (!target) throw WeightsError(context + ": unexpected key '" + name + "'");
    if (target->sizes() != t.sizes())
      throw WeightsError(context + ": wrong shape for '" + name + "': file has " +
                         shapeText(t.sizes()) + ", model expects " +
                         shapeText(target->sizes()));
  }
  torch::NoGradGuard noGrad;
  for (auto& p : params) p.value().copy_(*given[p.key()]);
}

NamedTensors stateOf(const torch::nn::Module& module) {
  NamedTensors out;
  for (const auto& p : module.named_parameters(true))
    out.emplace_back(p.key(), p.value().detach().to(torch::kCPU).clone());
  return out;
}

}  // namespace cxr::model::internal

#include "tests/model/GoldenTensors.h"

#include "tests/common/SharedData.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace cxr::test {
namespace {

nlohmann::json manifest() {
  std::ifstream in(sharedData(std::string(kGoldenDir) + "/manifest.json"));
  if (!in) throw std::runtime_error("golden manifest.json not readable");
  return nlohmann::json::parse(in);
}

}  // namespace

model::FloatTensor goldenTensor(int caseIndex, const std::string& stage) {
  static const nlohmann::json m = manifest();
  model::FloatTensor t;
  t.shape = m.at("cases").at(caseIndex).at("shapes").at(stage).get<std::vector<int64_t>>();
  const auto path = sharedData(std::string(kGoldenDir) + "/expected_" +
                               std::to_string(caseIndex) + "_" + stage + ".f32");
  std::ifstream in(path, std::ios::binary);
  t.data.resize(static_cast<size_t>(t.numel()));
  in.read(reinterpret_cast<char*>(t.data.data()), static_cast<std::streamsize>(t.data.size() * 4));
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return t;
}

double goldenNoiseFloor(int caseIndex, const std::string& stage) {
  static const nlohmann::json m = manifest();
  return m.at("cases").at(caseIndex).at("max_abs_change_1_vs_2_threads").at(stage).get<double>();
}

float maxAbsDiff(const model::FloatTensor& a, const model::FloatTensor& b) {
  if (a.shape != b.shape)
    throw std::runtime_error("shape " + a.shapeText() + " vs " + b.shapeText());
  float worst = 0;
  for (size_t i = 0; i < a.data.size(); ++i) {
    const float d = std::fabs(a.data[i] - b.data[i]);
    if (!(d <= worst)) worst = std::isnan(d) ? INFINITY : d;
  }
  return worst;
}

model::FloatTensor lastAxisSlice(const model::FloatTensor& t, int64_t begin, int64_t end) {
  const int64_t width = t.shape.back();
  model::FloatTensor out;
  out.shape = t.shape;
  out.shape.back() = end - begin;
  for (int64_t row = 0; row < t.numel() / width; ++row)
    for (int64_t c = begin; c < end; ++c) out.data.push_back(t.data[size_t(row * width + c)]);
  return out;
}

model::FloatTensor concatBatch(const model::FloatTensor& a, const model::FloatTensor& b) {
  model::FloatTensor out = a;
  out.shape[0] += b.shape[0];
  out.data.insert(out.data.end(), b.data.begin(), b.data.end());
  return out;
}

model::FloatTensor batchItem(const model::FloatTensor& t, int64_t index) {
  model::FloatTensor out;
  out.shape = t.shape;
  out.shape[0] = 1;
  const int64_t per = t.numel() / t.shape[0];
  out.data.assign(t.data.begin() + index * per, t.data.begin() + (index + 1) * per);
  return out;
}

}  // namespace cxr::test

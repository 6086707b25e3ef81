#include "core/engine/StratifiedSampler.h"

#include "core/engine/EngineError.h"
#include "core/format/NumberText.h"
#include "core/format/Statistics.h"
#include "core/store/Connection.h"
#include "core/store/NamedWorklistRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <random>

namespace cxr::engine {

namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Moves `count` randomly chosen elements of pool to its front (partial Fisher-Yates).
template <typename T>
void drawFront(std::vector<T>& pool, std::size_t count, std::mt19937_64& rng) {
  count = std::min(count, pool.size());
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng() % (pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
}

std::string binLabel(int bin, int bins, double lo, double hi) {
  using format::NumberText;
  const double w = (hi - lo) / bins;
  const double a = lo + bin * w, b = bin == bins - 1 ? hi : lo + (bin + 1) * w;
  return "bin " + std::to_string(bin + 1) + "/" + std::to_string(bins) + " [" +
         NumberText::fixed(a, 4) + ", " + NumberText::fixed(b, 4) + (bin == bins - 1 ? "]" : ")");
}

}  // namespace

DatasetSample StratifiedSampler::sampleDataset(const std::string& dataset,
                                               std::vector<SampledImage> candidates,
                                               const SampleOptions& options) {
  if (options.bins < 1) throw EngineError("sample: --bins must be at least 1");
  if (options.perBin < 0 || options.extra < 0)
    throw EngineError("sample: --per-bin and --extra must not be negative");
  DatasetSample out;
  out.dataset = dataset;
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const SampledImage& c) { return !(c.rcaMax > options.threshold); }),
                   candidates.end());
  std::sort(candidates.begin(), candidates.end(),
            [](const SampledImage& a, const SampledImage& b) { return a.imageId < b.imageId; });
  out.eligible = candidates.size();
  out.binCounts.assign(std::size_t(options.bins), 0);
  if (candidates.empty()) return out;
  const auto [mn, mx] = std::minmax_element(candidates.begin(), candidates.end(),
      [](const SampledImage& a, const SampledImage& b) { return a.rcaMax < b.rcaMax; });
  out.lo = mn->rcaMax;
  out.hi = mx->rcaMax;
  format::Histogram h;
  h.lo = out.lo;
  h.hi = out.hi;
  h.counts.assign(std::size_t(options.bins), 0);
  std::vector<std::vector<SampledImage>> byBin(std::size_t(options.bins));
  for (const auto& c : candidates) byBin[std::size_t(format::Statistics::binOf(h, c.rcaMax))].push_back(c);
  std::mt19937_64 rng(options.seed + fnv1a(dataset));
  std::vector<store::RowId> drawn;
  for (int b = 0; b < options.bins; ++b) {
    auto& pool = byBin[std::size_t(b)];
    out.binCounts[std::size_t(b)] = pool.size();
    drawFront(pool, std::size_t(options.perBin), rng);
    for (std::size_t i = 0; i < std::min(pool.size(), std::size_t(options.perBin)); ++i) {
      SampledImage s = pool[i];
      s.reason = binLabel(b, options.bins, out.lo, out.hi);
      drawn.push_back(s.imageId);
      out.images.push_back(std::move(s));
    }
  }
  std::vector<SampledImage> rest;
  for (const auto& c : candidates)
    if (std::find(drawn.begin(), drawn.end(), c.imageId) == drawn.end()) rest.push_back(c);
  drawFront(rest, std::size_t(options.extra), rng);
  for (std::size_t i = 0; i < std::min(rest.size(), std::size_t(options.extra)); ++i) {
    SampledImage s = rest[i];
    s.reason = "extra";
    out.images.push_back(std::move(s));
  }
  return out;
}

std::vector<DatasetSample> StratifiedSampler::sample(store::ReviewStore& store,
                                                     const SampleOptions& options) {
  store::Statement st(store.connection(),
                      "SELECT image_id, dataset_name, display_id, rca_max FROM image_summary "
                      "WHERE rca_max IS NOT NULL ORDER BY dataset_name, image_id");
  std::map<std::string, std::vector<SampledImage>> byDataset;
  while (st.step()) {
    SampledImage s;
    s.imageId = st.int64At(0);
    s.dataset = st.textAt(1);
    s.displayId = st.textAt(2);
    s.rcaMax = st.doubleAt(3);
    byDataset[s.dataset].push_back(std::move(s));
  }
  if (byDataset.empty())
    throw EngineError("review database '" + store.path() + "': no image has a Dice RCA (Max) to "
                      "sample on (import CheXmask CSVs with RCA columns or run `rca` first)");
  std::vector<DatasetSample> out;
  for (auto& [name, candidates] : byDataset) out.push_back(sampleDataset(name, std::move(candidates), options));
  return out;
}

std::string StratifiedSampler::parametersJson(const SampleOptions& options,
                                              const std::vector<DatasetSample>& samples) {
  nlohmann::json j;
  j["method"] = "chexmask-stratified-histogram";
  j["rca"] = "Dice RCA (Max)";
  j["threshold"] = options.threshold;
  j["bins"] = options.bins;
  j["per_bin"] = options.perBin;
  j["extra"] = options.extra;
  j["seed"] = options.seed;
  j["datasets"] = nlohmann::json::array();
  for (const auto& s : samples)
    j["datasets"].push_back({{"dataset", s.dataset}, {"eligible", s.eligible},
                             {"selected", s.images.size()}, {"range", {s.lo, s.hi}},
                             {"bin_counts", s.binCounts}});
  return j.dump();
}

store::RowId StratifiedSampler::saveWorklist(store::ReviewStore& store, const std::string& name,
                                             const SampleOptions& options,
                                             const std::vector<DatasetSample>& samples) {
  store::NamedWorklistInfo info;
  info.name = name;
  info.kind = store::NamedWorklistKind::Sample;
  info.parametersJson = parametersJson(options, samples);
  std::vector<store::NamedWorklistImage> images;
  for (const auto& s : samples)
    for (const auto& image : s.images) images.push_back({image.imageId, 0, s.dataset + ": " + image.reason});
  return store.namedWorklists().create(info, images);
}

}  // namespace cxr::engine

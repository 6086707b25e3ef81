#include "core/engine/StratifiedSampler.h"

#include "core/engine/EngineError.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/NamedWorklistRepository.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

using namespace cxr::engine;

namespace {

// 200 candidates: RCA Max spread over [0.5, 0.99], ids 1..200 (the independent reference is the
// bin rule written out here: bin = floor((v - lo) / (hi - lo) * bins), the maximum in the last).
std::vector<SampledImage> candidates() {
  std::vector<SampledImage> c;
  for (int i = 1; i <= 200; ++i) {
    SampledImage s;
    s.imageId = i;
    s.dataset = "D";
    s.rcaMax = 0.5 + 0.49 * double((i * 37) % 200) / 199.0;
    c.push_back(s);
  }
  return c;
}

int referenceBin(double v, double lo, double hi, int bins) {
  if (v == hi) return bins - 1;
  return int((v - lo) / (hi - lo) * bins);
}

}  // namespace

TEST(StratifiedSamplerTest, OnePerBinPlusExtrasAllAboveTheThreshold) {
  SampleOptions o;  // CheXmask: 0.7, 10 bins, 1 per bin, 20 extra
  o.seed = 1234;
  const auto c = candidates();
  const auto s = StratifiedSampler::sampleDataset("D", c, o);
  std::size_t eligible = 0;
  double lo = 1, hi = 0;
  for (const auto& x : c)
    if (x.rcaMax > 0.7) {
      ++eligible;
      lo = std::min(lo, x.rcaMax);
      hi = std::max(hi, x.rcaMax);
    }
  EXPECT_EQ(s.eligible, eligible);
  EXPECT_DOUBLE_EQ(s.lo, lo);
  EXPECT_DOUBLE_EQ(s.hi, hi);
  ASSERT_EQ(s.images.size(), 30u);
  std::set<cxr::store::RowId> ids;
  std::vector<int> perBin(10, 0);
  for (std::size_t i = 0; i < s.images.size(); ++i) {
    const auto& img = s.images[i];
    EXPECT_GT(img.rcaMax, 0.7);
    EXPECT_TRUE(ids.insert(img.imageId).second) << "drawn twice: " << img.imageId;
    if (i < 10) {
      const int bin = referenceBin(img.rcaMax, lo, hi, 10);
      EXPECT_EQ(bin, int(i)) << img.reason;  // one per bin, bins in order
      EXPECT_EQ(img.reason.rfind("bin " + std::to_string(i + 1) + "/10 [", 0), 0u) << img.reason;
      ++perBin[std::size_t(bin)];
    } else {
      EXPECT_EQ(img.reason, "extra");
    }
  }
  std::size_t counted = 0;
  for (auto n : s.binCounts) counted += n;
  EXPECT_EQ(counted, eligible);
}

TEST(StratifiedSamplerTest, TheSameSeedDrawsTheSameImagesAnotherSeedOthers) {
  SampleOptions o;
  o.seed = 99;
  const auto a = StratifiedSampler::sampleDataset("D", candidates(), o);
  auto shuffled = candidates();
  std::reverse(shuffled.begin(), shuffled.end());  // input order does not matter
  const auto b = StratifiedSampler::sampleDataset("D", shuffled, o);
  o.seed = 100;
  const auto c = StratifiedSampler::sampleDataset("D", candidates(), o);
  std::vector<cxr::store::RowId> ia, ib, ic;
  for (const auto& x : a.images) ia.push_back(x.imageId);
  for (const auto& x : b.images) ib.push_back(x.imageId);
  for (const auto& x : c.images) ic.push_back(x.imageId);
  EXPECT_EQ(ia, ib);
  EXPECT_NE(ia, ic);
}

TEST(StratifiedSamplerTest, SmallBinsAndDatasetsGiveWhatTheyHave) {
  SampleOptions o;
  o.seed = 5;
  o.perBin = 3;
  o.extra = 1000;
  std::vector<SampledImage> few;
  for (int i = 0; i < 7; ++i) few.push_back({i + 1, "D", "", 0.71 + 0.01 * i, ""});
  few.push_back({100, "D", "", 0.7, ""});  // not above the threshold
  const auto s = StratifiedSampler::sampleDataset("D", few, o);
  EXPECT_EQ(s.eligible, 7u);
  EXPECT_EQ(s.images.size(), 7u);  // every eligible image, none twice, 100 never
  for (const auto& img : s.images) EXPECT_NE(img.imageId, 100);
  o.bins = 0;
  EXPECT_THROW(StratifiedSampler::sampleDataset("D", few, o), EngineError);
  o.bins = 10;
  o.extra = -1;
  EXPECT_THROW(StratifiedSampler::sampleDataset("D", few, o), EngineError);
}

TEST(StratifiedSamplerTest, RealCheXmaskRowsGiveThirtyPerDatasetRecordedWithTheWorklist) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert.csv");
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR.csv");
  const auto dir = cxr::test::makeTempDir("sample");
  {
    cxr::store::ReviewStore store((dir / "s.db").string());
    cxr::store::CheXmaskImporter importer(store);
    for (const char* f : {"CheXpert.csv", "VinDr-CXR.csv"})
      importer.importFile(cxr::test::sharedData(std::string("chexmask/") + f).string(), {});
    SampleOptions o;
    o.seed = 2023;
    const auto samples = StratifiedSampler::sample(store, o);
    ASSERT_EQ(samples.size(), 2u);
    EXPECT_EQ(samples[0].dataset, "CheXpert");
    EXPECT_EQ(samples[0].eligible, 56u);  // every reviewed CheXmask image has RCA Max > 0.7
    EXPECT_EQ(samples[1].eligible, 50u);
    const auto id = StratifiedSampler::saveWorklist(store, "review-2023", o, samples);
    const auto w = store.namedWorklists().find(id);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->info.kind, cxr::store::NamedWorklistKind::Sample);
    std::size_t expected = 0;
    for (const auto& s : samples) {
      std::size_t nonEmptyBins = 0;
      for (auto n : s.binCounts) nonEmptyBins += n > 0;
      expected += nonEmptyBins + std::min<std::size_t>(20, s.eligible - nonEmptyBins);
      EXPECT_EQ(s.images.size(), std::min<std::size_t>(s.eligible, nonEmptyBins + 20));
    }
    EXPECT_EQ(std::size_t(w->imageCount), expected);
    const auto p = nlohmann::json::parse(w->info.parametersJson);
    EXPECT_EQ(p["seed"].get<std::uint64_t>(), 2023u);
    EXPECT_EQ(p["bins"].get<int>(), 10);
    EXPECT_EQ(p["per_bin"].get<int>(), 1);
    EXPECT_EQ(p["extra"].get<int>(), 20);
    EXPECT_DOUBLE_EQ(p["threshold"].get<double>(), 0.7);
    EXPECT_EQ(p["datasets"][0]["eligible"].get<int>(), 56);
    const auto images = store.namedWorklists().images(id);
    ASSERT_EQ(images.size(), expected);
    EXPECT_EQ(images[0].reason.rfind("CheXpert: bin 1/10", 0), 0u) << images[0].reason;
  }
  std::filesystem::remove_all(dir);
}

// RcaJob over a review database: results stored with their parameters, the worklist's RCA
// columns follow, a resumed run does nothing, other parameters run again, latents missing
// from a version come from the LatentProvider, a bad image is reported and the run goes on,
// and a cancelled run stores nothing and leaves everything for later.
#include "core/engine/RcaJob.h"
#include "core/engine/RcaRunner.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/rca/ReverseClassifier.h"
#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>

namespace cxr::engine {
namespace {

namespace fs = std::filesystem;

constexpr int kSide = 160;

image::SyntheticCase synthetic(uint64_t seed) {
  image::SyntheticOptions o;
  o.width = o.height = kSide;
  return image::SyntheticRadiograph::generate(seed, o);
}

rca::ReferenceSet referenceSet() {
  rca::ReferenceSet set;
  set.id = "engine-test";
  for (uint64_t s = 1; s <= 4; ++s) {
    const image::SyntheticCase c = synthetic(s);
    rca::Reference r;
    r.id = "ref" + std::to_string(s);
    r.width = c.width, r.height = c.height, r.grey8 = c.grey8, r.landmarks = c.landmarks;
    r.latent.assign(c.shapeCoefficients.begin(), c.shapeCoefficients.end());
    set.references.push_back(std::move(r));
  }
  return set;
}

class ProgressLog : public ProgressSink {
 public:
  void onProgress(const ProgressInfo& info) override { last = info; }
  void onMessage(MessageLevel, const std::string& text) override { messages.push_back(text); }
  void onImageFailed(const std::string& key, const std::string& error) override { failures.push_back(key + ": " + error); }
  ProgressInfo last;
  std::vector<std::string> messages, failures;
};

struct Fixture {
  fs::path dir = cxr::test::makeTempDir("rca-job");
  std::unique_ptr<store::ReviewStore> store = std::make_unique<store::ReviewStore>((dir / "review.db").string());
  std::vector<store::RowId> versions;
  std::vector<std::vector<float>> latents;

  // Three images; the second version carries no latent.
  Fixture() {
    const store::RowId model = store->models().registerModel({"fake", "", "{}", 256});
    for (uint64_t s = 11; s <= 13; ++s) {
      const image::SyntheticCase c = synthetic(s);
      const fs::path file = dir / ("img" + std::to_string(s) + ".png");
      image::SyntheticRadiograph::writePng(c, file.string());
      store::ImageRegistration reg;
      reg.image.filePath = file.string();
      reg.image.width = c.width;
      reg.image.height = c.height;
      reg.fallbackKey = "test:" + std::to_string(s);
      const store::RowId image = store->images().registerImage(reg);
      store::NewVersion v;
      v.imageId = image;
      v.source = store::VersionSource::ModelRun;
      v.author = "fake";
      v.modelId = model;
      v.data.landmarksOriginal = c.landmarks;
      v.data.maskSpace = store::LandmarkSpace::Original;
      v.data.height = c.height;
      v.data.width = c.width;
      latents.emplace_back(c.shapeCoefficients.begin(), c.shapeCoefficients.end());
      if (s != 12) v.latent = latents.back();
      versions.push_back(store->versions().addVersion(v));
    }
  }
  ~Fixture() {
    store.reset();
    fs::remove_all(dir);
  }
};

rca::RcaParameters parameters(int k) {
  rca::RcaParameters p;
  p.k = k;
  p.size = 64;
  return p;
}

TEST(RcaJobTest, StoresResultsWithParametersResumesAndComputesMissingLatents) {
  Fixture f;
  const rca::ReferenceSet set = referenceSet();
  const rca::ReverseClassifier classifier(set, parameters(2));
  std::atomic<int> latentCalls{0};
  const std::vector<float> missing = f.latents[1];
  const LatentProvider provider = [&](const std::vector<uint8_t>& grey8, int width, int height) {
    ++latentCalls;
    EXPECT_EQ(width, kSide);
    EXPECT_EQ(grey8.size(), size_t(width) * size_t(height));
    return missing;
  };
  ProgressLog log;
  RcaJob job(*f.store, classifier);
  EXPECT_EQ(job.pendingWork().size(), 3u);
  const RunSummary s = job.run(provider, log);
  EXPECT_EQ(s.total, 3);
  EXPECT_EQ(s.succeeded, 3);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(latentCalls.load(), 1);  // only the version stored without a latent
  EXPECT_TRUE(log.last.finished);
  EXPECT_EQ(log.last.done, 3);

  for (store::RowId v : f.versions) {
    const auto r = f.store->rca().latestForVersion(v);
    ASSERT_TRUE(r) << v;
    EXPECT_EQ(r->info.parametersJson, classifier.parameters().toJson());
    const nlohmann::json params = nlohmann::json::parse(r->info.parametersJson);
    EXPECT_EQ(params.at("k"), 2);
    EXPECT_EQ(params.at("size"), 64);
    EXPECT_EQ(params.at("refset"), "engine-test");
    const nlohmann::json per = nlohmann::json::parse(r->info.perReferenceJson);
    ASSERT_EQ(per.size(), 2u);
    double best = 0;
    for (const auto& ref : per) best = std::max(best, ref.at("score").get<double>());
    EXPECT_DOUBLE_EQ(r->info.max, best);
    EXPECT_GT(r->info.max, 0.5) << r->info.perReferenceJson;  // ground-truth predictions
    // The worklist's summary row follows (trigger).
    store::Statement st(f.store->connection(), "SELECT rca_max, rca_mean FROM image_summary WHERE model_version_id = ?");
    st.bind(1, v);
    ASSERT_TRUE(st.step());
    EXPECT_DOUBLE_EQ(st.doubleAt(0), r->info.max);
    EXPECT_DOUBLE_EQ(st.doubleAt(1), r->info.mean);
  }

  // Resumed: nothing left. Other parameters: everything again.
  EXPECT_TRUE(RcaJob(*f.store, classifier).pendingWork().empty());
  EXPECT_EQ(RcaJob(*f.store, classifier).run(provider, log).total, 0);
  const rca::ReverseClassifier other(set, parameters(3));
  EXPECT_EQ(RcaJob(*f.store, other).pendingWork().size(), 3u);
}

TEST(RcaJobTest, BadImageIsReportedAndOthersStoredCancelledRunStoresNothing) {
  Fixture f;
  const rca::ReverseClassifier classifier(referenceSet(), parameters(1));
  const LatentProvider provider = [&](const std::vector<uint8_t>&, int, int) { return f.latents[1]; };

  CancellationToken cancelled;
  cancelled.cancel();
  ProgressLog log;
  const RunSummary none = RcaJob(*f.store, classifier).run(provider, log, cancelled);
  EXPECT_TRUE(none.cancelled);
  EXPECT_EQ(none.notProcessed, 3);
  for (store::RowId v : f.versions) EXPECT_FALSE(f.store->rca().latestForVersion(v));

  // The first image's file is replaced by something that is not an image.
  const auto image = f.store->images().find(f.store->versions().find(f.versions[0])->imageId);
  const std::string path = f.store->images().absolutePath(*image);
  {
    std::ofstream out(path, std::ios::trunc);
    out << "not an image";
  }
  ProgressLog log2;
  const RunSummary s = RcaJob(*f.store, classifier).run(provider, log2);
  EXPECT_EQ(s.succeeded, 2);
  EXPECT_EQ(s.failed, 1);
  ASSERT_EQ(log2.failures.size(), 1u);
  EXPECT_NE(log2.failures[0].find(path), std::string::npos) << log2.failures[0];
  EXPECT_FALSE(f.store->rca().latestForVersion(f.versions[0]));
  EXPECT_TRUE(f.store->rca().latestForVersion(f.versions[1]));
  EXPECT_EQ(RcaJob(*f.store, classifier).pendingWork().size(), 1u);  // retried by the next run
}

}  // namespace
}  // namespace cxr::engine

namespace cxr::engine {
namespace {

TEST(RcaJobTest, ReaderApprovedImagesArePromotedToReferences) {
  Fixture f;
  // Reader "dr" corrects the first image (shifts the heart) and accepts nothing else.
  const store::VersionRecord first = *f.store->versions().find(f.versions[0]);
  format::LandmarkSet corrected = *first.data.landmarksOriginal;
  for (int i = 94; i < 120; ++i) corrected[i].x += 3;
  f.store->saveCorrection(first.id, corrected, "dr");
  int64_t skipped = -1;
  const std::vector<ReferenceSource> sources = referencesFromStore(*f.store, "dr", skipped);
  EXPECT_EQ(skipped, 0);
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].id, f.store->images().find(first.imageId)->imageKey);
  EXPECT_TRUE(fs::exists(sources[0].path)) << sources[0].path;
  for (int i = 0; i < 120; ++i) {
    EXPECT_NEAR(sources[0].landmarks[i].x, corrected[i].x, 1e-9) << i;
    EXPECT_NEAR(sources[0].landmarks[i].y, corrected[i].y, 1e-9) << i;
  }
  EXPECT_TRUE(referencesFromStore(*f.store, "nobody", skipped).empty());

  // They make a reference set through the engine (latents from the provider).
  NullProgressSink quiet;
  const rca::ReferenceSet set =
      collectReferences(sources, [&](const std::vector<uint8_t>&, int, int) { return f.latents[0]; }, quiet);
  ASSERT_EQ(set.references.size(), 1u);
  EXPECT_EQ(set.references[0].width, kSide);
  EXPECT_EQ(set.references[0].latent, f.latents[0]);
}

}  // namespace
}  // namespace cxr::engine

#include "core/engine/BackgroundRca.h"

namespace cxr::engine {
namespace {

TEST(RcaJobTest, BackgroundRcaRunsOnItsOwnConnectionWithProgressAndFailsClearly) {
  Fixture f;
  rca::ReferenceSet set = referenceSet();
  set.modelSha256 = "test";
  const std::string refset = (f.dir / "refset").string();
  rca::ReferenceSetIO::write(set, refset);
  std::atomic<int> stored{0}, finished{0};
  BackgroundSegmentationCallbacks callbacks;
  callbacks.imageStored = [&](store::RowId, bool ok, const std::string&) { stored += ok ? 1 : 0; };
  callbacks.finished = [&](const RunSummary&, JobState, const std::string&) { ++finished; };
  const std::vector<float> latent = f.latents[1];
  BackgroundRca job(f.store->path(), refset, parameters(1), {},
                    [latent] { return LatentProvider([latent](const std::vector<uint8_t>&, int, int) { return latent; }); },
                    callbacks);
  job.start();
  const RunSummary s = job.wait();
  EXPECT_EQ(job.state(), JobState::Finished) << job.error();
  EXPECT_EQ(s.succeeded, 3);
  EXPECT_EQ(stored.load(), 3);
  EXPECT_EQ(finished.load(), 1);
  EXPECT_TRUE(job.lastProgress().finished);
  for (store::RowId v : f.versions) EXPECT_TRUE(f.store->rca().latestForVersion(v));  // seen by the caller's connection

  BackgroundRca bad(f.store->path(), (f.dir / "no-such-refset").string(), parameters(1), {}, {}, {});
  bad.start();
  bad.wait();
  EXPECT_EQ(bad.state(), JobState::Failed);
  EXPECT_NE(bad.error().find("no-such-refset"), std::string::npos) << bad.error();
}

}  // namespace
}  // namespace cxr::engine

// Background RCA from the application: JobController::rca runs engine::BackgroundRca on its own
// connection; progress and the end arrive as signals; the results are in the store and the
// worklist's RCA column. Versions carry their latents, so no model is needed here.
#include "core/image/SyntheticRadiograph.h"
#include "core/rca/ReferenceSet.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/JobController.h"

#include <gtest/gtest.h>

#include <QSignalSpy>

#include <filesystem>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

TEST(JobControllerRcaTest, BackgroundRcaReportsProgressAndStoresResults) {
  const auto dir = makeTempDir("gui-rca");
  image::SyntheticOptions o;
  o.width = o.height = 192;
  rca::ReferenceSet set;
  set.name = "gui";
  set.modelSha256 = "test";
  for (uint64_t s = 1; s <= 3; ++s) {
    const image::SyntheticCase c = image::SyntheticRadiograph::generate(s, o);
    rca::Reference r;
    r.id = "ref" + std::to_string(s);
    r.width = c.width, r.height = c.height, r.grey8 = c.grey8, r.landmarks = c.landmarks;
    r.latent.assign(c.shapeCoefficients.begin(), c.shapeCoefficients.end());
    set.references.push_back(std::move(r));
  }
  rca::ReferenceSetIO::write(set, (dir / "refset").string());
  const std::string db = (dir / "rca.cxrdb").string();
  std::vector<store::RowId> versions;
  {
    store::ReviewStore store(db);
    const store::RowId model = store.models().registerModel({"fake", "", "{}", 256});
    for (uint64_t s = 21; s <= 22; ++s) {
      const image::SyntheticCase c = image::SyntheticRadiograph::generate(s, o);
      const fs::path file = dir / ("img" + std::to_string(s) + ".png");
      image::SyntheticRadiograph::writePng(c, file.string());
      store::ImageRegistration reg;
      reg.image.filePath = file.string();
      reg.image.width = c.width;
      reg.image.height = c.height;
      reg.fallbackKey = "gui:" + std::to_string(s);
      store::NewVersion v;
      v.imageId = store.images().registerImage(reg);
      v.author = "fake";
      v.modelId = model;
      v.data.landmarksOriginal = c.landmarks;
      v.data.maskSpace = store::LandmarkSpace::Original;
      v.data.height = c.height;
      v.data.width = c.width;
      v.latent.assign(c.shapeCoefficients.begin(), c.shapeCoefficients.end());
      versions.push_back(store.versions().addVersion(v));
    }
  }
  widgets::JobController jobs;
  QSignalSpy started(&jobs, &widgets::JobController::started);
  QSignalSpy progress(&jobs, &widgets::JobController::progress);
  QSignalSpy stored(&jobs, &widgets::JobController::imageStored);
  QSignalSpy finished(&jobs, &widgets::JobController::finished);
  jobs.rca(QString::fromStdString(db), QString::fromStdString((dir / "refset").string()), {});
  EXPECT_TRUE(jobs.running());
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 300000));
  EXPECT_EQ(started.count(), 1);
  EXPECT_GE(progress.count(), 1);
  EXPECT_EQ(stored.count(), 2);
  const auto args = finished.takeFirst();
  EXPECT_TRUE(args.at(0).toBool()) << args.at(2).toString().toStdString();
  EXPECT_TRUE(args.at(2).toString().contains("2 scored")) << args.at(2).toString().toStdString();
  EXPECT_FALSE(jobs.running());
  store::ReviewStore check(db);
  for (store::RowId v : versions) {
    const auto r = check.rca().latestForVersion(v);
    ASSERT_TRUE(r);
    EXPECT_GT(r->info.max, 0.5) << r->info.perReferenceJson;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cxr::test

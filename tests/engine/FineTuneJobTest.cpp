// FineTuneJob without LibTorch: a scripted backend stands in for the Trainer so that the
// selection of the reader's images, the held-out split, the choice of the base model, the
// figures, the registration and cancellation are checked exactly (the real training is
// tested end to end in tests/cli/FineTuneCommandTest.cpp).
#include "core/engine/FineTuneJob.h"

#include "core/engine/EngineError.h"
#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/store/AuditLog.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

namespace cxr::engine {
namespace {

namespace fs = std::filesystem;

constexpr int kSide = 64;

// Three ellipses in 1024 space (the same truth for every image).
format::LandmarkSet truth(double dx = 0) {
  std::vector<double> xy;
  const double cx[3] = {330, 690, 540}, cy[3] = {500, 500, 640}, rx[3] = {150, 150, 130}, ry[3] = {260, 260, 110};
  const int counts[3] = {44, 50, 26};
  for (int o = 0; o < 3; ++o)
    for (int i = 0; i < counts[o]; ++i) {
      const double a = 2 * M_PI * i / counts[o];
      xy.push_back(cx[o] + dx + rx[o] * std::cos(a));
      xy.push_back(cy[o] + ry[o] * std::sin(a));
    }
  return format::LandmarkSet::fromFlat(xy);
}

store::SegmentationData data(const format::LandmarkSet& l) {
  store::SegmentationData d;
  d.landmarksModel = l;
  d.height = d.width = 1024;
  using format::Organ;
  d.rleRightLung = format::Rle::encode(format::Rasterizer::organMask(l, Organ::RightLung, 1024, 1024));
  d.rleLeftLung = format::Rle::encode(format::Rasterizer::organMask(l, Organ::LeftLung, 1024, 1024));
  d.rleHeart = format::Rle::encode(format::Rasterizer::organMask(l, Organ::Heart, 1024, 1024));
  return d;
}

// Base weights predict the truth shifted by 40 px; trained weights predict it exactly.
class ScriptedBackend : public FineTuneBackend {
 public:
  int inputSize(const std::string& path) override {
    if (!fs::exists(path)) throw std::runtime_error(path + ": no such weights");
    return kSide;
  }
  std::string train(const std::string& base, const std::vector<FineTuneSample>& train,
                    const std::vector<FineTuneSample>& heldOut, const FineTuneParams& params, const std::string& dir,
                    const std::function<void(const FineTuneEpoch&)>& onEpoch,
                    const std::function<void(int, int)>& onStep) override {
    baseSeen = base;
    for (const auto& s : train) trainKeys.insert(s.key);
    for (const auto& s : heldOut) heldOutKeys.insert(s.key);
    for (const auto& s : train) EXPECT_EQ(s.pixels.size(), std::size_t(kSide) * kSide);
    fs::create_directories(dir);
    for (int e = 1; e <= params.epochs; ++e) {
      onStep(1, 1);
      onEpoch({e, params.epochs, 1.0 / e, 0.5 / e, 10.0 / e, 0.1, 0.1 * (params.epochs - e), true, e});
    }
    const std::string best = (fs::path(dir) / "best.pt").string();
    std::ofstream(best) << "trained weights";
    return best;
  }
  std::vector<std::vector<float>> predict(const std::string& path, const std::vector<const uint8_t*>& images,
                                          const FineTuneParams&) override {
    const bool trained = std::ifstream(path).get() == 't';
    std::vector<float> l;
    for (double v : truth(trained ? 0 : 40).flat()) l.push_back(float(v / 1024.0));
    return std::vector<std::vector<float>>(images.size(), l);
  }
  std::string baseSeen;
  std::set<std::string> trainKeys, heldOutKeys;
};

class FineTuneJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = cxr::test::makeTempDir("finetune-job");
    basePath = (dir / "base.pt").string();
    std::ofstream(basePath) << "base weights";
    store = std::make_unique<store::ReviewStore>((dir / "ft.db").string());
    store->readers().ensureReader("dr.a");
    baseModel = store->models().registerModel({"base", store::Sha256::ofFile(basePath), "{}", kSide});
    image::SyntheticOptions o;
    o.width = o.height = kSide;
    // 20 images segmented by the base model.
    for (int i = 0; i < 20; ++i) {
      const image::SyntheticCase c = image::SyntheticRadiograph::generate(100 + uint64_t(i), o);
      const fs::path file = dir / ("img" + std::to_string(i) + ".png");
      image::SyntheticRadiograph::writePng(c, file.string());
      store::ImageRegistration reg;
      reg.image.filePath = file.string();
      reg.image.fileSha256 = store::Sha256::ofFile(file.string());
      reg.image.width = reg.image.height = kSide;
      store::NewVersion v;
      v.imageId = store->images().registerImage(reg);
      v.author = "base";
      v.modelId = baseModel;
      v.data = data(truth(40));
      images.push_back(v.imageId);
      modelVersions.push_back(store->versions().addVersion(v));
    }
  }
  void TearDown() override {
    store.reset();
    fs::remove_all(dir);
  }
  store::RowId correct(int i, store::ReviewStatus status = store::ReviewStatus::Corrected) {
    store::NewVersion v;
    v.imageId = images[size_t(i)];
    v.source = store::VersionSource::ReaderCorrection;
    v.parentId = modelVersions[size_t(i)];
    v.author = "dr.a";
    v.data = data(truth());
    const store::RowId id = store->versions().addVersion(v);
    review(i, status, id);
    return id;
  }
  void review(int i, store::ReviewStatus status, std::optional<store::RowId> version) {
    store::ReviewInfo r;
    r.imageId = images[size_t(i)];
    r.reader = "dr.a";
    r.status = status;
    r.versionId = version;
    store->reviews().addReview(r);
  }
  FineTuneOptions options() {
    FineTuneOptions o;
    o.reader = "dr.a";
    o.bundledModelPath = basePath;
    o.outputDir = (dir / "out").string();
    o.modelName = "base-ft";
    o.params.epochs = 3;
    return o;
  }
  fs::path dir;
  std::string basePath;
  std::unique_ptr<store::ReviewStore> store;
  store::RowId baseModel = 0;
  std::vector<store::RowId> images, modelVersions;
};

TEST_F(FineTuneJobTest, TrainsOnCorrectedAndAcceptedImagesAndRegistersTheModelWithItsLineage) {
  for (int i = 0; i < 10; ++i) correct(i);
  for (int i = 10; i < 14; ++i) review(i, store::ReviewStatus::Accepted, modelVersions[size_t(i)]);
  review(14, store::ReviewStatus::Rejected, modelVersions[14]);
  correct(15);
  review(15, store::ReviewStatus::Rejected, std::nullopt);  // the latest decision counts
  review(16, store::ReviewStatus::FlaggedOod, modelVersions[16]);
  ScriptedBackend backend;
  std::vector<FineTuneEpoch> epochs;
  std::vector<std::string> messages;
  FineTuneOptions o = options();
  o.onEpoch = [&](const FineTuneEpoch& e) { epochs.push_back(e); };
  o.message = [&](const std::string& m) { messages.push_back(m); };
  const FineTuneResult r = FineTuneJob(*store, backend, o).run();

  EXPECT_EQ(r.correctedImages, 10u);
  EXPECT_EQ(r.acceptedImages, 4u);
  EXPECT_EQ(r.trainImages + r.heldOutImages, 14u);
  EXPECT_GE(r.heldOutImages, 1u);
  EXPECT_EQ(backend.trainKeys.size(), r.trainImages);
  EXPECT_EQ(backend.heldOutKeys.size(), r.heldOutImages);
  for (const std::string& k : backend.heldOutKeys) EXPECT_TRUE(FineTuneJob::isHeldOut(k, 0.2) || r.heldOutImages == 1);
  for (const std::string& k : backend.trainKeys) EXPECT_EQ(backend.heldOutKeys.count(k), 0u);
  // The base is the model of the images' automatic segmentations, found as the bundled file.
  EXPECT_EQ(r.baseModelId, baseModel);
  EXPECT_EQ(r.baseModelName, "base");
  EXPECT_EQ(backend.baseSeen, fs::absolute(basePath).lexically_normal().string());
  ASSERT_EQ(epochs.size(), 3u);
  EXPECT_EQ(r.bestEpoch, 3);
  // Figures: the trained weights reproduce the readers' corrections, the base is 40 px off. An
  // image accepted as drawn keeps the base's landmarks as its truth, so each accepted image
  // that the key hash put in the held-out part scores Dice(truth(), truth(40)) instead of 1.
  // (Which images are held out follows their content hash: the synthetic PNGs' bytes differ
  // between compilers, GCC's and clang's floating point, so this is computed, not assumed.)
  std::size_t acceptedHeldOut = 0;
  for (int i = 10; i < 14; ++i)
    acceptedHeldOut += backend.heldOutKeys.count(store->images().find(images[size_t(i)])->imageKey);
  using format::Organ;
  using format::Rasterizer;
  const auto mask = [](const format::LandmarkSet& l, Organ o) { return Rasterizer::organMask(l, o, 1024, 1024); };
  const double shiftedLungs = format::ComparisonMetrics::dice(
      mask(truth(), Organ::RightLung).unionWith(mask(truth(), Organ::LeftLung)),
      mask(truth(40), Organ::RightLung).unionWith(mask(truth(40), Organ::LeftLung)));
  const double shiftedHeart = format::ComparisonMetrics::dice(mask(truth(), Organ::Heart), mask(truth(40), Organ::Heart));
  const double n = static_cast<double>(r.heldOutImages), a = static_cast<double>(acceptedHeldOut);
  const double expectedLungs = ((n - a) + a * shiftedLungs) / n, expectedHeart = ((n - a) + a * shiftedHeart) / n;
  EXPECT_NEAR(r.newDice.lungs, expectedLungs, 1e-12) << acceptedHeldOut << " accepted images held out";
  EXPECT_NEAR(r.newDice.heart, expectedHeart, 1e-12) << acceptedHeldOut << " accepted images held out";
  EXPECT_LT(r.baseDice.lungs, 0.95);
  EXPECT_LT(r.baseDice.heart, 0.95);
  EXPECT_EQ(r.newDice.images, r.heldOutImages);

  const auto m = store->models().find(r.modelId);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->info.name, "base-ft");
  EXPECT_EQ(m->info.inputSize, kSide);
  ASSERT_TRUE(m->lineage.parentId);
  EXPECT_EQ(*m->lineage.parentId, baseModel);
  EXPECT_EQ(m->lineage.filePath, r.modelPath);
  EXPECT_EQ(store::Sha256::ofFile(r.modelPath), m->info.fileSha256);
  const nlohmann::json training = nlohmann::json::parse(m->lineage.trainingJson);
  EXPECT_EQ(training.at("reader"), "dr.a");
  EXPECT_EQ(training.at("images"), 14);
  EXPECT_EQ(training.at("accepted_images"), 4);
  EXPECT_EQ(training.at("base_model"), "base");
  std::set<std::string> keys(training.at("held_out_keys").begin(), training.at("held_out_keys").end());
  EXPECT_EQ(keys, backend.heldOutKeys);
  EXPECT_EQ(training.at("held_out_keys_sha256"), r.heldOutSha256);
  const nlohmann::json metrics = nlohmann::json::parse(m->lineage.metricsJson);
  EXPECT_DOUBLE_EQ(metrics.at("held_out_dice").at("base").at("lungs").get<double>(), r.baseDice.lungs);
  EXPECT_DOUBLE_EQ(metrics.at("held_out_dice").at("model").at("heart").get<double>(), r.newDice.heart);
  // The base model's file is now recorded too, and the run is audited.
  EXPECT_EQ(store->models().find(baseModel)->lineage.filePath, fs::absolute(basePath).lexically_normal().string());
  bool audited = false;
  for (const auto& e : store->audit().latest(10)) audited |= e.action == "fine_tune" && e.toValue == "base-ft";
  EXPECT_TRUE(audited);

  // The split depends on the image keys only: a second run holds out the same images.
  ScriptedBackend again;
  FineTuneOptions o2 = options();
  o2.modelName = "base ft/2";
  o2.outputDir = (dir / "out2").string();
  const FineTuneResult r2 = FineTuneJob(*store, again, o2).run();
  EXPECT_EQ(again.heldOutKeys, backend.heldOutKeys);
  EXPECT_EQ(r2.heldOutSha256, r.heldOutSha256);
  // The name is the weights file's stem, made file-name safe (as the application names models).
  EXPECT_EQ(r2.modelName, "base_ft_2");
  EXPECT_EQ(fs::path(r2.modelPath).stem().string(), r2.modelName);
  EXPECT_EQ(fs::path(r2.modelPath).parent_path(), fs::absolute(dir / "out2").lexically_normal());
}

TEST_F(FineTuneJobTest, AReaderCurrentVersionIsTheGroundTruthOfAnAcceptedImage) {
  correct(0);
  // Accepted the model's version, but the reader's current version is their own correction.
  const store::RowId own = correct(1);
  review(1, store::ReviewStatus::Accepted, modelVersions[1]);
  ScriptedBackend backend;
  FineTuneJob job(*store, backend, options());
  const std::vector<FineTuneSample> samples = job.collect(kSide);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[1].versionId, own);
  EXPECT_FALSE(samples[1].corrected);
  EXPECT_EQ(samples[1].truth1024, truth());
}

TEST_F(FineTuneJobTest, LandmarksStoredInOriginalPixelsAreMappedToTheModelSpace) {
  // An accepted imported version that has landmarks in original pixels only (64 x 64 image).
  const format::LandmarkSet original = truth().scaled(double(kSide) / 1024.0);
  store::NewVersion v;
  v.imageId = images[2];
  v.source = store::VersionSource::CsvImport;
  v.author = "base";
  v.modelId = baseModel;
  v.data.landmarksOriginal = original;
  v.data.maskSpace = store::LandmarkSpace::Original;
  v.data.height = v.data.width = kSide;
  using format::Organ;
  v.data.rleRightLung = format::Rle::encode(format::Rasterizer::organMask(original, Organ::RightLung, kSide, kSide));
  v.data.rleLeftLung = format::Rle::encode(format::Rasterizer::organMask(original, Organ::LeftLung, kSide, kSide));
  v.data.rleHeart = format::Rle::encode(format::Rasterizer::organMask(original, Organ::Heart, kSide, kSide));
  const store::RowId imported = store->versions().addVersion(v);
  review(2, store::ReviewStatus::Accepted, imported);
  ScriptedBackend backend;
  const std::vector<FineTuneSample> samples = FineTuneJob(*store, backend, options()).collect(kSide);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].versionId, imported);
  for (int i = 0; i < format::LandmarkSet::size(); ++i) {
    EXPECT_NEAR(samples[0].truth1024[i].x, truth()[i].x, 1e-6) << i;
    EXPECT_NEAR(samples[0].truth1024[i].y, truth()[i].y, 1e-6) << i;
  }
}

TEST_F(FineTuneJobTest, BadInputFailsClearlyAndRegistersNothing) {
  ScriptedBackend backend;
  FineTuneOptions o = options();
  o.reader = "nobody";
  EXPECT_THROW(FineTuneJob(*store, backend, o).run(), EngineError);
  o.reader = "dr.a";
  try {
    FineTuneJob(*store, backend, o).run();
    ADD_FAILURE() << "a reader without corrections must fail";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("no corrected or accepted image"), std::string::npos) << e.what();
  }
  for (int i = 0; i < 4; ++i) correct(i);
  // The images' model is known only by its hash: a bundled file with other content is refused.
  const std::string other = (dir / "other.pt").string();
  std::ofstream(other) << "other weights";
  o.bundledModelPath = other;
  try {
    FineTuneJob(*store, backend, o).run();
    ADD_FAILURE() << "an unknown base file must fail";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("--base"), std::string::npos) << e.what();
  }
  // An unreadable image is skipped and named; the run goes on.
  fs::remove(dir / "img0.png");
  o.bundledModelPath = basePath;
  const FineTuneResult r = FineTuneJob(*store, backend, o).run();
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_NE(r.skipped[0].find("img0.png"), std::string::npos) << r.skipped[0];
  EXPECT_EQ(r.trainImages + r.heldOutImages, 3u);
  EXPECT_EQ(store->models().list().size(), 2u);  // base + base-ft
}

TEST(FineTuneDiceTest, NonFinitePredictionsCountAsZero) {
  FineTuneSample s;
  s.truth1024 = truth();
  std::vector<float> exact;
  for (double v : truth().flat()) exact.push_back(float(v / 1024.0));
  std::vector<float> broken = exact;
  broken[17] = std::nanf("");
  const OrganDice d = FineTuneJob::dice({s, s}, {exact, broken});
  EXPECT_EQ(d.images, 2u);
  EXPECT_EQ(d.nonFinite, 1u);
  EXPECT_DOUBLE_EQ(d.lungs, 0.5);
  EXPECT_DOUBLE_EQ(d.heart, 0.5);
}

TEST_F(FineTuneJobTest, CancelledRunRegistersNoModel) {
  for (int i = 0; i < 6; ++i) correct(i);
  ScriptedBackend backend;
  FineTuneOptions o = options();
  o.onEpoch = [&](const FineTuneEpoch&) { o.cancel.cancel(); };
  FineTuneJob job(*store, backend, o);
  EXPECT_THROW(job.run(), EngineError);
  EXPECT_EQ(store->models().list().size(), 1u);
  EXPECT_FALSE(store->models().findByName("base-ft"));
}

}  // namespace
}  // namespace cxr::engine

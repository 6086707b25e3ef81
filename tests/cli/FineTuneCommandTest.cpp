// `chexreview-cli train --from-db DB --reader NAME`: fine-tuning the bundled model on a reader's
// corrections of synthetic radiographs improves the Dice on other radiographs of the same kind,
// and the new model is registered with its parent, data and figures (issue 14).
#include "tests/cli/CliRunner.h"

#include "core/engine/FineTuneJob.h"
#include "core/engine/ModelFineTuneBackend.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/model/WeightsFile.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/SchemaMigrator.h"
#include "core/store/Sha256.h"
#include "core/store/VersionRepository.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace cxr {
namespace {

namespace fs = std::filesystem;

const std::string kDemoModel = std::string(CXR_SOURCE_DIR) + "/models/hybridgnet-jsrt256.pt";
// Radiographs at the demo model's input side (256 today), so its preprocessing is the identity
// and the test's own evaluation can hand the pixels to the model as they are.
int side() {
  static const int s = fs::exists(kDemoModel) ? model::WeightsFile::validate(kDemoModel).inputSize : 256;
  return s;
}
constexpr const char* kReader = "dr.synthetic";

fs::path tempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The kind of radiograph: the generator's synthetic chests, photometrically inverted (as a
// MONOCHROME1 file shown without its LUT), a systematic difference the JSRT-trained base
// model has never seen.
image::SyntheticCase makeCase(uint64_t seed) {
  image::SyntheticOptions options;
  options.width = options.height = side();
  image::SyntheticCase c = image::SyntheticRadiograph::generate(seed, options);
  for (uint8_t& v : c.grey8) v = static_cast<uint8_t>(255 - v);
  return c;
}

store::SegmentationData segmentationOf(const format::LandmarkSet& landmarks1024) {
  store::SegmentationData d;
  d.landmarksModel = landmarks1024;
  d.maskSpace = store::LandmarkSpace::Model;
  d.height = d.width = 1024;
  d.rleRightLung = format::Rle::encode(format::Rasterizer::organMask(landmarks1024, format::Organ::RightLung, 1024, 1024));
  d.rleLeftLung = format::Rle::encode(format::Rasterizer::organMask(landmarks1024, format::Organ::LeftLung, 1024, 1024));
  d.rleHeart = format::Rle::encode(format::Rasterizer::organMask(landmarks1024, format::Organ::Heart, 1024, 1024));
  return d;
}

// 40 images corrected by the reader in a database; 20 others of the same kind returned.
std::vector<engine::FineTuneSample> buildDatabase(const fs::path& dir, const fs::path& db) {
  store::ReviewStore store(db.string());
  store.readers().ensureReader(kReader);
  fs::create_directories(dir / "images");
  std::vector<engine::FineTuneSample> others;
  for (int i = 0; i < 60; ++i) {
    const image::SyntheticCase c = makeCase(7000 + uint64_t(i));
    if (i >= 40) {
      engine::FineTuneSample s;
      s.key = "other-" + std::to_string(i);
      s.size = side();
      s.pixels = c.grey8;
      s.truth1024 = c.landmarks1024;
      others.push_back(std::move(s));
      continue;
    }
    const fs::path file = dir / "images" / ("synth_" + std::to_string(i) + ".png");
    image::SyntheticCase written = c;
    image::SyntheticRadiograph::writePng(written, file.string());
    store::ImageRegistration reg;
    reg.image.filePath = file.string();
    reg.image.fileSha256 = store::Sha256::ofFile(file.string());
    reg.image.fileSize = static_cast<int64_t>(fs::file_size(file));
    reg.image.width = reg.image.height = side();
    const store::RowId imageId = store.images().registerImage(reg);
    store::NewVersion v;
    v.imageId = imageId;
    v.source = store::VersionSource::ReaderCorrection;
    v.author = kReader;
    v.data = segmentationOf(c.landmarks1024);
    const store::RowId versionId = store.versions().addVersion(v);
    store::ReviewInfo review;
    review.imageId = imageId;
    review.reader = kReader;
    review.status = store::ReviewStatus::Corrected;
    review.versionId = versionId;
    store.reviews().addReview(review);
  }
  return others;
}

TEST(FineTuneCommandTest, FineTuningOnCorrectionsImprovesDiceAndRegistersTheModel) {
  if (!fs::exists(kDemoModel)) GTEST_SKIP() << "bundled model " << kDemoModel << " is absent";
  const fs::path dir = tempDir("cxr-finetune");
  const fs::path db = dir / "review.db";
  const std::vector<engine::FineTuneSample> others = buildDatabase(dir, db);

  // Passive OpenMP waiting for the training child (5x faster on a loaded machine; see
  // docs/performance.md); an explicit setting in the environment wins.
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  const test::CliResult r = test::runCli({"train", "--from-db", db.string(), "--reader", kReader, "--base", kDemoModel,
                                          "--epochs", "6", "--lr", "3e-4", "--threads", "2", "--name", "synthetic-ft",
                                          "-o", (dir / "out").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  std::printf("%s", r.output.c_str());
  EXPECT_NE(r.output.find("base hybridgnet-jsrt256"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("new  synthetic-ft"), std::string::npos) << r.output;

  // Registered with its parent, its data and its held-out figures.
  store::ReviewStore store(db.string());
  EXPECT_EQ(store.schemaVersion(), store::kCurrentSchemaVersion);
  const auto model = store.models().findByName("synthetic-ft");
  const auto parent = store.models().findByName("hybridgnet-jsrt256");
  ASSERT_TRUE(model && parent);
  ASSERT_TRUE(model->lineage.parentId.has_value());
  EXPECT_EQ(*model->lineage.parentId, parent->id);
  EXPECT_EQ(model->info.inputSize, side());
  ASSERT_TRUE(fs::exists(model->lineage.filePath));
  EXPECT_EQ(store::Sha256::ofFile(model->lineage.filePath), model->info.fileSha256);
  const nlohmann::json training = nlohmann::json::parse(model->lineage.trainingJson);
  EXPECT_EQ(training.at("reader"), kReader);
  EXPECT_EQ(training.at("images"), 40);
  EXPECT_EQ(training.at("corrected_images"), 40);
  const int heldOut = training.at("held_out_images");
  EXPECT_GE(heldOut, 1);
  EXPECT_EQ(training.at("train_images").get<int>() + heldOut, 40);
  EXPECT_EQ(training.at("held_out_keys").size(), std::size_t(heldOut));
  const nlohmann::json metrics = nlohmann::json::parse(model->lineage.metricsJson);
  for (const char* m : {"base", "model"})
    for (const char* organ : {"right_lung", "left_lung", "lungs", "heart"})
      EXPECT_TRUE(metrics.at("held_out_dice").at(m).at(organ).is_number()) << m << " " << organ;

  // `db models` shows the lineage.
  const test::CliResult listed = test::runCli({"db", "models", db.string()});
  ASSERT_EQ(listed.exitCode, 0) << listed.output;
  EXPECT_NE(listed.output.find("synthetic-ft (input 256, SHA-256 " + model->info.fileSha256.substr(0, 12) + ", parent " +
                               std::to_string(parent->id) + " hybridgnet-jsrt256)"),
            std::string::npos)
      << listed.output;
  EXPECT_NE(listed.output.find("\"held_out_dice\""), std::string::npos) << listed.output;

  // On the 20 radiographs the run never saw, the new model beats its parent.
  engine::ModelFineTuneBackend backend;
  engine::FineTuneParams params;
  params.threads = 2;
  const engine::OrganDice before = engine::FineTuneJob::evaluate(backend, kDemoModel, others, params);
  const engine::OrganDice after = engine::FineTuneJob::evaluate(backend, model->lineage.filePath, others, params);
  std::printf("[ measured ] Dice on 20 unseen synthetic radiographs, base -> fine-tuned: lungs %.4f -> %.4f, "
              "heart %.4f -> %.4f (right %.4f -> %.4f, left %.4f -> %.4f)\n",
              before.lungs, after.lungs, before.heart, after.heart, before.rightLung, after.rightLung,
              before.leftLung, after.leftLung);
  EXPECT_GT(after.lungs, before.lungs + 0.02);
  EXPECT_GT(after.heart, before.heart + 0.02);
  fs::remove_all(dir);
}

TEST(FineTuneCommandTest, UnknownReaderAndMissingOptionsFailClearly) {
  const fs::path dir = tempDir("cxr-finetune-bad");
  const fs::path db = dir / "review.db";
  { store::ReviewStore store(db.string()); }
  const test::CliResult unknown = test::runCli({"train", "--from-db", db.string(), "--reader", "nobody", "-o",
                                                (dir / "out").string()});
  EXPECT_EQ(unknown.exitCode, 1) << unknown.output;
  EXPECT_NE(unknown.output.find("no reader 'nobody'"), std::string::npos) << unknown.output;
  const test::CliResult noReader = test::runCli({"train", "--from-db", db.string()});
  EXPECT_EQ(noReader.exitCode, 2) << noReader.output;
  // Options of file training are refused with --from-db, never silently ignored.
  const test::CliResult fileOption = test::runCli({"train", "--from-db", db.string(), "--reader", "nobody",
                                                   "--input-size", "128"});
  EXPECT_EQ(fileOption.exitCode, 2) << fileOption.output;
  EXPECT_NE(fileOption.output.find("--input-size"), std::string::npos) << fileOption.output;
  {
    store::ReviewStore store(db.string());
    store.readers().ensureReader("idle");
  }
  const test::CliResult nothing = test::runCli({"train", "--from-db", db.string(), "--reader", "idle", "-o",
                                                (dir / "out").string()});
  EXPECT_EQ(nothing.exitCode, 1) << nothing.output;
  EXPECT_NE(nothing.output.find("no corrected or accepted image"), std::string::npos) << nothing.output;
  EXPECT_EQ(store::ReviewStore(db.string()).models().list().size(), 0u);
  fs::remove_all(dir);
}

TEST(FineTuneCommandTest, WithoutBaseAndRecordedModelTheBundledModelIsTheParent) {
  if (!fs::exists(kDemoModel)) GTEST_SKIP() << "bundled model " << kDemoModel << " is absent";
  const fs::path dir = tempDir("cxr-finetune-default");
  const fs::path db = dir / "review.db";
  {
    store::ReviewStore store(db.string());
    store.readers().ensureReader(kReader);
    fs::create_directories(dir / "images");
    for (int i = 0; i < 4; ++i) {
      const image::SyntheticCase c = makeCase(8000 + uint64_t(i));
      const fs::path file = dir / "images" / ("s" + std::to_string(i) + ".png");
      image::SyntheticRadiograph::writePng(c, file.string());
      store::ImageRegistration reg;
      reg.image.filePath = file.string();
      reg.image.fileSha256 = store::Sha256::ofFile(file.string());
      reg.image.width = reg.image.height = side();
      store::NewVersion v;
      v.imageId = store.images().registerImage(reg);
      v.source = store::VersionSource::ReaderCorrection;
      v.author = kReader;
      v.data = segmentationOf(c.landmarks1024);
      store::ReviewInfo review;
      review.imageId = v.imageId;
      review.reader = kReader;
      review.status = store::ReviewStatus::Corrected;
      review.versionId = store.versions().addVersion(v);
      store.reviews().addReview(review);
    }
  }
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  // No -o: checkpoints and weights go next to the database.
  const test::CliResult r = test::runCli({"train", "--from-db", db.string(), "--reader", kReader, "--epochs", "1",
                                          "--threads", "2"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("base model: the bundled model"), std::string::npos) << r.output;
  store::ReviewStore store(db.string());
  const auto models = store.models().list();
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].info.name, "hybridgnet-jsrt256");
  EXPECT_EQ(models[0].info.fileSha256, store::Sha256::ofFile(kDemoModel));
  ASSERT_TRUE(models[1].lineage.parentId);
  EXPECT_EQ(*models[1].lineage.parentId, models[0].id);
  EXPECT_EQ(models[1].info.name.rfind("hybridgnet-jsrt256-ft-dr.synthetic-", 0), 0u) << models[1].info.name;
  EXPECT_EQ(fs::path(models[1].lineage.filePath).parent_path(),
            fs::weakly_canonical(dir / "fine-tuned" / kReader));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cxr

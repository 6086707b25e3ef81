#include "core/review/CaseService.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/review/ReviewError.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ComparisonRepository.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/EllipseLandmarks.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

using namespace cxr::review;
namespace fs = std::filesystem;
namespace store = cxr::store;
namespace fmt = cxr::format;

namespace {

const std::string kImage = "00001437_024.png";

/// The NIH CheXmask rows (model CSV with the image files of images/nih, both physicians'
/// corrections) imported once; every test works on its own copy of that database.
class CaseServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(cxr::test::sharedData("chexmask/ChestX-Ray8.csv"))) return;
    s_dir = cxr::test::makeTempDir("case-service");
    store::ReviewStore base((s_dir / "base.db").string());
    store::CsvImportOptions model;
    model.imageRoot = cxr::test::sharedData("images/nih").string();
    store::CheXmaskImporter importer(base);
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string(), model);
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string());
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8_martina_annotations.csv").string());
  }
  static void TearDownTestSuite() {
    if (!s_dir.empty()) fs::remove_all(s_dir);
  }

  void SetUp() override {
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
    CXR_REQUIRE_SHARED("images/nih/" + kImage);
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_db = s_dir / (name + ".db");
    fs::copy_file(s_dir / "base.db", m_db, fs::copy_options::overwrite_existing);
    m_store = std::make_unique<store::ReviewStore>(m_db.string());
    const auto dataset = m_store->datasets().findByName("ChestX-Ray8");
    ASSERT_TRUE(dataset.has_value());
    m_imageId = m_store->datasets().imageByExternalId(dataset->id, kImage).value_or(0);
    ASSERT_GT(m_imageId, 0);
    m_modelId = m_store->versions().latestModelVersion(m_imageId).value_or(0);
    ASSERT_GT(m_modelId, 0);
  }

  /// The landmarks a CheXmask CSV gives the NIH image.
  static fmt::LandmarkSet csvLandmarks(const std::string& file) {
    fmt::CheXmaskCsvReader reader(cxr::test::sharedData("chexmask/" + file).string());
    fmt::CheXmaskRow row;
    while (reader.next(row))
      if (row.imageId == kImage) return row.landmarks;
    ADD_FAILURE() << kImage << " not in " << file;
    return {};
  }

  /// The model's landmarks with right-lung landmark 10 moved by (25, 10) pixels.
  static fmt::LandmarkSet edited(const ReviewCase& c, double dx = 25) {
    fmt::LandmarkSet landmarks = c.modelVersion->landmarks;
    landmarks[10].x += dx;
    landmarks[10].y += 10;
    return landmarks;
  }

  EditRequest edit(const ReviewCase& c, const std::string& reader, double dx = 25) const {
    EditRequest request;
    request.imageId = m_imageId;
    request.parentVersionId = c.reviewVersion->id;
    request.expectedCurrentVersionId = c.readerCurrentVersionId;
    request.landmarks = edited(c, dx);
    request.space = store::LandmarkSpace::Original;
    request.reader = reader;
    request.timeSpentSeconds = 42.5;
    return request;
  }

  ReviewRequest decision(Decision d, const std::string& reader, std::optional<store::RowId> expected,
                         const std::string& comment = "") const {
    ReviewRequest request;
    request.imageId = m_imageId;
    request.decision = d;
    request.reader = reader;
    request.expectedCurrentVersionId = expected;
    request.timeSpentSeconds = 3;
    request.comment = comment;
    return request;
  }

  static inline fs::path s_dir;
  fs::path m_db;
  std::unique_ptr<store::ReviewStore> m_store;
  store::RowId m_imageId = 0;
  store::RowId m_modelId = 0;
};

}  // namespace

TEST_F(CaseServiceTest, NewReaderSeesTheModelVersionInOriginalPixels) {
  const ReviewCase c = CaseService(*m_store).load(m_imageId, "ana");
  ASSERT_TRUE(c.modelVersion.has_value());
  ASSERT_TRUE(c.reviewVersion.has_value());
  EXPECT_EQ(c.modelVersion->id, m_modelId);
  EXPECT_EQ(c.reviewVersion->id, m_modelId);
  EXPECT_TRUE(c.reviewVersion->fromModel);
  EXPECT_EQ(c.reviewVersion->source, store::VersionSource::CsvImport);
  // The image is 1024 x 1024, so original pixels equal the CSV's 1024-space landmarks.
  EXPECT_EQ(c.reviewVersion->landmarks, csvLandmarks("ChestX-Ray8.csv"));
  EXPECT_EQ(c.height, 1024);
  EXPECT_EQ(c.width, 1024);
  EXPECT_EQ(c.preprocess.squareSide, 1024);
  EXPECT_EQ(c.preprocess.padLeft, 0);
  EXPECT_EQ(c.displayId, kImage);
  EXPECT_EQ(c.dataset, "ChestX-Ray8");
  EXPECT_TRUE(fs::equivalent(c.filePath, cxr::test::sharedData("images/nih/" + kImage)));
  EXPECT_FALSE(c.readerCurrentVersionId.has_value());
  EXPECT_EQ(c.status, store::ReviewStatus::Pending);
  EXPECT_EQ(c.versions.size(), 3u);  // model row, julia's and martina's corrections
  EXPECT_EQ(c.history.size(), 2u);   // the two imported corrections
  EXPECT_EQ(c.timeSpentSeconds, 0);
}

TEST_F(CaseServiceTest, ReaderJuliaGetsHerImportedCorrection) {
  const ReviewCase c = CaseService(*m_store).load(m_imageId, "julia");
  ASSERT_TRUE(c.reviewVersion.has_value());
  ASSERT_TRUE(c.readerCurrentVersionId.has_value());
  EXPECT_EQ(c.reviewVersion->id, *c.readerCurrentVersionId);
  EXPECT_EQ(c.reviewVersion->source, store::VersionSource::ReaderCorrection);
  EXPECT_EQ(c.reviewVersion->author, "julia");
  EXPECT_FALSE(c.reviewVersion->fromModel);
  EXPECT_EQ(c.reviewVersion->parentId, m_modelId);
  EXPECT_EQ(c.reviewVersion->landmarks, csvLandmarks("ChestX-Ray8_julia_annotations.csv"));
  EXPECT_NE(c.reviewVersion->landmarks, c.modelVersion->landmarks);
  EXPECT_EQ(c.status, store::ReviewStatus::Corrected);
}

TEST_F(CaseServiceTest, EditInOriginalSpaceStoresBothSpacesMasksAndTheTrueDice) {
  CaseService service(*m_store);
  const ReviewCase before = service.load(m_imageId, "ana");
  const int64_t reviews = m_store->status().reviews;
  const EditRequest request = edit(before, "ana");
  const SaveResult result = service.saveEdit(request);
  ASSERT_TRUE(result.saved) << result.message;
  EXPECT_FALSE(result.conflict);
  EXPECT_EQ(result.currentVersionId, result.versionId);
  EXPECT_FALSE(result.reviewId.has_value());

  const auto stored = m_store->versions().find(result.versionId);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->source, store::VersionSource::ReaderCorrection);
  EXPECT_EQ(stored->author, "ana");
  EXPECT_EQ(stored->parentId, m_modelId);
  EXPECT_DOUBLE_EQ(stored->timeSpentSeconds, 42.5);
  ASSERT_TRUE(stored->data.landmarksOriginal.has_value());
  ASSERT_TRUE(stored->data.landmarksModel.has_value());
  EXPECT_EQ(*stored->data.landmarksOriginal, request.landmarks);
  EXPECT_EQ(*stored->data.landmarksModel, request.landmarks);  // 1024 x 1024 image: same numbers
  // The parent's masks are model space (1024): the new ones follow, drawn by the CheXmask rule.
  EXPECT_EQ(stored->data.maskSpace, store::LandmarkSpace::Model);
  ASSERT_EQ(stored->data.height, 1024);
  for (fmt::Organ organ : fmt::kOrgans)
    EXPECT_EQ(fmt::Rle::decode(stored->data.rle(organ), 1024, 1024),
              fmt::Rasterizer::organMask(request.landmarks, organ, 1024, 1024));

  const auto comparison = m_store->comparisons().find(m_modelId, result.versionId);
  ASSERT_TRUE(comparison.has_value());
  EXPECT_LT(comparison->info.diceLungs, 1.0);
  EXPECT_GT(comparison->info.diceLungs, 0.95);
  EXPECT_DOUBLE_EQ(comparison->info.diceHeart, 1.0);
  ASSERT_TRUE(result.comparison.has_value());
  EXPECT_DOUBLE_EQ(result.comparison->diceLungs, comparison->info.diceLungs);

  EXPECT_EQ(m_store->status().reviews, reviews);  // an edit is not a decision
  const ReviewCase after = service.load(m_imageId, "ana");
  EXPECT_EQ(after.readerCurrentVersionId, result.versionId);
  EXPECT_EQ(after.reviewVersion->landmarks, request.landmarks);
  EXPECT_EQ(after.status, store::ReviewStatus::Pending);
  EXPECT_DOUBLE_EQ(after.timeSpentSeconds, 42.5);
}

TEST_F(CaseServiceTest, IdenticalEditMakesTheExistingVersionCurrentWithoutADuplicate) {
  CaseService service(*m_store);
  const ReviewCase c = service.load(m_imageId, "ana");
  const SaveResult first = service.saveEdit(edit(c, "ana", 25));
  EditRequest second = edit(c, "ana", 40);
  second.expectedCurrentVersionId = first.versionId;
  const SaveResult other = service.saveEdit(second);
  ASSERT_TRUE(other.saved);
  ASSERT_NE(other.versionId, first.versionId);
  const int64_t versions = m_store->status().versions;
  EditRequest again = edit(c, "ana", 25);
  again.expectedCurrentVersionId = other.versionId;
  const SaveResult repeated = service.saveEdit(again);
  ASSERT_TRUE(repeated.saved) << repeated.message;
  EXPECT_EQ(repeated.versionId, first.versionId);
  EXPECT_EQ(m_store->status().versions, versions);
  EXPECT_EQ(m_store->versions().current(m_imageId, "ana")->id, first.versionId);
}

TEST_F(CaseServiceTest, SecondWriterWithAStalePointerGetsAConflictAndWritesNothing) {
  store::ReviewStore storeB(m_db.string());
  CaseService a(*m_store), b(storeB);
  const ReviewCase caseA = a.load(m_imageId, "ana");
  const ReviewCase caseB = b.load(m_imageId, "ana");
  const SaveResult saved = a.saveEdit(edit(caseA, "ana", 25));
  ASSERT_TRUE(saved.saved);

  const store::StoreStatus before = m_store->status();
  const SaveResult stale = b.saveEdit(edit(caseB, "ana", 60));
  EXPECT_TRUE(stale.conflict);
  EXPECT_FALSE(stale.saved);
  EXPECT_EQ(stale.currentVersionId, saved.versionId);
  EXPECT_NE(stale.message.find(kImage), std::string::npos) << stale.message;
  const SaveResult staleDecision = b.review(decision(Decision::Accept, "ana", caseB.readerCurrentVersionId));
  EXPECT_TRUE(staleDecision.conflict);
  const SaveResult staleUndo = b.setCurrent(m_imageId, "ana", m_modelId, caseB.readerCurrentVersionId);
  EXPECT_TRUE(staleUndo.conflict);
  const store::StoreStatus after = m_store->status();
  EXPECT_EQ(after.versions, before.versions);
  EXPECT_EQ(after.reviews, before.reviews);
  EXPECT_EQ(after.comparisons, before.comparisons);
  EXPECT_EQ(m_store->versions().current(m_imageId, "ana")->id, saved.versionId);

  // After reloading, B saves.
  const ReviewCase reloaded = b.load(m_imageId, "ana");
  EditRequest fresh = edit(reloaded, "ana", 60);
  fresh.parentVersionId = reloaded.reviewVersion->id;
  EXPECT_TRUE(b.saveEdit(fresh).saved);
}

TEST_F(CaseServiceTest, DecisionsRecordTheirRowsAndStatuses) {
  CaseService service(*m_store);
  const ReviewCase c = service.load(m_imageId, "ana");
  SaveResult r = service.review(decision(Decision::Accept, "ana", std::nullopt));
  ASSERT_TRUE(r.saved) << r.message;
  EXPECT_EQ(r.status, store::ReviewStatus::Accepted);  // the untouched model version
  EXPECT_EQ(r.versionId, m_modelId);
  ASSERT_TRUE(r.reviewId.has_value());
  EXPECT_EQ(m_store->reviews().latest(m_imageId, "ana")->info.versionId, m_modelId);

  const SaveResult saved = service.saveEdit(edit(c, "ana"));
  EXPECT_EQ(saved.status, store::ReviewStatus::Accepted);  // saving is not a decision
  const std::optional<store::RowId> current = saved.versionId;
  r = service.review(decision(Decision::Accept, "ana", current));
  EXPECT_EQ(r.status, store::ReviewStatus::Corrected);  // accepting an edited mask is a correction
  EXPECT_EQ(m_store->reviews().latest(m_imageId, "ana")->info.versionId, saved.versionId);

  r = service.review(decision(Decision::Comment, "ana", current, "left costophrenic angle unclear"));
  EXPECT_EQ(r.status, store::ReviewStatus::Corrected);
  EXPECT_EQ(m_store->reviews().latest(m_imageId, "ana")->info.comment, "left costophrenic angle unclear");
  EXPECT_EQ(service.review(decision(Decision::Reject, "ana", current)).status, store::ReviewStatus::Rejected);
  EXPECT_EQ(service.review(decision(Decision::FlagOutOfDistribution, "ana", current)).status,
            store::ReviewStatus::FlaggedOod);
  EXPECT_EQ(m_store->reviews().status(m_imageId, "ana"), store::ReviewStatus::FlaggedOod);
  EXPECT_EQ(service.review(decision(Decision::MarkCorrected, "ana", current)).status,
            store::ReviewStatus::Corrected);
  EXPECT_THROW(service.review(decision(Decision::Comment, "ana", current)), ReviewError);  // no text

  const ReviewCase after = service.load(m_imageId, "ana");
  int mine = 0;
  for (const auto& review : after.history) mine += review.info.reader == "ana";
  EXPECT_EQ(mine, 6);
  EXPECT_EQ(after.status, store::ReviewStatus::Corrected);
  EXPECT_DOUBLE_EQ(after.timeSpentSeconds, 42.5 + 6 * 3);
}

TEST_F(CaseServiceTest, SetCurrentUndoesToTheModelAndRedoesOntoTheCorrection) {
  CaseService service(*m_store);
  const ReviewCase c = service.load(m_imageId, "ana");
  const SaveResult saved = service.saveEdit(edit(c, "ana"));
  const SaveResult undo = service.setCurrent(m_imageId, "ana", m_modelId, saved.versionId);
  ASSERT_TRUE(undo.saved) << undo.message;
  EXPECT_EQ(undo.currentVersionId, m_modelId);
  const ReviewCase reset = service.load(m_imageId, "ana");
  EXPECT_EQ(reset.reviewVersion->id, m_modelId);
  EXPECT_EQ(reset.reviewVersion->landmarks, c.modelVersion->landmarks);
  EXPECT_EQ(service.review(decision(Decision::Accept, "ana", m_modelId)).status, store::ReviewStatus::Accepted);
  const SaveResult redo = service.setCurrent(m_imageId, "ana", saved.versionId, m_modelId);
  ASSERT_TRUE(redo.saved);
  EXPECT_EQ(service.load(m_imageId, "ana").reviewVersion->id, saved.versionId);
}

TEST_F(CaseServiceTest, BadRequestsAreErrorsNamingTheImage) {
  CaseService service(*m_store);
  const ReviewCase c = service.load(m_imageId, "ana");
  EXPECT_THROW(service.load(987654, "ana"), ReviewError);
  EXPECT_THROW(service.load(m_imageId, ""), ReviewError);

  EditRequest noReader = edit(c, "");
  EXPECT_THROW(service.saveEdit(noReader), ReviewError);

  const auto dataset = m_store->datasets().findByName("ChestX-Ray8");
  const store::RowId otherImage = m_store->datasets().imageByExternalId(dataset->id, "00028162_002.png").value_or(0);
  ASSERT_GT(otherImage, 0);
  EditRequest wrongParent = edit(c, "ana");
  wrongParent.parentVersionId = *m_store->versions().latestModelVersion(otherImage);
  try {
    service.saveEdit(wrongParent);
    FAIL() << "a parent of another image was accepted";
  } catch (const ReviewError& e) {
    EXPECT_NE(std::string(e.what()).find(kImage), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("belongs to image"), std::string::npos) << e.what();
  }

  EditRequest notFinite = edit(c, "ana");
  notFinite.landmarks[5].y = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(service.saveEdit(notFinite), ReviewError);
  EditRequest farAway = edit(c, "ana");
  farAway.landmarks[7].x = 5000;
  try {
    service.saveEdit(farAway);
    FAIL() << "a landmark far outside the image was accepted";
  } catch (const ReviewError& e) {
    EXPECT_NE(std::string(e.what()).find("landmark 7"), std::string::npos) << e.what();
  }
  EXPECT_THROW(service.setCurrent(m_imageId, "ana", wrongParent.parentVersionId, std::nullopt), ReviewError);
  EXPECT_FALSE(m_store->versions().current(m_imageId, "ana").has_value());  // nothing was written
}

namespace {

/// A registered 2000 (rows) x 1500 (columns) image without a file and a model-space version:
/// square side 2000, 250 columns of padding on the left.
struct SyntheticCase {
  explicit SyntheticCase(const fs::path& dir) : db((dir / "synthetic.db").string()) {
    store::ImageRegistration registration;
    registration.fallbackKey = "synthetic:tall-2000x1500";
    registration.image.height = 2000;
    registration.image.width = 1500;
    imageId = db.images().registerImage(registration);
    store::NewVersion version;
    version.imageId = imageId;
    version.source = store::VersionSource::CsvImport;
    version.author = "chexmask";
    version.data.maskSpace = store::LandmarkSpace::Model;
    version.data.landmarksModel = cxr::test::ellipseLandmarks();
    for (fmt::Organ organ : fmt::kOrgans)
      version.data.rle(organ) =
          fmt::Rle::encode(fmt::Rasterizer::organMask(*version.data.landmarksModel, organ, 1024, 1024));
    modelId = db.versions().addVersion(version);
  }
  store::ReviewStore db;
  store::RowId imageId = 0;
  store::RowId modelId = 0;
};

/// The square padding of the 2000 x 1500 image, written out by hand.
fmt::Point expectedOriginal(const fmt::Point& model) { return {model.x * 2000.0 / 1024.0 - 250, model.y * 2000.0 / 1024.0}; }
fmt::Point expectedModel(const fmt::Point& original) {
  return {(original.x + 250) * 1024.0 / 2000.0, original.y * 1024.0 / 2000.0};
}

}  // namespace

TEST(CaseServiceSyntheticTest, TallImageConvertsThroughSquarePaddingInBothDirections) {
  const fs::path dir = cxr::test::makeTempDir("case-synthetic");
  SyntheticCase synthetic(dir);
  CaseService service(synthetic.db);
  const ReviewCase c = service.load(synthetic.imageId, "ana");
  EXPECT_EQ(c.height, 2000);
  EXPECT_EQ(c.width, 1500);
  EXPECT_TRUE(c.filePath.empty());
  EXPECT_EQ(c.displayId, "synthetic:tall-2000x1500");
  EXPECT_EQ(c.preprocess.squareSide, 2000);
  EXPECT_EQ(c.preprocess.padLeft, 250);
  EXPECT_EQ(c.preprocess.padTop, 0);
  ASSERT_TRUE(c.reviewVersion.has_value());
  const fmt::LandmarkSet model = cxr::test::ellipseLandmarks();
  for (int i = 0; i < fmt::LandmarkSet::size(); ++i) {
    EXPECT_NEAR(c.reviewVersion->landmarks[i].x, expectedOriginal(model[i]).x, 1e-9) << i;
    EXPECT_NEAR(c.reviewVersion->landmarks[i].y, expectedOriginal(model[i]).y, 1e-9) << i;
  }

  // Original space in: the model space is derived.
  EditRequest request;
  request.imageId = synthetic.imageId;
  request.parentVersionId = synthetic.modelId;
  request.landmarks = c.reviewVersion->landmarks;
  request.landmarks[3] = {400.5, 700.25};
  request.space = store::LandmarkSpace::Original;
  request.reader = "ana";
  const SaveResult fromOriginal = service.saveEdit(request);
  ASSERT_TRUE(fromOriginal.saved) << fromOriginal.message;
  const auto stored = synthetic.db.versions().find(fromOriginal.versionId);
  EXPECT_EQ(*stored->data.landmarksOriginal, request.landmarks);
  for (int i = 0; i < fmt::LandmarkSet::size(); ++i) {
    EXPECT_NEAR((*stored->data.landmarksModel)[i].x, expectedModel(request.landmarks[i]).x, 1e-9) << i;
    EXPECT_NEAR((*stored->data.landmarksModel)[i].y, expectedModel(request.landmarks[i]).y, 1e-9) << i;
  }
  EXPECT_EQ(stored->data.maskSpace, store::LandmarkSpace::Model);  // as its parent: 1024 masks
  EXPECT_EQ(stored->data.height, 1024);
  EXPECT_EQ(fmt::Rle::decode(stored->data.rleHeart, 1024, 1024),
            fmt::Rasterizer::organMask(*stored->data.landmarksModel, fmt::Organ::Heart, 1024, 1024));

  // Model space in: the original pixels are derived.
  EditRequest inModel = request;
  inModel.expectedCurrentVersionId = fromOriginal.versionId;
  inModel.space = store::LandmarkSpace::Model;
  inModel.landmarks = model;
  inModel.landmarks[50] = {600, 300};
  const SaveResult fromModel = service.saveEdit(inModel);
  ASSERT_TRUE(fromModel.saved) << fromModel.message;
  const auto second = synthetic.db.versions().find(fromModel.versionId);
  EXPECT_EQ(*second->data.landmarksModel, inModel.landmarks);
  EXPECT_NEAR((*second->data.landmarksOriginal)[50].x, 600 * 2000.0 / 1024.0 - 250, 1e-9);
  EXPECT_NEAR((*second->data.landmarksOriginal)[50].y, 300 * 2000.0 / 1024.0, 1e-9);
  // Far outside the tall image in original pixels, though inside 1024 as numbers: refused.
  EditRequest wrongSpace = request;
  wrongSpace.expectedCurrentVersionId = fromModel.versionId;
  wrongSpace.landmarks[0] = {-1700, 10};
  EXPECT_THROW(service.saveEdit(wrongSpace), ReviewError);
  fs::remove_all(dir);
}

TEST_F(CaseServiceTest, SimultaneousSavesFromTwoConnectionsLetExactlyOneThrough) {
  for (int round = 0; round < 4; ++round) {
    const std::string reader = "reader" + std::to_string(round);
    const ReviewCase c = CaseService(*m_store).load(m_imageId, reader);
    std::atomic<int> ready{0};
    SaveResult results[2];
    auto writer = [&](int k) {
      store::ReviewStore own(m_db.string());
      CaseService service(own);
      const EditRequest request = edit(c, reader, 10.0 + k);
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      results[k] = service.saveEdit(request);
    };
    std::thread first(writer, 0), second(writer, 1);
    first.join();
    second.join();
    EXPECT_NE(results[0].saved, results[1].saved) << "round " << round;
    EXPECT_NE(results[0].conflict, results[1].conflict) << "round " << round;
    const SaveResult& winner = results[0].saved ? results[0] : results[1];
    const SaveResult& loser = results[0].saved ? results[1] : results[0];
    EXPECT_EQ(loser.currentVersionId, winner.versionId);
    EXPECT_EQ(m_store->versions().current(m_imageId, reader)->id, winner.versionId);
  }
}

// Blind review through the core API (CaseService / CaseLoader): on a blind worklist a reader
// sees neither the other readers' versions nor their reviews until they have finished the
// image; the model's proposal stays unless the worklist hides it; adjudicators see everything.
#include "core/review/CaseService.h"

#include "core/review/ReviewError.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ConsensusBuilder.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace cxr::review;
namespace fs = std::filesystem;
namespace store = cxr::store;

namespace {

const std::string kImage = "00001437_024.png";

bool hasAuthor(const ReviewCase& c, const std::string& author) {
  return std::any_of(c.versions.begin(), c.versions.end(), [&](const CaseVersion& v) { return v.author == author; });
}
bool hasReviewBy(const ReviewCase& c, const std::string& reader) {
  return std::any_of(c.history.begin(), c.history.end(), [&](const store::ReviewRecord& r) { return r.info.reader == reader; });
}

/// The NIH rows: model CSV and both physicians' corrections (julia and martina have read every
/// image; the importer records their `corrected` reviews). A new reader "ana" reads blind.
class BlindReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_martina_annotations.csv");
    m_dir = cxr::test::makeTempDir("blind-review");
    m_store = std::make_unique<store::ReviewStore>((m_dir / "blind.db").string());
    store::CheXmaskImporter importer(*m_store);
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string());
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string());
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8_martina_annotations.csv").string());
    const auto dataset = m_store->datasets().findByName("ChestX-Ray8");
    ASSERT_TRUE(dataset.has_value());
    m_imageId = m_store->datasets().imageByExternalId(dataset->id, kImage).value_or(0);
    ASSERT_GT(m_imageId, 0);
    m_modelId = m_store->versions().latestModelVersion(m_imageId).value_or(0);
    ASSERT_GT(m_modelId, 0);
    m_julia = m_store->versions().current(m_imageId, "julia").value().id;
  }
  void TearDown() override {
    m_store.reset();
    if (!m_dir.empty()) fs::remove_all(m_dir);
  }

  store::RowId makeWorklist(bool blind, bool hideModel, const std::vector<std::string>& readers) {
    store::ReaderAssignmentRepository assignments(m_store->connection());
    store::AssignedWorklist spec;
    spec.name = "double-read";
    spec.targetReads = 2;
    spec.blind = blind;
    spec.hideModel = hideModel;
    const store::RowId id = assignments.createWorklist(spec, {m_imageId});
    assignments.assign(id, readers);
    return id;
  }

  ReviewRequest decision(Decision d, const std::string& reader, std::optional<store::RowId> expected) const {
    ReviewRequest request;
    request.imageId = m_imageId;
    request.decision = d;
    request.reader = reader;
    request.expectedCurrentVersionId = expected;
    return request;
  }

  fs::path m_dir;
  std::unique_ptr<store::ReviewStore> m_store;
  store::RowId m_imageId = 0, m_modelId = 0, m_julia = 0;
};

}  // namespace

TEST_F(BlindReviewTest, WithoutABlindWorklistEveryVersionIsShown) {
  const ReviewCase c = CaseService(*m_store).load(m_imageId, "ana");
  EXPECT_FALSE(c.blind);
  EXPECT_EQ(c.versions.size(), 3u);
  EXPECT_TRUE(hasAuthor(c, "julia"));
  EXPECT_TRUE(hasReviewBy(c, "martina"));
}

TEST_F(BlindReviewTest, BlindReaderSeesOnlyTheModelUntilFinished) {
  makeWorklist(true, false, {"ana", "julia"});
  CaseService service(*m_store);
  const ReviewCase before = service.load(m_imageId, "ana");
  EXPECT_TRUE(before.blind);
  EXPECT_EQ(before.blindWorklists, std::vector<std::string>{"double-read"});
  ASSERT_EQ(before.versions.size(), 1u);  // only the model's proposal
  EXPECT_EQ(before.versions[0].id, m_modelId);
  EXPECT_EQ(before.hiddenVersions, 2);
  ASSERT_TRUE(before.modelVersion.has_value());
  EXPECT_EQ(before.reviewVersion->id, m_modelId);
  EXPECT_FALSE(hasAuthor(before, "julia"));
  EXPECT_FALSE(hasAuthor(before, "martina"));
  EXPECT_TRUE(before.history.empty());  // julia's and martina's reviews are hidden too

  // Enforced, not only hidden: ana cannot adopt or edit julia's version by id.
  EXPECT_THROW(service.setCurrent(m_imageId, "ana", m_julia, std::nullopt), ReviewError);
  EditRequest edit;
  edit.imageId = m_imageId;
  edit.parentVersionId = m_julia;
  edit.landmarks = m_store->versions().find(m_julia)->data.landmarksModel.value();
  edit.space = store::LandmarkSpace::Model;
  edit.reader = "ana";
  EXPECT_THROW(service.saveEdit(edit), ReviewError);
  EXPECT_FALSE(m_store->versions().current(m_imageId, "ana").has_value());  // nothing was written

  // Once ana has finished the image (accepted), everything is shown.
  ASSERT_TRUE(service.review(decision(Decision::Accept, "ana", std::nullopt)).saved);
  const ReviewCase after = service.load(m_imageId, "ana");
  EXPECT_FALSE(after.blind);
  EXPECT_EQ(after.versions.size(), 3u);
  EXPECT_TRUE(hasAuthor(after, "julia"));
  EXPECT_TRUE(hasAuthor(after, "martina"));
  EXPECT_TRUE(hasReviewBy(after, "julia"));
  EXPECT_TRUE(service.setCurrent(m_imageId, "ana", m_julia, std::nullopt).saved);
}

TEST_F(BlindReviewTest, AReaderKeepsSeeingTheirOwnCorrection) {
  makeWorklist(true, false, {"ana", "julia"});
  CaseService service(*m_store);
  const ReviewCase c = service.load(m_imageId, "ana");
  EditRequest edit;
  edit.imageId = m_imageId;
  edit.parentVersionId = c.reviewVersion->id;
  edit.landmarks = c.reviewVersion->landmarks;
  edit.landmarks[10].x += 20;
  edit.reader = "ana";
  const SaveResult saved = service.saveEdit(edit);
  ASSERT_TRUE(saved.saved);
  const ReviewCase again = service.load(m_imageId, "ana");
  EXPECT_TRUE(again.blind);  // an edit is not a decision: still blind
  EXPECT_EQ(again.versions.size(), 2u);  // model + ana's correction
  EXPECT_EQ(again.reviewVersion->id, saved.versionId);
  EXPECT_FALSE(hasAuthor(again, "martina"));
}

TEST_F(BlindReviewTest, HideModelHidesTheProposal) {
  makeWorklist(true, true, {"ana"});
  CaseService service(*m_store);
  const ReviewCase c = service.load(m_imageId, "ana");
  EXPECT_TRUE(c.blind);
  EXPECT_TRUE(c.modelHidden);
  EXPECT_TRUE(c.versions.empty());
  EXPECT_FALSE(c.modelVersion.has_value());
  EXPECT_FALSE(c.reviewVersion.has_value());
  EXPECT_EQ(c.hiddenVersions, 3);
  // Nothing to accept: the hidden model version cannot be accepted either.
  EXPECT_THROW(service.review(decision(Decision::Accept, "ana", std::nullopt)), ReviewError);
  EXPECT_THROW(service.setCurrent(m_imageId, "ana", m_modelId, std::nullopt), ReviewError);
}

TEST_F(BlindReviewTest, AdjudicatorsAndUnassignedReadersOfOtherListsAreNotBlind) {
  const store::RowId list = makeWorklist(true, false, {"ana", "julia"});
  store::ReaderAssignmentRepository assignments(m_store->connection());
  assignments.ensureReader("judge", store::ReaderRole::Adjudicator);
  assignments.assign(list, {"judge"});
  const ReviewCase judge = CaseService(*m_store).load(m_imageId, "judge");
  EXPECT_FALSE(judge.blind);
  EXPECT_EQ(judge.versions.size(), 3u);
  // A reader not assigned to a list that has assigned readers is not bound by it.
  const ReviewCase other = CaseService(*m_store).load(m_imageId, "bob");
  EXPECT_FALSE(other.blind);
  EXPECT_EQ(other.versions.size(), 3u);
}

TEST_F(BlindReviewTest, AnAdjudicatorEditsTheConsensusLikeAnyOtherVersion) {
  const store::ConsensusResult consensus = store::ConsensusBuilder(*m_store).build({"julia", "martina"});
  ASSERT_GT(consensus.images, 0);
  const store::RowId consensusId = m_store->versions().current(m_imageId, "consensus").value().id;
  store::ReaderAssignmentRepository(m_store->connection()).ensureReader("judge", store::ReaderRole::Adjudicator);
  makeWorklist(true, false, {"ana"});
  CaseService service(*m_store);
  // A blind reader does not see the consensus; the adjudicator does, and edits it.
  EXPECT_FALSE(hasAuthor(service.load(m_imageId, "ana"), "consensus"));
  ReviewCase c = service.load(m_imageId, "judge");
  ASSERT_TRUE(hasAuthor(c, "consensus"));
  ASSERT_TRUE(service.setCurrent(m_imageId, "judge", consensusId, std::nullopt).saved);
  c = service.load(m_imageId, "judge");
  ASSERT_EQ(c.reviewVersion->id, consensusId);
  EXPECT_EQ(c.reviewVersion->source, store::VersionSource::Consensus);
  EditRequest edit;
  edit.imageId = m_imageId;
  edit.parentVersionId = consensusId;
  edit.expectedCurrentVersionId = consensusId;
  edit.landmarks = c.reviewVersion->landmarks;
  edit.landmarks[100].y -= 6;
  edit.reader = "judge";
  const SaveResult saved = service.saveEdit(edit);
  ASSERT_TRUE(saved.saved) << saved.message;
  const auto stored = m_store->versions().find(saved.versionId).value();
  EXPECT_EQ(stored.parentId, consensusId);
  EXPECT_EQ(stored.source, store::VersionSource::ReaderCorrection);
  EXPECT_TRUE(service.review(decision(Decision::Accept, "judge", saved.versionId)).saved);
}

#include "core/store/ConsensusBuilder.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/store/Adjudication.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReaderAgreement.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace cxr::store;
using namespace cxr::store::test;
namespace fmt = cxr::format;

namespace {

/// The two physicians' ChestX-Ray8 corrections imported as readers julia and martina.
struct PhysicianStore {
  TempDir dir{"consensus"};
  ReviewStore store{dir.file("c.db")};
  PhysicianStore() {
    CheXmaskImporter importer(store);
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string());
    importer.importFile(cxr::test::sharedData("chexmask/ChestX-Ray8_martina_annotations.csv").string());
  }
};

}  // namespace

TEST(ConsensusBuilderTest, ConsensusOfTwoReadersIsExactlyTheLandmarkMeanWithBothParents) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_martina_annotations.csv");
  PhysicianStore f;
  ConsensusBuilder builder(f.store);
  const ConsensusResult result = builder.build({"julia", "martina"});
  ASSERT_EQ(result.images, 50);
  EXPECT_EQ(result.created, 50);
  EXPECT_TRUE(result.skipped.empty());
  ReaderAgreement agreement(f.store);
  const auto julia = agreement.segmentations("julia");
  const auto martina = agreement.segmentations("martina");
  int differing = 0;
  for (RowId id : result.versionIds) {
    const VersionRecord c = f.store.versions().find(id).value();
    EXPECT_EQ(c.source, VersionSource::Consensus);
    EXPECT_EQ(c.author, "consensus");
    const VersionRecord a = f.store.versions().find(julia.at(c.imageId)).value();
    const VersionRecord b = f.store.versions().find(martina.at(c.imageId)).value();
    EXPECT_EQ(builder.parents(id), (std::vector<RowId>{a.id, b.id}));
    EXPECT_EQ(c.parentId, a.id);
    const fmt::LandmarkSet& la = *a.data.landmarksModel;
    const fmt::LandmarkSet& lb = *b.data.landmarksModel;
    const fmt::LandmarkSet& lc = c.data.landmarksModel.value();
    for (int i = 0; i < fmt::LandmarkSet::size(); ++i) {
      EXPECT_EQ(lc[i].x, (la[i].x + lb[i].x) / 2.0) << "image " << c.imageId << " landmark " << i;
      EXPECT_EQ(lc[i].y, (la[i].y + lb[i].y) / 2.0) << "image " << c.imageId << " landmark " << i;
      if (la[i] != lb[i]) ++differing;
    }
    // Masks: the consensus landmarks rasterised (CheXmask rule) at the parents' size.
    EXPECT_EQ(c.data.height, a.data.height);
    EXPECT_EQ(c.data.rleHeart,
              fmt::Rle::encode(fmt::Rasterizer::organMask(lc, fmt::Organ::Heart, c.data.height, c.data.width)));
    // The consensus reader's current pointer names it (export and agreement select it).
    EXPECT_EQ(f.store.versions().current(c.imageId, "consensus")->id, id);
  }
  EXPECT_GT(differing, 100);  // the physicians do disagree: the test is not trivially satisfied

  // Rerun: nothing new, the same versions.
  const ConsensusResult again = builder.build({"julia", "martina"});
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.existing, 50);
  EXPECT_EQ(again.versionIds, result.versionIds);
  EXPECT_EQ(builder.parents(result.versionIds[0]).size(), 2u);
}

TEST(ConsensusBuilderTest, MedianOfThreeIsPerCoordinate) {
  const fmt::LandmarkSet a = ringLandmarks(0), b = ringLandmarks(4), c = ringLandmarks(10);
  const fmt::LandmarkSet median = ConsensusBuilder::combine({c, a, b}, ConsensusMethod::Median);
  const fmt::LandmarkSet mean = ConsensusBuilder::combine({a, b, c}, ConsensusMethod::Mean);
  for (int i = 0; i < fmt::LandmarkSet::size(); ++i) {
    EXPECT_DOUBLE_EQ(median[i].x, b[i].x);
    EXPECT_DOUBLE_EQ(median[i].y, b[i].y);
    EXPECT_DOUBLE_EQ(mean[i].x, (a[i].x + b[i].x + c[i].x) / 3.0);
  }
  EXPECT_THROW(ConsensusBuilder::combine({}, ConsensusMethod::Mean), StoreError);
  EXPECT_THROW(consensusMethodFromString("mode"), StoreError);
}

TEST(ConsensusBuilderTest, AgreementSummaryUsesNumpyQuartiles) {
  std::vector<AgreementRow> rows(4);
  const double dice[4] = {0.9, 0.8, 1.0, 0.7};
  std::vector<const AgreementRow*> pointers;
  for (int i = 0; i < 4; ++i) {
    rows[size_t(i)].metrics.diceLungs = dice[i];
    rows[size_t(i)].metrics.hausdorffHeart = i == 0 ? std::nan("") : 2.0 * i;
    pointers.push_back(&rows[size_t(i)]);
  }
  const AgreementSummary s = ReaderAgreement::summarize(pointers, "x");
  const MetricSummary& lungs = s.metrics[1];
  EXPECT_EQ(lungs.count, 4);
  EXPECT_DOUBLE_EQ(lungs.mean, 0.85);
  EXPECT_DOUBLE_EQ(lungs.median, 0.85);
  EXPECT_DOUBLE_EQ(lungs.q1, 0.775);  // numpy.percentile([.7,.8,.9,1], 25)
  EXPECT_DOUBLE_EQ(lungs.q3, 0.925);
  const MetricSummary& heart = s.metrics[4];  // Hausdorff Heart: the missing value is skipped
  EXPECT_EQ(heart.count, 3);
  EXPECT_DOUBLE_EQ(heart.median, 4.0);
}

TEST(ConsensusBuilderTest, AdjudicationListsOnlyImagesBeyondTheThreshold) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_martina_annotations.csv");
  PhysicianStore f;
  const AgreementResult agreement = ReaderAgreement(f.store).compare("julia", "martina");
  ASSERT_EQ(agreement.rows.size(), 50u);
  // The median heart Dice as threshold: the images strictly below it are flagged.
  const double threshold = agreement.overall.metrics[2].median;
  std::size_t below = 0;
  for (const AgreementRow& row : agreement.rows) below += row.metrics.diceHeart < threshold;
  ASSERT_GT(below, 10u);
  DisagreementThresholds t;
  t.diceHeart = threshold;
  const AdjudicationResult r = buildAdjudicationWorklist(f.store, "adjudicate", "julia", "martina", t, {"judge"});
  EXPECT_TRUE(r.createdWorklist);
  EXPECT_EQ(r.flagged, static_cast<long long>(below));
  ReaderAssignmentRepository lists(f.store.connection());
  const auto list = lists.worklist("adjudicate");
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->kind, "adjudication");
  EXPECT_EQ(lists.images(list->id).size(), below);
  EXPECT_EQ(lists.assignedReaders(list->id), std::vector<std::string>{"judge"});
  EXPECT_EQ(lists.reader("judge")->role, ReaderRole::Adjudicator);
  for (const Disagreement& d : findDisagreements(agreement, t))
    EXPECT_NE(d.reason.find("Dice heart"), std::string::npos) << d.reason;
  // A manual worklist of that name is not turned into an adjudication list.
  AssignedWorklist manual;
  manual.name = "manual";
  lists.createWorklist(manual, {});
  EXPECT_THROW(buildAdjudicationWorklist(f.store, "manual", "julia", "martina", t, {}), StoreError);
}

TEST(ConsensusBuilderTest, AReadersSegmentationIsTheirVersionOrTheProposalTheyAccepted) {
  TempDir dir{"segmentations"};
  ReviewStore store{dir.file("s.db")};
  std::vector<RowId> images, models;
  for (const char* key : {"i1", "i2", "i3", "i4"}) {
    images.push_back(addImageByKey(store, key));
    models.push_back(store.versions().addVersion(ringVersion(images.back(), "chexmask", VersionSource::CsvImport)));
  }
  const auto decide = [&](RowId image, const std::string& reader, ReviewStatus status, std::optional<RowId> version) {
    ReviewInfo review;
    review.imageId = image;
    review.reader = reader;
    review.status = status;
    review.versionId = version;
    store.reviews().addReview(review);
  };
  // i1: ana corrected it (her own version); i2: she accepted the proposal as is; i3: she
  // rejected it; i4: only a comment (pending).
  NewVersion mine;
  mine.imageId = images[0];
  mine.source = VersionSource::ReaderCorrection;
  mine.author = "ana";
  mine.parentId = models[0];
  mine.data = segmentation(ringLandmarks(3), "2 10");
  const RowId correction = store.versions().addVersion(mine);
  decide(images[0], "ana", ReviewStatus::Corrected, correction);
  decide(images[1], "ana", ReviewStatus::Accepted, models[1]);
  decide(images[2], "ana", ReviewStatus::Rejected, models[2]);
  decide(images[3], "ana", ReviewStatus::Pending, models[3]);
  ReaderAgreement agreement(store);
  const std::map<RowId, RowId> ana = agreement.segmentations("ana");
  EXPECT_EQ(ana, (std::map<RowId, RowId>{{images[0], correction}, {images[1], models[1]}}));
  EXPECT_EQ(agreement.segmentations(ReaderAgreement::kModelReader).size(), 4u);
  EXPECT_THROW(agreement.segmentations("nobody"), StoreError);
  EXPECT_THROW(agreement.compare("ana", "ana"), StoreError);

  // ana against the model: the accepted proposal agrees perfectly with itself.
  AgreementResult r = agreement.compare(ReaderAgreement::kModelReader, "ana");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.onlyA, 2);
  EXPECT_EQ(r.rows[1].metrics.diceGT, 1.0);
  EXPECT_LT(r.rows[0].metrics.diceGT, 1.0);
  // A viewer for whom i1 is blind does not get it.
  ReaderAssignmentRepository lists(store.connection());
  AssignedWorklist spec;
  spec.name = "blind";
  spec.blind = true;
  lists.assign(lists.createWorklist(spec, {images[0]}), {"bob"});
  AgreementOptions options;
  options.viewer = "bob";
  r = agreement.compare(ReaderAgreement::kModelReader, "ana", options);
  EXPECT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.hiddenForViewer, 1);
  options.viewer = "ana";  // not assigned to that list
  EXPECT_EQ(agreement.compare(ReaderAgreement::kModelReader, "ana", options).rows.size(), 2u);
}

// Schema v4 through `merge`: a reader's database with a consensus, a named worklist with its
// assignment and an adjudicator, merged into an empty one, keeps all of it; merging again
// adds nothing.
TEST(ConsensusBuilderTest, MergeCarriesConsensusParentsWorklistsAssignmentsAndRoles) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_martina_annotations.csv");
  PhysicianStore f;
  const ConsensusResult result = ConsensusBuilder(f.store).build({"julia", "martina"});
  ASSERT_FALSE(result.versionIds.empty());
  ReaderAssignmentRepository assignments(f.store.connection());
  AssignedWorklist spec;
  spec.name = "double-read";
  spec.targetReads = 2;
  spec.blind = true;
  std::vector<RowId> images;
  for (RowId id : result.versionIds) images.push_back(f.store.versions().find(id)->imageId);
  std::reverse(images.begin(), images.end());  // an order that is not the id order
  const RowId list = assignments.createWorklist(spec, images);
  assignments.assign(list, {"julia", "martina"});
  assignments.ensureReader("ana", ReaderRole::Adjudicator);

  TempDir dir("merge-v4");
  ReviewStore target(dir.file("t.db"));
  target.mergeFrom(f.dir.file("c.db"));
  target.mergeFrom(f.dir.file("c.db"));
  ReaderAssignmentRepository merged(target.connection());
  const std::optional<AssignedWorklist> w = merged.worklist("double-read");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->targetReads, 2);
  EXPECT_TRUE(w->blind);
  EXPECT_EQ(merged.assignedReaders(w->id), (std::vector<std::string>{"julia", "martina"}));
  EXPECT_EQ(merged.reader("ana")->role, ReaderRole::Adjudicator);
  // Same images in the same order (mapped by natural key).
  const std::vector<RowId> mergedImages = merged.images(w->id);
  ASSERT_EQ(mergedImages.size(), images.size());
  for (size_t i = 0; i < images.size(); ++i)
    EXPECT_EQ(target.images().find(mergedImages[i])->imageKey, f.store.images().find(images[i])->imageKey);
  // Every consensus version keeps both parents.
  ConsensusBuilder targetBuilder(target);
  int consensus = 0;
  for (RowId image : mergedImages) {
    const std::optional<VersionRecord> c = target.versions().current(image, "consensus");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(targetBuilder.parents(c->id).size(), 2u);
    ++consensus;
  }
  EXPECT_EQ(consensus, static_cast<int>(images.size()));
}

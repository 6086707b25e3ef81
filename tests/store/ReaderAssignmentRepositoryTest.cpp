#include "core/store/ReaderAssignmentRepository.h"

#include "core/store/ImageRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

using namespace cxr::store;
using namespace cxr::store::test;

namespace {

struct Fixture {
  TempDir dir{"assignments"};
  ReviewStore store{dir.file("a.db")};
  ReaderAssignmentRepository repo{store.connection()};
  std::vector<RowId> images;
  Fixture() {
    for (const char* key : {"c1", "c2", "c3"}) images.push_back(addImageByKey(store, key));
  }
  void finish(RowId image, const std::string& reader, ReviewStatus status = ReviewStatus::Accepted) {
    ReviewInfo review;
    review.imageId = image;
    review.reader = reader;
    review.status = status;
    store.reviews().addReview(review);
  }
};

}  // namespace

TEST(ReaderAssignmentRepositoryTest, ReadersHaveRoles) {
  Fixture f;
  f.store.readers().ensureReader("julia");
  EXPECT_EQ(f.repo.reader("julia")->role, ReaderRole::Reader);
  f.repo.setRole("julia", ReaderRole::Adjudicator, "lead");
  EXPECT_EQ(f.repo.reader("julia")->role, ReaderRole::Adjudicator);
  const RowId judge = f.repo.ensureReader("judge", ReaderRole::Adjudicator);
  EXPECT_EQ(f.repo.reader("judge")->id, judge);
  EXPECT_EQ(f.repo.reader("judge")->kind, ReaderKind::Human);
  EXPECT_EQ(f.repo.readers().size(), 2u);
  EXPECT_THROW(f.repo.setRole("nobody", ReaderRole::Reader, "lead"), StoreError);
  EXPECT_THROW(readerRoleFromString("boss"), StoreError);
}

TEST(ReaderAssignmentRepositoryTest, TargetReadsDecideWhoStillHasToReadWhat) {
  Fixture f;
  AssignedWorklist spec;
  spec.name = "triple";
  spec.targetReads = 2;
  const RowId list = f.repo.createWorklist(spec, f.images);
  EXPECT_THROW(f.repo.createWorklist(spec, f.images), StoreError);  // the name is taken
  f.repo.assign(list, {"ana", "bob", "cy"});
  f.repo.assign(list, {"ana"});  // twice: one assignment
  EXPECT_EQ(f.repo.assignedReaders(list), (std::vector<std::string>{"ana", "bob", "cy"}));
  EXPECT_EQ(f.repo.toRead(list, "ana"), f.images);

  f.finish(f.images[0], "ana");
  f.finish(f.images[0], "bob", ReviewStatus::Rejected);  // a rejection is a finished read
  f.finish(f.images[1], "ana");
  ReviewInfo pending;
  pending.imageId = f.images[1];
  pending.reader = "cy";
  pending.comment = "looking";
  f.store.reviews().addReview(pending);  // pending: not a read
  f.finish(f.images[2], "outsider");     // not assigned: does not count

  const std::vector<ImageReads> progress = f.repo.progress(list);
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress[0].finishedReads, 2);
  EXPECT_TRUE(progress[0].stillToRead.empty());  // target met: cy need not read it
  EXPECT_EQ(progress[1].finishedBy, std::vector<std::string>{"ana"});
  EXPECT_EQ(progress[1].stillToRead, (std::vector<std::string>{"bob", "cy"}));
  EXPECT_EQ(progress[2].finishedReads, 0);
  EXPECT_EQ(f.repo.toRead(list, "ana"), std::vector<RowId>{f.images[2]});
  EXPECT_EQ(f.repo.toRead(list, "cy"), (std::vector<RowId>{f.images[1], f.images[2]}));

  f.repo.configure(list, 3, true, false);
  EXPECT_EQ(f.repo.worklist("triple")->targetReads, 3);
  EXPECT_TRUE(f.repo.worklist(list)->blind);
  EXPECT_EQ(f.repo.toRead(list, "cy"), f.images);
  EXPECT_THROW(f.repo.configure(list, 0, true, false), StoreError);
  f.repo.unassign(list, "cy");
  EXPECT_TRUE(f.repo.toRead(list, "cy").empty());
}

TEST(ReaderAssignmentRepositoryTest, VisibilityFollowsBlindListsAndFinishing) {
  Fixture f;
  AssignedWorklist spec;
  spec.name = "blind";
  spec.blind = true;
  const RowId list = f.repo.createWorklist(spec, {f.images[0]});
  // Nobody assigned: the list applies to every reader.
  EXPECT_TRUE(f.repo.visibility(f.images[0], "ana").blind);
  EXPECT_FALSE(f.repo.visibility(f.images[1], "ana").blind);  // not on the list
  f.repo.assign(list, {"ana"});
  const VisibilityPolicy ana = f.repo.visibility(f.images[0], "ana");
  EXPECT_TRUE(ana.blind);
  EXPECT_FALSE(ana.hideModel);
  EXPECT_TRUE(ana.allows("ana", "ana", VersionSource::ReaderCorrection));
  EXPECT_TRUE(ana.allows("ana", "chexmask", VersionSource::CsvImport));
  EXPECT_FALSE(ana.allows("ana", "bob", VersionSource::ReaderCorrection));
  EXPECT_FALSE(ana.allows("ana", "consensus", VersionSource::Consensus));
  EXPECT_FALSE(f.repo.visibility(f.images[0], "bob").blind);  // assigned list, bob not on it
  f.repo.ensureReader("judge", ReaderRole::Adjudicator);
  f.repo.assign(list, {"judge"});
  EXPECT_FALSE(f.repo.visibility(f.images[0], "judge").blind);
  f.finish(f.images[0], "ana", ReviewStatus::FlaggedOod);
  const VisibilityPolicy done = f.repo.visibility(f.images[0], "ana");
  EXPECT_TRUE(done.finished);
  EXPECT_FALSE(done.blind);
  f.repo.configure(list, 1, true, true);
  f.repo.assign(list, {"bob"});
  const VisibilityPolicy bob = f.repo.visibility(f.images[0], "bob");
  EXPECT_TRUE(bob.hideModel);
  EXPECT_FALSE(bob.allows("bob", "chexmask", VersionSource::ModelRun));
}

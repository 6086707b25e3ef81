#include "core/store/ReviewRepository.h"

#include "core/store/AuditLog.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

using namespace cxr::store;
using namespace cxr::store::test;

TEST(ReviewRepositoryTest, LatestDecisionIsTheStatusAndEachChangeIsAudited) {
  TempDir dir("reviews");
  ReviewStore store(dir.file("r.db"));
  std::vector<RowId> images;
  for (const char* key : {"a", "b", "c"}) images.push_back(addImageByKey(store, key));
  EXPECT_EQ(store.reviews().status(images[0], "julia"), ReviewStatus::Pending);
  store.reviews().addReview({images[0], "julia", ReviewStatus::FlaggedOod, "lateral view", 12.0, {}});
  store.reviews().addReview({images[0], "julia", ReviewStatus::Rejected, "", 3.0, {}});
  store.reviews().addReview({images[1], "julia", ReviewStatus::Accepted, "", 5.0, {}});
  store.reviews().addReview({images[1], "martina", ReviewStatus::Rejected, "", 5.0, {}});
  EXPECT_EQ(store.reviews().status(images[0], "julia"), ReviewStatus::Rejected);
  EXPECT_EQ(store.reviews().history(images[0]).size(), 2u);
  EXPECT_EQ(store.reviews().imagesWithStatus(ReviewStatus::Rejected, "julia"), std::vector<RowId>{images[0]});
  EXPECT_EQ(store.reviews().imagesWithStatus(ReviewStatus::Pending, "julia"), std::vector<RowId>{images[2]});
  const auto audit = store.audit().latest(10);
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[2].fromValue, "flagged_ood");  // newest first: [2] is julia's second decision
  EXPECT_EQ(audit[2].toValue, "rejected");
  EXPECT_EQ(audit[2].who, "julia");
  EXPECT_THROW(store.reviews().addReview({images[2], "julia", ReviewStatus::Accepted, "", -1.0, {}}),
               StoreError);
  EXPECT_THROW(reviewStatusFromString("approved"), StoreError);
}

TEST(ReviewRepositoryTest, SettingsPersistAndChangesAreAudited) {
  TempDir dir("settings");
  const std::string path = dir.file("r.db");
  {
    ReviewStore store(path);
    store.settings().set("rca.k", "5", "admin");
    store.settings().set("rca.k", "7", "admin");
  }
  ReviewStore store(path);
  EXPECT_EQ(store.settings().get("rca.k").value_or(""), "7");
  EXPECT_FALSE(store.settings().get("absent").has_value());
  EXPECT_EQ(store.audit().latest(1)[0].fromValue, "5");
}

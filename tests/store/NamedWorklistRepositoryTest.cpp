#include "core/store/NamedWorklistRepository.h"

#include "core/store/CheXmaskImporter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/WorklistRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace cxr::store;
using namespace cxr::store::test;
using cxr::test::sharedData;

namespace {

/// The ChestX-Ray8 model file imported (50 real images).
class NamedWorklistTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
    store = std::make_unique<ReviewStore>(dir.file("named.db"));
    CheXmaskImporter(*store).importFile(sharedData("chexmask/ChestX-Ray8.csv").string(), {});
    WorklistFilter all;
    for (const auto& row : store->worklist().page(all, {}, 0, 100)) images.push_back(row.imageId);
    ASSERT_EQ(images.size(), 50u);
  }

  TempDir dir{"named-worklist"};
  std::unique_ptr<ReviewStore> store;
  std::vector<RowId> images;  // display-id order
};

}  // namespace

TEST_F(NamedWorklistTest, CreateListFindAndImagesKeepTheGivenOrder) {
  NamedWorklistInfo info;
  info.name = "sample A";
  info.kind = NamedWorklistKind::Sample;
  info.parametersJson = R"({"seed":7})";
  info.targetReads = 2;
  info.blind = true;
  const std::vector<NamedWorklistImage> chosen = {
      {images[9], 0, "bin 0"}, {images[3], 0, "bin 1"}, {images[40], 0, ""}};
  const RowId id = store->namedWorklists().create(info, chosen);
  const auto found = store->namedWorklists().findByName("sample A");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->info.kind, NamedWorklistKind::Sample);
  EXPECT_EQ(found->info.parametersJson, R"({"seed":7})");
  EXPECT_EQ(found->info.targetReads, 2);
  EXPECT_TRUE(found->info.blind);
  EXPECT_FALSE(found->info.hideModel);
  EXPECT_EQ(found->imageCount, 3);
  EXPECT_FALSE(found->createdAt.empty());
  const auto listed = store->namedWorklists().images(id);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].imageId, images[9]);
  EXPECT_EQ(listed[1].imageId, images[3]);
  EXPECT_EQ(listed[2].imageId, images[40]);
  EXPECT_EQ(listed[1].position, 1);
  EXPECT_EQ(listed[0].reason, "bin 0");
  EXPECT_EQ(listed[2].reason, "");

  store->namedWorklists().addImages(id, {{images[0], 0, "extra"}});
  EXPECT_EQ(store->namedWorklists().images(id).back().imageId, images[0]);
  EXPECT_EQ(store->namedWorklists().images(id).back().position, 3);
  EXPECT_EQ(store->namedWorklists().find(id)->imageCount, 4);

  store->namedWorklists().create({"manual B", NamedWorklistKind::Manual, "{}", 1, false, true});
  const auto all = store->namedWorklists().list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].info.name, "manual B");  // by name
  EXPECT_TRUE(all[0].info.hideModel);
  EXPECT_EQ(all[0].imageCount, 0);
}

TEST_F(NamedWorklistTest, BadInputIsRefusedAndLeavesNothingBehind) {
  const auto before = store->dataVersion();
  EXPECT_THROW(store->namedWorklists().create({"x", NamedWorklistKind::Manual, "{}", 1, false, false},
                                              {{images[0], 0, ""}, {999999, 0, ""}}),
               StoreError);
  EXPECT_THROW(store->namedWorklists().create({"x", NamedWorklistKind::Manual, "{}", 1, false, false},
                                              {{images[0], 0, ""}, {images[0], 0, ""}}),
               StoreError);
  EXPECT_FALSE(store->namedWorklists().findByName("x"));
  EXPECT_EQ(store->dataVersion(), before);
  const RowId id = store->namedWorklists().create({"x", NamedWorklistKind::Manual, "{}", 1, false, false},
                                                  {{images[0], 0, ""}});
  EXPECT_THROW(store->namedWorklists().create({"x", NamedWorklistKind::Manual, "{}", 1, false, false}),
               StoreError);
  EXPECT_THROW(store->namedWorklists().addImages(id, {{images[1], 0, ""}, {images[0], 0, ""}}),
               StoreError);
  EXPECT_EQ(store->namedWorklists().images(id).size(), 1u);
  EXPECT_THROW(store->namedWorklists().create({"", NamedWorklistKind::Manual, "{}", 1, false, false}),
               StoreError);
  EXPECT_THROW(store->namedWorklists().create({"y", NamedWorklistKind::Manual, "{}", 0, false, false}),
               StoreError);
  EXPECT_THROW(namedWorklistKindFromString("other"), StoreError);
}

TEST_F(NamedWorklistTest, TheWorklistShowsOneNamedWorklistInItsOrder) {
  const std::vector<RowId> order = {images[30], images[2], images[17], images[5], images[44]};
  std::vector<NamedWorklistImage> list;
  for (RowId image : order) list.push_back({image, 0, ""});
  const RowId id = store->namedWorklists().create({"five", NamedWorklistKind::Manual, "{}", 1, false, false}, list);
  store->namedWorklists().create({"other", NamedWorklistKind::Manual, "{}", 1, false, false},
                                 {{images[1], 0, ""}});

  WorklistFilter filter;
  filter.worklistId = id;
  EXPECT_EQ(store->worklist().count(filter), 5);
  WorklistSort byPosition;
  byPosition.column = WorklistColumn::Position;
  std::vector<RowId> shown;
  for (const auto& row : store->worklist().page(filter, byPosition, 0, 100)) shown.push_back(row.imageId);
  EXPECT_EQ(shown, order);
  // Pages after an anchor and row lookup follow the same order; descending reverses it.
  std::vector<RowId> rest;
  for (const auto& row : store->worklist().pageAfter(filter, byPosition, images[17], 10))
    rest.push_back(row.imageId);
  EXPECT_EQ(rest, (std::vector<RowId>{images[5], images[44]}));
  EXPECT_EQ(store->worklist().rowOf(filter, byPosition, images[5]), 3);
  EXPECT_FALSE(store->worklist().rowOf(filter, byPosition, images[1]));
  byPosition.descending = true;
  shown.clear();
  for (const auto& row : store->worklist().page(filter, byPosition, 0, 2)) shown.push_back(row.imageId);
  EXPECT_EQ(shown, (std::vector<RowId>{images[44], images[5]}));
  // Other sorts and filters still apply inside the named worklist.
  WorklistSort byId;
  shown.clear();
  for (const auto& row : store->worklist().page(filter, byId, 0, 100)) shown.push_back(row.imageId);
  auto sorted = order;
  std::sort(sorted.begin(), sorted.end(), [&](RowId a, RowId b) {
    return std::find(images.begin(), images.end(), a) < std::find(images.begin(), images.end(), b);
  });
  EXPECT_EQ(shown, sorted);
  filter.idContains = "no such id";
  EXPECT_EQ(store->worklist().count(filter), 0);
}

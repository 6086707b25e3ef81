// Schema v5: models fine-tuned from readers' corrections record their parent, weights file,
// training data and figures; the lineage survives a reopen and a merge (parents remapped).
#include "core/store/ModelRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/SchemaMigrator.h"
#include "core/store/StoreError.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

namespace cxr::store {
namespace {

TEST(ModelLineageTest, TrainedModelKeepsParentFileAndJsonAcrossReopen) {
  test::TempDir dir("model-lineage");
  RowId parent = 0, child = 0;
  {
    ReviewStore store(dir.file("a.db"));
    EXPECT_EQ(store.schemaVersion(), kCurrentSchemaVersion);
    parent = store.models().registerModel({"base", "aa", "{}", 256});
    const auto plain = store.models().find(parent);
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->lineage.parentId);
    EXPECT_EQ(plain->lineage.filePath, "");
    EXPECT_EQ(plain->lineage.trainingJson, "{}");
    ModelLineage lineage;
    lineage.parentId = parent;
    lineage.filePath = "/models/base-ft.pt";
    lineage.trainingJson = R"({"reader":"dr.a","images":40})";
    lineage.metricsJson = R"({"held_out_dice":{"base":{"heart":0.8},"model":{"heart":0.9}}})";
    child = store.models().registerTrainedModel({"base-ft", "bb", "{}", 256}, lineage);
    EXPECT_NE(child, parent);
    store.models().setFilePath(parent, "/models/base.pt");
    ModelLineage orphan;
    orphan.parentId = 999;
    EXPECT_THROW(store.models().registerTrainedModel({"orphan", "cc", "{}", 256}, orphan), StoreError);
    EXPECT_FALSE(store.models().findByName("orphan"));
  }
  ReviewStore store(dir.file("a.db"));
  const auto c = store.models().find(child);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->lineage.parentId);
  EXPECT_EQ(*c->lineage.parentId, parent);
  EXPECT_EQ(c->lineage.filePath, "/models/base-ft.pt");
  EXPECT_EQ(c->lineage.trainingJson, R"({"reader":"dr.a","images":40})");
  EXPECT_NE(c->lineage.metricsJson.find("0.9"), std::string::npos);
  EXPECT_EQ(store.models().find(parent)->lineage.filePath, "/models/base.pt");
}

TEST(ModelLineageTest, MergeCopiesLineageWithTheParentRemapped) {
  test::TempDir dir("model-lineage-merge");
  {
    ReviewStore other(dir.file("other.db"));
    other.models().registerModel({"unrelated", "00", "{}", 1024});
    const RowId base = other.models().registerModel({"base", "aa", "{}", 256});
    ModelLineage lineage;
    lineage.parentId = base;
    lineage.trainingJson = R"({"reader":"dr.b"})";
    other.models().registerTrainedModel({"base-ft", "bb", "{}", 256}, lineage);
  }
  ReviewStore target(dir.file("target.db"));
  const RowId base = target.models().registerModel({"base", "aa", "{}", 256});
  target.mergeFrom(dir.file("other.db"));
  const auto ft = target.models().findByName("base-ft");
  ASSERT_TRUE(ft);
  ASSERT_TRUE(ft->lineage.parentId);
  EXPECT_EQ(*ft->lineage.parentId, base);
  EXPECT_EQ(ft->lineage.trainingJson, R"({"reader":"dr.b"})");
  // Merging again changes nothing.
  target.mergeFrom(dir.file("other.db"));
  EXPECT_EQ(target.models().list().size(), 3u);
}

}  // namespace
}  // namespace cxr::store

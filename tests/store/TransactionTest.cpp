#include "core/store/Transaction.h"

#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

using namespace cxr::store;
using cxr::store::test::TempDir;

namespace {
void add(ReviewStore& store, const std::string& key) {
  ImageRegistration reg;
  reg.fallbackKey = key;
  store.images().registerImage(reg);
}
}  // namespace

TEST(TransactionTest, UncommittedChangeIsRolledBack) {
  TempDir dir("tx-rollback");
  ReviewStore store(dir.file("r.db"));
  {
    Transaction tx(store);
    add(store, "lost");
    EXPECT_TRUE(tx.isOutermost());
  }
  EXPECT_EQ(store.images().count(), 0);
  {
    Transaction tx(store);
    add(store, "kept");
    tx.commit();
  }
  EXPECT_EQ(store.images().count(), 1);
}

TEST(TransactionTest, NestedLevelRollsBackAloneInsideOuterBatch) {
  TempDir dir("tx-nested");
  ReviewStore store(dir.file("r.db"));
  Transaction outer(store);
  add(store, "outer");
  {
    Transaction inner(store);
    EXPECT_FALSE(inner.isOutermost());
    add(store, "inner");
  }
  outer.commit();
  EXPECT_TRUE(store.images().findByKey("outer").has_value());
  EXPECT_FALSE(store.images().findByKey("inner").has_value());
}

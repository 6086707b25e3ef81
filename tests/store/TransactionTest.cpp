#include "core/store/Transaction.h"

#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::store;
using cxr::store::test::TempDir;
using cxr::store::test::addImageByKey;


TEST(TransactionTest, UncommittedChangeIsRolledBack) {
  TempDir dir("tx-rollback");
  ReviewStore store(dir.file("r.db"));
  {
    Transaction tx(store);
    addImageByKey(store, "lost");
    EXPECT_TRUE(tx.isOutermost());
  }
  EXPECT_EQ(store.images().count(), 0);
  {
    Transaction tx(store);
    addImageByKey(store, "kept");
    tx.commit();
  }
  EXPECT_EQ(store.images().count(), 1);
}

TEST(TransactionTest, NestedLevelRollsBackAloneInsideOuterBatch) {
  TempDir dir("tx-nested");
  ReviewStore store(dir.file("r.db"));
  Transaction outer(store);
  addImageByKey(store, "outer");
  {
    Transaction inner(store);
    EXPECT_FALSE(inner.isOutermost());
    addImageByKey(store, "inner");
  }
  outer.commit();
  EXPECT_TRUE(store.images().findByKey("outer").has_value());
  EXPECT_FALSE(store.images().findByKey("inner").has_value());
}

namespace {
/// Open descriptors of this process that point at SQLite temporary files ("etilqs_...").
int openSqliteTempFiles() {
  int n = 0;
  std::error_code ec;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    std::error_code lec;
    const auto target = std::filesystem::read_symlink(fd.path(), lec);
    if (!lec && target.string().find("etilqs_") != std::string::npos) ++n;
  }
  return n;
}
}  // namespace

// Every nested Transaction is a SAVEPOINT. SQLite keeps its undo record (statement journal) in
// memory only up to 64 KiB by default and spills to a temporary file above it: two system
// calls per page, which were a third of a CheXmask import's time. The store raises the limit
// to Connection::kStatementJournalSpillBytes; the nested change below touches far more than
// 64 KiB of existing pages, and must still roll back exactly.
TEST(TransactionTest, NestedChangeKeepsItsUndoRecordInMemoryAndRollsBack) {
  ASSERT_TRUE(Connection::statementJournalsInMemory());
  TempDir dir("tx-journal");
  ReviewStore store(dir.file("r.db"));
  {
    Transaction fill(store);
    for (int i = 0; i < 4000; ++i) addImageByKey(store, "image-with-a-long-enough-key-" + std::to_string(i));
    fill.commit();
  }
  ASSERT_GT(store.connection().queryInt64("PRAGMA page_count") * 4096, 4 * 64 * 1024);
  Transaction outer(store);
  addImageByKey(store, "outer");
  {
    Transaction inner(store);
    store.connection().execScript("UPDATE images SET width = 7, image_key = image_key || '-changed'",
                                  "changing every image");
    EXPECT_EQ(store.connection().queryInt64("SELECT count(*) FROM images WHERE width = 7"), 4001);
    EXPECT_EQ(openSqliteTempFiles(), 0) << "the savepoint's journal spilled to a temporary file";
  }  // rolled back
  outer.commit();
  EXPECT_EQ(store.connection().queryInt64("SELECT count(*) FROM images WHERE width = 7"), 0);
  EXPECT_EQ(store.connection().queryInt64("SELECT count(*) FROM images WHERE image_key LIKE '%-changed'"), 0);
  EXPECT_TRUE(store.images().findByKey("outer").has_value());
  EXPECT_TRUE(store.images().findByKey("image-with-a-long-enough-key-3999").has_value());
}

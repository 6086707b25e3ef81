// Issue 12, defects 4 and 6 at the store layer: the importer validates the whole file before it
// stores anything (a bad row early or late stores nothing); when storing itself fails after
// some batches, the error says exactly how many rows were kept. docs/reliability.md.
#include "core/format/FormatError.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/Connection.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace cxr::store;

namespace {

std::string row(int i, const std::string& firstLandmark = "100") {
  std::string lm = firstLandmark;
  for (int k = 1; k < 240; ++k) lm += "," + std::to_string(100 + k);
  return "img" + std::to_string(i) + ".png,0.8,0.9,\"" + lm + "\",,,,1024,1024\n";
}

std::string modelFile(int rows, int badAt, const std::string& bad) {
  std::string text = "Image Index,Dice RCA (Mean),Dice RCA (Max),Landmarks,Left Lung,Right Lung,Heart,Height,Width\n";
  for (int i = 0; i < rows; ++i) text += i == badAt ? bad : row(i);
  return text;
}

std::string messageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class CheXmaskImporterReliabilityTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("importreliab"); }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream((dir / name).string()) << text;
    return (dir / name).string();
  }
  fs::path dir;
};

TEST_F(CheXmaskImporterReliabilityTest, BadRowEarlyOrLateStoresNothing) {
  for (int badAt : {0, 5, 49}) {
    const std::string csv = write("m.csv", modelFile(50, badAt, row(badAt, "1e30")));
    ReviewStore store((dir / ("r" + std::to_string(badAt) + ".db")).string());
    CsvImportOptions options;
    options.batchRows = 4;  // many batches would have been committed before the bad row
    EXPECT_THROW(CheXmaskImporter(store).importFile(csv, options), cxr::format::FormatError);
    EXPECT_EQ(store.versions().count(), 0) << "bad row at " << badAt;
  }
}

TEST_F(CheXmaskImporterReliabilityTest, DuplicateIdIsRefusedByImportAndCheck) {
  const std::string csv = write("dup.csv", modelFile(10, 7, row(2)));
  EXPECT_NE(messageOf([&] { CheXmaskImporter::validateFile(csv); }).find("image ID 'img2.png' appears twice"),
            std::string::npos);
  ReviewStore store((dir / "d.db").string());
  EXPECT_THROW(CheXmaskImporter(store).importFile(csv), cxr::format::FormatError);
  EXPECT_EQ(store.versions().count(), 0);
}

// Without the validation pass (a caller that validated itself, then the file changed), a
// failure while storing keeps the committed batches and says how many rows they hold.
TEST_F(CheXmaskImporterReliabilityTest, FailureWhileStoringSaysWhatWasKept) {
  const std::string csv = write("late.csv", modelFile(20, 13, row(13, "1e30")));
  ReviewStore store((dir / "k.db").string());
  CsvImportOptions options;
  options.batchRows = 5;
  options.validateFirst = false;
  const std::string msg = messageOf([&] { CheXmaskImporter(store).importFile(csv, options); });
  EXPECT_NE(msg.find("late.csv: line 15, column 'Landmarks'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the first 10 rows of this file were stored (a re-import skips them)"), std::string::npos) << msg;
  EXPECT_EQ(store.versions().count(), 10);
  // An early failure keeps nothing and says so.
  const std::string early = write("early.csv", modelFile(20, 2, row(2, "1e30")));
  ReviewStore other((dir / "e.db").string());
  EXPECT_NE(messageOf([&] { CheXmaskImporter(other).importFile(early, options); })
                .find("nothing from this file was stored"),
            std::string::npos);
  EXPECT_EQ(other.versions().count(), 0);
}

// Another writer holds the database: the import fails on its first batch while its reading
// thread has filled the queue (300 rows, far more than it holds) and waits; the error names the
// file's database and the lock, nothing is stored, and the reading thread stops (else this test
// would hang in the importer's destructor).
TEST_F(CheXmaskImporterReliabilityTest, LockedDatabaseFailsCleanlyWhileRowsAreQueued) {
  const std::string csv = write("many.csv", modelFile(300, -1, ""));
  const std::string db = (dir / "locked.db").string();
  ReviewStore holder(db);
  holder.connection().execScript("BEGIN IMMEDIATE", "holding the write lock");
  StoreOptions impatient;
  impatient.busyTimeoutMs = 200;
  ReviewStore store(db, impatient);
  CsvImportOptions options;
  options.validateFirst = false;  // straight to the pipeline
  const std::string msg = messageOf([&] { CheXmaskImporter(store).importFile(csv, options); });
  EXPECT_NE(msg.find("locked.db"), std::string::npos) << msg;
  EXPECT_NE(msg.find("locked"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nothing from this file was stored"), std::string::npos) << msg;
  holder.connection().execScript("ROLLBACK", "releasing the write lock");
  EXPECT_EQ(store.versions().count(), 0);
  // Once the lock is gone the same import stores every row.
  EXPECT_EQ(CheXmaskImporter(store).importFile(csv, options).versionsAdded, 300);
}

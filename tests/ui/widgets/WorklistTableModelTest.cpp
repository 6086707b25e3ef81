// The lazy worklist table over a generated 200,000-image database: rows arrive page by page off
// the GUI thread, scrolling on uses keyset pages, a jump uses OFFSET, and both agree with the
// repository; a write from another connection refreshes the table by itself.
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/WorklistRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/WorklistFixture.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/WorklistTableModel.h"

#include <gtest/gtest.h>

namespace cxr::test {
namespace {

using widgets::WorklistTableModel;

class WorklistTableModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new std::filesystem::path(makeTempDir("worklist-model"));
    s_db = new std::string((*s_dir / "big.cxrdb").string());
    store::test::WorklistFixture::generate(*s_db, kImages);
  }
  static constexpr std::int64_t kImages = 200000;
  static std::filesystem::path* s_dir;
  static std::string* s_db;
};
std::filesystem::path* WorklistTableModelTest::s_dir = nullptr;
std::string* WorklistTableModelTest::s_db = nullptr;

void expectSameRows(WorklistTableModel& model, const std::vector<store::WorklistRow>& expected, int firstRow) {
  for (size_t i = 0; i < expected.size(); ++i) {
    const store::WorklistRow* row = model.rowAt(firstRow + int(i));
    ASSERT_NE(row, nullptr) << "row " << firstRow + int(i);
    EXPECT_EQ(row->imageId, expected[i].imageId) << "row " << firstRow + int(i);
    EXPECT_EQ(row->status, expected[i].status);
  }
}

TEST_F(WorklistTableModelTest, ScrollingAndJumpingAgreeWithTheRepository) {
  WorklistTableModel model;
  model.openDatabase(QString::fromStdString(*s_db));
  store::WorklistFilter filter;
  filter.reader = "julia";
  model.setFilter(filter);
  model.sort(WorklistTableModel::RcaMean, Qt::DescendingOrder);
  ASSERT_TRUE(waitFor([&] { return model.rowCount() == kImages; }, 30000)) << model.rowCount();
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(*s_db, ro);
  const store::WorklistSort sort{store::WorklistColumn::RcaMean, true};
  // Scroll on: pages 0..4 in order (pages after the first come from keyset queries).
  for (int page = 0; page < 5; ++page) {
    const int row = page * WorklistTableModel::kPageSize;
    bool loaded = false;
    model.whenLoaded(row + 5, [&] { loaded = true; });
    ASSERT_TRUE(waitFor([&] { return loaded; }, 10000)) << "page " << page;
    expectSameRows(model, s.worklist().page(filter, sort, row, WorklistTableModel::kPageSize), row);
  }
  // Jump deep down (OFFSET).
  const int deep = int(kImages) - 150;
  bool loaded = false;
  model.whenLoaded(deep, [&] { loaded = true; });
  ASSERT_TRUE(waitFor([&] { return loaded; }, 20000));
  expectSameRows(model, s.worklist().page(filter, sort, deep, 100), deep);
}

TEST_F(WorklistTableModelTest, AWriteFromAnotherConnectionRefreshesTheRows) {
  WorklistTableModel model;
  model.openDatabase(QString::fromStdString(*s_db));
  store::WorklistFilter filter;
  filter.reader = "new-reader";
  model.setFilter(filter);
  bool loaded = false;
  model.whenLoaded(0, [&] { loaded = true; });
  ASSERT_TRUE(waitFor([&] { return loaded; }, 30000));
  const store::RowId image = model.rowAt(0)->imageId;
  EXPECT_EQ(model.rowAt(0)->status, store::ReviewStatus::Pending);
  {
    store::ReviewStore writer(*s_db);
    writer.reviews().addReview({image, "new-reader", store::ReviewStatus::Rejected, "", 3.0, std::nullopt});
  }
  ASSERT_TRUE(waitFor([&] { return model.rowAt(0) && model.rowAt(0)->status == store::ReviewStatus::Rejected; }, 10000))
      << "the table did not notice the other connection's write";
}

}  // namespace
}  // namespace cxr::test

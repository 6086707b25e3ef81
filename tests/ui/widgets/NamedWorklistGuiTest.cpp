// The worklist dock opens a named worklist (a review sample) in its own order.
#include "core/store/NamedWorklistRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/WorklistRepository.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/WorklistPanel.h"
#include "ui/widgets/WorklistTableModel.h"

#include <gtest/gtest.h>

#include <QComboBox>

using namespace cxr;
using cxr::test::waitFor;

class NamedWorklistGuiTest : public cxr::test::NihCaseTest {};

TEST_F(NamedWorklistGuiTest, TheWorklistBoxShowsANamedWorklistInItsOrderAndAllImagesAgain) {
  std::vector<qint64> order;
  {
    store::ReviewStore s(db());
    const auto all = s.worklist().page({}, {}, 0, 100);
    ASSERT_GE(all.size(), 10u);
    for (int i : {7, 2, 9, 0}) order.push_back(all[std::size_t(i)].imageId);
    std::vector<store::NamedWorklistImage> images;
    for (qint64 id : order) images.push_back({id, 0, "test"});
    s.namedWorklists().create({"four", store::NamedWorklistKind::Manual, "{}", 1, false, false}, images);
  }
  widgets::MainWindow window;
  ASSERT_TRUE(showCase(window, "julia"));
  auto* box = window.findChild<QComboBox*>("namedWorklist");
  ASSERT_NE(box, nullptr);
  ASSERT_TRUE(waitFor([&] { return box->count() == 2; }, 10000)) << "named worklists not listed";
  EXPECT_EQ(box->itemText(0), "All images");
  EXPECT_EQ(box->itemText(1), "four (4)");
  const int allRows = window.worklist().rowCount();
  box->setCurrentIndex(1);
  ASSERT_TRUE(waitFor([&] {
    if (window.worklist().rowCount() != 4) return false;
    for (int r = 0; r < 4; ++r)
      if (!window.worklist().rowAt(r)) return false;
    return true;
  }, 10000)) << "the named worklist did not show";
  for (int r = 0; r < 4; ++r) EXPECT_EQ(window.worklist().rowAt(r)->imageId, order[std::size_t(r)]) << r;
  box->setCurrentIndex(0);
  ASSERT_TRUE(waitFor([&] { return window.worklist().rowCount() == allRows; }, 10000));
  EXPECT_NE(window.worklist().sortOrder().column, store::WorklistColumn::Position);
  // A worklist written by another connection (as `chexreview-cli sample` would) appears.
  {
    store::ReviewStore s(db());
    s.namedWorklists().create({"another", store::NamedWorklistKind::Sample, "{}", 1, false, false},
                              {{order[0], 0, ""}});
  }
  ASSERT_TRUE(waitFor([&] { return box->count() == 3; }, 10000)) << "the new worklist did not appear";
  EXPECT_EQ(box->itemText(1), "another (1)");
  EXPECT_EQ(box->currentIndex(), 0);
}

// Multi-reader review in the real main window on the NIH case: a blind reader is offered
// neither the other readers' versions nor a comparison with them until they decide; the
// agreement dialog shows the per-dataset summary and stores the consensus.
#include "core/store/ConsensusBuilder.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ReaderAgreement.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/AgreementDialog.h"
#include "ui/widgets/BoxPlotWidget.h"
#include "ui/widgets/ComparisonOverlayItem.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/SidePanel.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QComboBox>
#include <QGraphicsScene>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

namespace cxr::test {
namespace {

using widgets::MainWindow;
using MultiReaderGuiTest = NihCaseTest;

/// Puts the NIH image on a blind worklist assigned to `readers`; returns the image id.
store::RowId makeBlindList(const std::string& db, const std::vector<std::string>& readers) {
  store::ReviewStore s(db);
  const auto dataset = s.datasets().findByName("ChestX-Ray8");
  const store::RowId image = s.datasets().imageByExternalId(dataset.value().id, kNihImage).value();
  store::ReaderAssignmentRepository lists(s.connection());
  store::AssignedWorklist spec;
  spec.name = "blind double read";
  spec.targetReads = 2;
  spec.blind = true;
  lists.assign(lists.createWorklist(spec, {image}), readers);
  return image;
}

QStringList authorsListed(MainWindow& w) {
  auto* list = w.sidePanel().findChild<QTreeWidget*>("versionList");
  QStringList out;
  for (int i = 0; list && i < list->topLevelItemCount(); ++i) out << list->topLevelItem(i)->text(2);
  return out;
}

const widgets::ComparisonOverlayItem* overlay(MainWindow& w) {
  for (QGraphicsItem* item : w.imageView().scene()->items())
    if (auto* c = dynamic_cast<widgets::ComparisonOverlayItem*>(item)) return c;
  return nullptr;
}

TEST_F(MultiReaderGuiTest, BlindReaderIsNotOfferedOtherReadersUntilTheyDecide) {
  makeBlindList(db(), {"ana", "julia"});
  MainWindow w;
  ASSERT_TRUE(showCase(w, "ana"));
  const review::ReviewCase* c = w.session().currentCase();
  ASSERT_TRUE(c->blind);
  // Only the model's proposal is listed: neither julia's nor martina's correction.
  EXPECT_EQ(authorsListed(w).size(), 1);
  EXPECT_FALSE(authorsListed(w).contains("julia"));
  EXPECT_FALSE(authorsListed(w).contains("martina"));
  EXPECT_TRUE(w.sidePanel().findChild<QLabel*>("caseStatus")->text().contains("Blind review"));
  // Compare (K) has no other reader to offer.
  w.actions().action("toggle_compare")->setChecked(true);
  QTest::qWait(50);
  ASSERT_NE(overlay(w), nullptr);
  EXPECT_FALSE(overlay(w)->landmarks().has_value()) << overlay(w)->label().toStdString();
  saveScreenshot(w, "blind-review");

  // ana accepts: the image is finished for her, the other readers appear and can be compared.
  w.actions().action("toggle_compare")->setChecked(false);
  w.actions().action("accept")->trigger();
  ASSERT_TRUE(waitFor([&] { return authorsListed(w).size() == 3; }, 10000)) << authorsListed(w).join(",").toStdString();
  EXPECT_TRUE(authorsListed(w).contains("martina"));
  for (const auto& v : w.session().currentCase()->versions)
    if (v.author == "martina") Q_EMIT w.sidePanel().versionSelected(v.id);
  w.actions().action("toggle_compare")->setChecked(true);
  QTest::qWait(50);
  ASSERT_TRUE(overlay(w)->landmarks().has_value());
  EXPECT_TRUE(overlay(w)->label().contains("martina")) << overlay(w)->label().toStdString();
}

TEST_F(MultiReaderGuiTest, AgreementDialogShowsTheSummaryAndStoresTheConsensus) {
  const store::RowId image = makeBlindList(db(), {"ana"});
  widgets::AgreementDialog dialog(QString::fromStdString(db()), "julia");
  QSignalSpy loaded(&dialog, &widgets::AgreementDialog::readersLoaded);
  QSignalSpy finished(&dialog, &widgets::AgreementDialog::finished);
  ASSERT_TRUE(loaded.wait(10000));
  EXPECT_GE(dialog.readerA()->findText("@model"), 0);
  dialog.setReaders("julia", "martina");
  dialog.compute();
  ASSERT_TRUE(finished.wait(60000));
  ASSERT_TRUE(finished.at(0).at(0).toBool()) << dialog.message().toStdString();
  EXPECT_EQ(dialog.summaryTable()->rowCount(), store::kAgreementMetricCount);  // one dataset
  ASSERT_EQ(dialog.imageTable()->rowCount(), 50);
  // The table holds what the core computes.
  {
    store::ReviewStore s(db());
    const store::AgreementResult r = store::ReaderAgreement(s).compare("julia", "martina");
    EXPECT_EQ(dialog.summaryTable()->item(2, 4)->text(), QString::number(r.overall.metrics[2].median, 'f', 4));
  }
  // The box plot (Dice Heart by default) uses the summary's quartiles and every value.
  const widgets::BoxPlotWidget* plot = dialog.boxPlot();
  ASSERT_EQ(plot->groups().size(), 1u);
  EXPECT_EQ(plot->groups()[0].values.size(), 50u);
  EXPECT_EQ(plot->groups()[0].summary.median, plot->groups()[0].summary.median);  // not NaN
  EXPECT_EQ(QString::number(plot->groups()[0].summary.median, 'f', 4), dialog.summaryTable()->item(2, 4)->text());
  const auto [low, high] = widgets::BoxPlotWidget::whiskers(plot->groups()[0]);
  EXPECT_LE(low, plot->groups()[0].summary.q1);
  EXPECT_GE(high, plot->groups()[0].summary.q3);
  dialog.setPlottedMetric(3);
  EXPECT_EQ(plot->metric(), "Hausdorff Lungs");
  if (const QByteArray dir = qgetenv("CXR_SCREENSHOT_DIR"); !dir.isEmpty()) {
    dialog.setPlottedMetric(2);
    dialog.resize(1000, 760);
    dialog.show();
    QTest::qWait(100);
    dialog.grab().save(QString::fromUtf8(dir) + "/agreement-dialog.png");
  }
  // Blind for ana: the image she has not finished is left out of her view.
  widgets::AgreementDialog blindView(QString::fromStdString(db()), "ana");
  QSignalSpy blindLoaded(&blindView, &widgets::AgreementDialog::readersLoaded);
  QSignalSpy blindFinished(&blindView, &widgets::AgreementDialog::finished);
  ASSERT_TRUE(blindLoaded.wait(10000));
  blindView.setReaders("julia", "martina");
  blindView.compute();
  ASSERT_TRUE(blindFinished.wait(60000));
  EXPECT_EQ(blindView.imageTable()->rowCount(), 49);
  EXPECT_TRUE(blindView.message().contains("1 left out")) << blindView.message().toStdString();

  dialog.storeConsensus();
  ASSERT_TRUE(finished.wait(60000));
  EXPECT_TRUE(dialog.message().contains("50 new consensus versions")) << dialog.message().toStdString();
  store::ReviewStore s(db());
  const auto consensus = s.versions().current(image, "consensus");
  ASSERT_TRUE(consensus.has_value());
  EXPECT_EQ(consensus->source, store::VersionSource::Consensus);
}

TEST_F(MultiReaderGuiTest, AnAdjudicatorComparesWithTheConsensus) {
  {
    store::ReviewStore s(db());
    ASSERT_EQ(store::ConsensusBuilder(s).build({"julia", "martina"}).created, 50);
    store::ReaderAssignmentRepository(s.connection()).ensureReader("judge", store::ReaderRole::Adjudicator);
  }
  MainWindow w;
  ASSERT_TRUE(showCase(w, "judge"));
  EXPECT_TRUE(authorsListed(w).contains("consensus"));
  const review::CaseVersion* consensus = nullptr;
  for (const auto& v : w.session().currentCase()->versions)
    if (v.source == store::VersionSource::Consensus) consensus = &v;
  ASSERT_NE(consensus, nullptr);
  Q_EMIT w.sidePanel().versionSelected(consensus->id);
  w.actions().action("toggle_compare")->setChecked(true);
  QTest::qWait(50);
  ASSERT_TRUE(overlay(w)->landmarks().has_value());
  EXPECT_EQ(*overlay(w)->landmarks(), consensus->landmarks);
  EXPECT_TRUE(overlay(w)->label().contains("Consensus")) << overlay(w)->label().toStdString();
  saveScreenshot(w, "compare-consensus");
}

TEST_F(MultiReaderGuiTest, AgreementCanBeCancelled) {
  widgets::AgreementDialog dialog(QString::fromStdString(db()), "julia");
  QSignalSpy loaded(&dialog, &widgets::AgreementDialog::readersLoaded);
  QSignalSpy finished(&dialog, &widgets::AgreementDialog::finished);
  ASSERT_TRUE(loaded.wait(10000));
  dialog.setReaders("julia", "martina");
  dialog.compute();
  auto* cancel = dialog.findChild<QPushButton*>("cancelAgreement");
  ASSERT_NE(cancel, nullptr);
  EXPECT_TRUE(cancel->isVisibleTo(&dialog));
  QTest::mouseClick(cancel, Qt::LeftButton);  // 50 new pairs take seconds: cancelled long before
  ASSERT_TRUE(finished.wait(60000));
  EXPECT_TRUE(dialog.message().contains("cancelled")) << dialog.message().toStdString();
  EXPECT_LT(dialog.imageTable()->rowCount(), 50);
  EXPECT_FALSE(cancel->isVisibleTo(&dialog));
}

}  // namespace
}  // namespace cxr::test

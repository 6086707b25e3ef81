// The validation dashboard and its VTK chart adapter on a real display (xvfb-run): the charts are
// not blank (pixels read back), a click on a point opens that image in the main window.
#include "core/engine/Validation.h"
#include "core/format/Statistics.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/charts/VtkChartWidget.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/ValidationDashboard.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <vtkAxis.h>
#include <vtkChartXY.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPlot.h>
#include <vtkTable.h>

#include <filesystem>

using namespace cxr;
using cxr::test::waitFor;

namespace {

// VTK needs OpenGL 3.2 core: skip (with the reason) where the platform cannot give it.
bool haveGl32(std::string& why) {
  if (QGuiApplication::platformName() == "offscreen") {
    why = "no display: run under xvfb-run -a";
    return false;
  }
  QOpenGLContext ctx;
  ctx.setFormat(charts::vtkSurfaceFormat());
  if (!ctx.create()) {
    why = "cannot create an OpenGL context";
    return false;
  }
  const auto f = ctx.format();
  if (f.majorVersion() * 10 + f.minorVersion() < 32) {
    why = "OpenGL " + std::to_string(f.majorVersion()) + "." + std::to_string(f.minorVersion()) + " < 3.2";
    return false;
  }
  return true;
}

#define CXR_REQUIRE_GL()                          \
  do {                                            \
    std::string why;                              \
    if (!haveGl32(why)) GTEST_SKIP() << "SKIPPED: " << why; \
  } while (0)

// Pixels that are neither white nor (near) grey: plotted colour.
int colouredPixels(const QImage& image) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 60) ++n;
    }
  return n;
}

int nonWhitePixels(const QImage& image) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (image.pixelColor(x, y).lightness() < 200) ++n;
  return n;
}

}  // namespace

TEST(VtkChartWidgetTest, DrawsPointsThatAClickFinds) {
  CXR_REQUIRE_GL();
  charts::VtkChartWidget w;
  w.resize(500, 400);
  vtkNew<vtkTable> t;
  vtkNew<vtkDoubleArray> x, y;
  x->SetName("x");
  y->SetName("y");
  t->AddColumn(x);
  t->AddColumn(y);
  const std::vector<QPointF> pts = {{0.2, 0.3}, {0.5, 0.9}, {0.8, 0.1}};
  t->SetNumberOfRows(vtkIdType(pts.size()));
  for (std::size_t i = 0; i < pts.size(); ++i) {
    t->SetValue(vtkIdType(i), 0, pts[i].x());
    t->SetValue(vtkIdType(i), 1, pts[i].y());
  }
  vtkPlot* p = w.chart()->AddPlot(vtkChart::POINTS);
  p->SetInputData(t, 0, 1);
  p->SetColor(214, 39, 40, 255);
  for (int axis : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {  // the points inside, not on the frame
    w.chart()->GetAxis(axis)->SetBehavior(vtkAxis::FIXED);
    w.chart()->GetAxis(axis)->SetRange(0.0, 1.0);
  }
  w.setPickablePoints(pts);
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  QImage image = w.grabChart();
  ASSERT_FALSE(image.isNull());
  if (const QString shots = qEnvironmentVariable("CXR_SCREENSHOT_DIR"); !shots.isEmpty())
    image.save(shots + "/vtk-chart-widget.png");
  EXPECT_GT(nonWhitePixels(image), 500) << "axes and labels drawn";
  EXPECT_GT(colouredPixels(image), 30) << "the red points drawn";
  QSignalSpy clicked(&w, &charts::VtkChartWidget::pointClicked);
  for (int i = 0; i < 3; ++i) {
    const QPointF at = w.widgetPosition(pts[std::size_t(i)]);
    // The pixel under the point is the point's red.
    const QColor c = image.pixelColor(at.toPoint() * image.devicePixelRatio());
    EXPECT_GT(c.red(), 150) << "point " << i;
    EXPECT_LT(c.green(), 120) << "point " << i;
    QTest::mouseClick(&w, Qt::LeftButton, {}, at.toPoint());
    ASSERT_EQ(clicked.count(), i + 1);
    EXPECT_EQ(clicked.at(i).at(0).toInt(), i);
  }
  QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(2, 2));  // far from any point
  EXPECT_EQ(clicked.count(), 3);
}

class ValidationDashboardTest : public cxr::test::NihCaseTest {};

TEST_F(ValidationDashboardTest, ShowsTheReadersValidationAndAClickedPointOpensItsImage) {
  CXR_REQUIRE_GL();
  widgets::MainWindow window;
  ASSERT_TRUE(showCase(window, "julia"));
  const qint64 nihImage = window.session().currentCase()->image.id;
  // Move away from the NIH case, so that the click must bring it back.
  window.openImage("00013310_001.png");
  ASSERT_TRUE(waitFor([&] {
    const auto* c = window.session().currentCase();
    return c && c->image.id != nihImage;
  }, 20000)) << "another case did not open";

  window.actions().action("validation_dashboard")->trigger();
  auto* dash = window.findChild<widgets::ValidationDashboard*>("validationDashboard");
  ASSERT_NE(dash, nullptr);
  ASSERT_TRUE(QTest::qWaitForWindowExposed(dash));
  ASSERT_TRUE(waitFor([&] { return !dash->loading() && !dash->shownRows().empty(); }, 120000));
  ASSERT_EQ(dash->shownRows().size(), 50u);  // julia corrected the 50 ChestX-Ray8 images
  EXPECT_EQ(dash->table().rowCount(), 50);
  // r and rho of the summary are those of the rows.
  std::vector<double> x, yv;
  for (const auto& r : dash->shownRows()) {
    x.push_back(*r.rcaMax);
    yv.push_back(r.metrics.diceGT);
  }
  EXPECT_DOUBLE_EQ(*dash->summary().overall.rcaMax.pearson, *format::Statistics::pearson(x, yv));
  QApplication::processEvents();
  const QImage scatter = dash->scatterChart().grabChart();
  const QImage hist = dash->histogramChart().grabChart();
  EXPECT_GT(colouredPixels(scatter), 200) << "scatter points drawn";
  EXPECT_GT(colouredPixels(hist), 500) << "histogram bars drawn";

  // Filters: organ changes the y values (and r), RCA Mean the x values.
  dash->setOrgan(engine::ValidationOrgan::Heart);
  EXPECT_NE(*dash->summary().overall.rcaMax.pearson, *format::Statistics::pearson(x, yv));
  dash->setOrgan(engine::ValidationOrgan::Combined);
  dash->setDataset("ChestX-Ray8");
  EXPECT_EQ(dash->shownRows().size(), 50u);
  // Reader: martina's corrections of the same images give other true Dice values.
  const double juliaR = *dash->summary().overall.rcaMax.pearson;
  dash->setReader("martina");
  ASSERT_TRUE(waitFor([&] { return !dash->loading() && dash->summary().reader == "martina"; }, 120000));
  EXPECT_EQ(dash->shownRows().size(), 50u);
  EXPECT_NE(*dash->summary().overall.rcaMax.pearson, juliaR);
  dash->setReader("julia");
  ASSERT_TRUE(waitFor([&] { return !dash->loading() && dash->summary().reader == "julia"; }, 120000));
  EXPECT_DOUBLE_EQ(*dash->summary().overall.rcaMax.pearson, juliaR);

  // Click the NIH image's point: the main window opens that image.
  std::size_t index = 0;
  while (index < dash->shownRows().size() && dash->shownRows()[index].imageId != nihImage) ++index;
  ASSERT_LT(index, dash->shownRows().size());
  const auto& row = dash->shownRows()[index];
  QSignalSpy requested(dash, &widgets::ValidationDashboard::openImageRequested);
  const QPointF at = dash->scatterChart().widgetPosition({*row.rcaMax, row.metrics.diceGT});
  QTest::mouseClick(&dash->scatterChart(), Qt::LeftButton, {}, at.toPoint());
  ASSERT_EQ(requested.count(), 1);
  const qint64 clickedId = requested.at(0).at(0).toLongLong();
  // Points may overlap: the click picks the nearest one, which must be at the same place.
  const auto& picked = *std::find_if(dash->shownRows().begin(), dash->shownRows().end(),
                                     [&](const engine::ValidationRow& r) { return r.imageId == clickedId; });
  EXPECT_NEAR(*picked.rcaMax, *row.rcaMax, 0.01);
  ASSERT_TRUE(waitFor([&] {
    const auto* c = window.session().currentCase();
    return c && c->image.id == clickedId;
  }, 20000)) << "the clicked image did not open";

  // Exports: the table in the evaluation layout, the figures as PNG and SVG.
  const auto dir = cxr::test::makeTempDir("dashboard-export");
  dash->exportCsv(QString::fromStdString((dir / "table.csv").string()));
  dash->exportFigures(QString::fromStdString((dir / "fig").string()));
  for (const char* f : {"table.csv", "fig_scatter.png", "fig_scatter.svg", "fig_histograms.png", "fig_histograms.svg"})
    EXPECT_GT(std::filesystem::file_size(dir / f), 100u) << f;
  std::filesystem::remove_all(dir);

  const QString shots = qEnvironmentVariable("CXR_SCREENSHOT_DIR");
  if (!shots.isEmpty()) {
    QDir().mkpath(shots);
    dash->grab().save(shots + "/validation-dashboard.png");
  }
}

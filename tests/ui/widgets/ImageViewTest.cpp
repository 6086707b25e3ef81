#include "ui/widgets/ImageView.h"

#include "core/image/ImageLoader.h"
#include "tests/common/SharedData.h"
#include "tests/ui/editor/EditorTestUtil.h"
#include "ui/editor/LandmarkEditModel.h"
#include "ui/widgets/LandmarkOverlayItem.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

using namespace cxr;
using widgets::ImageView;

namespace {

constexpr const char* kImage = "images/nih/00001437_024.png";

void ensureApplication() {
  static int argc = 1;
  static char name[] = "ui_widgets_tests";
  static char* argv[] = {name, nullptr};
  if (QApplication::instance()) return;
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  new QApplication(argc, argv);  // lives until the process ends
}

class ImageViewTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ensureApplication(); }

  void SetUp() override {
    CXR_REQUIRE_SHARED(kImage);
    CXR_REQUIRE_SHARED(test::kRealCsv);
    image = cxr::image::ImageLoader::load(test::sharedData(kImage).string());
    const auto real = test::realCase(test::kRealCsv, test::kRealId);
    ASSERT_EQ(real->width, image.width);
    ASSERT_EQ(real->height, image.height);
    original = real->landmarks;
    pixels = std::make_shared<const std::vector<float>>(image.pixels);
    view = std::make_unique<ImageView>();
    view->resize(900, 800);
    view->setImage(pixels, image.width, image.height, image.minValue, image.maxValue,
                   image.monochrome1, std::nullopt);
    model.setLandmarks(original, false);
    view->setEditModel(&model);
    view->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(view.get()));
  }

  void TearDown() override {
    if (view) view->setEditModel(nullptr);
  }

  QWidget* viewport() const { return view->viewport(); }
  const editor::ViewTransform& transform() const { return view->viewTransform(); }
  QPointF screenOf(int index) const {
    return transform().imageToScreen(QPointF(model.landmarks()[index].x, model.landmarks()[index].y));
  }

  // The landmark of an organ farthest from every other landmark on screen (its handle is clear).
  int loneLandmark(format::Organ organ) const {
    int best = -1;
    double bestGap = -1;
    const auto range = format::organRange(organ);
    for (int i = range.first; i < range.end(); ++i) {
      double gap = std::numeric_limits<double>::infinity();
      for (int j = 0; j < format::kLandmarkCount; ++j)
        if (j != i) gap = std::min(gap, QLineF(screenOf(i), screenOf(j)).length());
      if (gap > bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    return best;
  }

  QImage grab() const { return viewport()->grab().toImage(); }

  cxr::image::LoadedImage image;
  std::shared_ptr<const std::vector<float>> pixels;
  format::LandmarkSet original;
  editor::LandmarkEditModel model;
  std::unique_ptr<ImageView> view;
};

}  // namespace

TEST_F(ImageViewTest, FitsTheRealImageIntoTheViewport) {
  EXPECT_DOUBLE_EQ(transform().scale(), 800.0 / 1024.0);
  const QRectF onScreen = transform().imageRectOnScreen(QSizeF(1024, 1024));
  EXPECT_NEAR(onScreen.center().x(), 450.0, 1e-9);
  EXPECT_EQ(view->displayImage().size(), QSize(1024, 1024));
}

TEST_F(ImageViewTest, LeftDragOnAHandleMovesExactlyThatLandmarkByTheImageDelta) {
  const int index = loneLandmark(format::Organ::RightLung);
  const QPoint start = screenOf(index).toPoint();
  ASSERT_EQ(model.hitTest(QPointF(start)), index);
  QTest::mousePress(viewport(), Qt::LeftButton, Qt::NoModifier, start);
  QTest::mouseMove(viewport(), start + QPoint(10, 6));
  QTest::mouseMove(viewport(), start + QPoint(25, 15));
  QTest::mouseRelease(viewport(), Qt::LeftButton, Qt::NoModifier, start + QPoint(25, 15));
  const QPointF expected = QPointF(original[index].x, original[index].y) + QPointF(25, 15) / transform().scale();
  EXPECT_NEAR(model.landmarks()[index].x, expected.x(), 1e-9);
  EXPECT_NEAR(model.landmarks()[index].y, expected.y(), 1e-9);
  for (int i = 0; i < format::kLandmarkCount; ++i) {
    if (i == index) continue;
    ASSERT_EQ(model.landmarks()[i], original[i]) << i;
  }
  ASSERT_EQ(model.undoStack().count(), 1);
  EXPECT_EQ(model.undoStack().text(0), QStringLiteral("Move landmark %1 (RL)").arg(index));
}

TEST_F(ImageViewTest, DragRepaintsOnlyAroundTheMovedLandmark) {
  const int index = loneLandmark(format::Organ::LeftLung);
  const QPoint start = screenOf(index).toPoint();
  QTest::mousePress(viewport(), Qt::LeftButton, Qt::NoModifier, start);
  QTest::mouseMove(viewport(), start + QPoint(12, 0));
  const QRectF dirty = view->landmarkOverlay()->lastDirtyRect();
  EXPECT_TRUE(dirty.contains(screenOf(index)));
  EXPECT_LT(dirty.width() * dirty.height(), 0.05 * 900 * 800);
  QTest::mouseRelease(viewport(), Qt::LeftButton, Qt::NoModifier, start + QPoint(12, 0));
}

TEST_F(ImageViewTest, WheelZoomKeepsTheImagePointUnderTheCursor) {
  const QPointF cursor(300, 250);
  const QPointF under = transform().screenToImage(cursor);
  const double before = transform().scale();
  QWheelEvent wheel(cursor, viewport()->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(viewport(), &wheel);
  EXPECT_NEAR(transform().scale(), before * 1.25, 1e-12);
  const QPointF after = transform().imageToScreen(under);
  EXPECT_NEAR(after.x(), cursor.x(), 1e-9);
  EXPECT_NEAR(after.y(), cursor.y(), 1e-9);
}

TEST_F(ImageViewTest, RightDragChangesTheWindowAndTheShownImage) {
  auto& wl = view->windowLevel();
  const double width = wl.window(), level = wl.level();
  const double perPixel = (wl.imageMax() - wl.imageMin()) / wl.dragPixelsPerRange();
  const QImage shownBefore = grab();
  const QPoint start(450, 400);
  QTest::mousePress(viewport(), Qt::RightButton, Qt::NoModifier, start);
  QTest::mouseMove(viewport(), start + QPoint(-64, 0));
  QTest::mouseMove(viewport(), start + QPoint(-64, -32));
  QTest::mouseRelease(viewport(), Qt::RightButton, Qt::NoModifier, start + QPoint(-64, -32));
  EXPECT_NEAR(wl.window(), width - 64 * perPixel, 1e-9);
  EXPECT_NEAR(wl.level(), level - 32 * perPixel, 1e-9);
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_NE(grab(), shownBefore);
  const QPoint centre = transform().imageToScreen(QPointF(512, 512)).toPoint();
  EXPECT_NE(grab().pixelColor(centre), shownBefore.pixelColor(centre));
}

TEST_F(ImageViewTest, CursorInfoReportsThePixelValueUnderThePointer) {
  QSignalSpy spy(view.get(), &ImageView::cursorInfo);
  const QPoint p = transform().imageToScreen(QPointF(400, 300)).toPoint();
  QTest::mouseMove(viewport(), p);
  ASSERT_GE(spy.count(), 1);
  const QPointF imagePos = spy.last().at(0).toPointF();
  EXPECT_LT(QLineF(imagePos, QPointF(400, 300)).length(), 1.0 / transform().scale());
  const int x = int(std::lround(imagePos.x())), y = int(std::lround(imagePos.y()));
  EXPECT_DOUBLE_EQ(spy.last().at(1).toDouble(), double(image.pixels[size_t(y) * 1024 + size_t(x)]));
  EXPECT_TRUE(spy.last().at(2).toBool());
  QTest::mouseMove(viewport(), QPoint(20, 400));  // left of the letterboxed image
  EXPECT_FALSE(spy.last().at(2).toBool());
}

TEST_F(ImageViewTest, OverlayDrawsHandlesInColourBlindSafeOrganColours) {
  const QImage shown = grab();
  const editor::OverlayStyle style;
  for (format::Organ organ : format::kOrgans) {
    const QPointF s = screenOf(loneLandmark(organ));
    EXPECT_EQ(shown.pixelColor(int(s.x()), int(s.y())).name(), style.colour(organ).name());
  }
}

TEST_F(ImageViewTest, ComparisonIsDrawnInItsOwnColourUntilCleared) {
  auto countYellow = [](const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) {
        const QColor c = img.pixelColor(x, y);
        n += c.red() > 200 && c.green() > 190 && c.blue() < 120;
      }
    return n;
  };
  EXPECT_EQ(countYellow(grab()), 0);
  format::LandmarkSet other = original;
  for (int i = 0; i < format::kLandmarkCount; ++i) other[i].x += 15;
  view->setComparison(other, QStringLiteral("Reader 2"));
  EXPECT_GT(countYellow(grab()), 200);
  view->setComparison(std::nullopt, QString());
  EXPECT_EQ(countYellow(grab()), 0);
}

TEST_F(ImageViewTest, DoubleClickOnEmptySpaceFitsTheImage) {
  const double fitScale = transform().scale();
  view->zoomBy(2.0);
  ASSERT_NEAR(transform().scale(), 2 * fitScale, 1e-12);
  const QPoint empty(20, 20);
  ASSERT_EQ(model.hitTest(QPointF(empty)), -1);
  QTest::mouseDClick(viewport(), Qt::LeftButton, Qt::NoModifier, empty);
  EXPECT_DOUBLE_EQ(transform().scale(), fitScale);
  EXPECT_EQ(model.landmarks(), original);
}

TEST_F(ImageViewTest, MiddleDragAndSpaceLeftDragPanWithoutEditing) {
  const QPointF offset = transform().offset();
  const QPoint start(450, 400);
  QTest::mousePress(viewport(), Qt::MiddleButton, Qt::NoModifier, start);
  QTest::mouseMove(viewport(), start + QPoint(40, -10));
  QTest::mouseRelease(viewport(), Qt::MiddleButton, Qt::NoModifier, start + QPoint(40, -10));
  EXPECT_EQ(transform().offset(), offset + QPointF(40, -10));
  const QPoint handle = screenOf(loneLandmark(format::Organ::Heart)).toPoint();
  QTest::keyPress(view.get(), Qt::Key_Space);
  QTest::mousePress(viewport(), Qt::LeftButton, Qt::NoModifier, handle);
  QTest::mouseMove(viewport(), handle + QPoint(-30, 0));
  QTest::mouseRelease(viewport(), Qt::LeftButton, Qt::NoModifier, handle + QPoint(-30, 0));
  QTest::keyRelease(view.get(), Qt::Key_Space);
  EXPECT_EQ(transform().offset(), offset + QPointF(10, -10));
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_EQ(model.undoStack().count(), 0);
}

TEST_F(ImageViewTest, ReadOnlyCaseIgnoresLeftDrags) {
  model.setLandmarks(original, true);
  const QPoint start = screenOf(loneLandmark(format::Organ::RightLung)).toPoint();
  QTest::mousePress(viewport(), Qt::LeftButton, Qt::NoModifier, start);
  QTest::mouseMove(viewport(), start + QPoint(30, 30));
  QTest::mouseRelease(viewport(), Qt::LeftButton, Qt::NoModifier, start + QPoint(30, 30));
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_EQ(model.undoStack().count(), 0);
}

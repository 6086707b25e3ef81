#include "ui/editor/ViewTransform.h"

#include <gtest/gtest.h>

using cxr::editor::ViewTransform;

namespace {

void expectNear(QPointF a, QPointF b, double tol = 1e-9) {
  EXPECT_NEAR(a.x(), b.x(), tol);
  EXPECT_NEAR(a.y(), b.y(), tol);
}

}  // namespace

TEST(ViewTransformTest, MapsImageToScreenAndBackWithScaleAndOffset) {
  ViewTransform t;
  t.set(2.5, QPointF(10, -4));
  expectNear(t.imageToScreen(QPointF(4, 8)), QPointF(20, 16));
  expectNear(t.screenToImage(QPointF(20, 16)), QPointF(4, 8));
  expectNear(t.screenToImage(t.imageToScreen(QPointF(123.25, 7.5))), QPointF(123.25, 7.5));
}

TEST(ViewTransformTest, ZoomAtKeepsTheImagePointUnderTheCursor) {
  ViewTransform t;
  t.set(0.37, QPointF(31, 12));
  const QPointF cursor(217.5, 143.25);
  const QPointF under = t.screenToImage(cursor);
  for (double factor : {1.25, 1.25, 0.5, 3.0, 1.0 / 7.0}) {
    t.zoomAt(cursor, factor);
    expectNear(t.imageToScreen(under), cursor, 1e-9);
  }
  EXPECT_NEAR(t.scale(), 0.37 * 1.25 * 1.25 * 0.5 * 3.0 / 7.0, 1e-12);
}

TEST(ViewTransformTest, ZoomIsClampedToLimitsAndStillKeepsTheCursorPoint) {
  ViewTransform t;
  t.setZoomLimits(0.25, 8.0);
  const QPointF cursor(50, 60);
  const QPointF under = t.screenToImage(cursor);
  t.zoomAt(cursor, 1000.0);
  EXPECT_DOUBLE_EQ(t.scale(), 8.0);
  expectNear(t.imageToScreen(under), cursor);
  t.zoomAt(cursor, 1e-6);
  EXPECT_DOUBLE_EQ(t.scale(), 0.25);
  expectNear(t.imageToScreen(under), cursor);
  t.zoomAt(cursor, 0.0);  // ignored
  EXPECT_DOUBLE_EQ(t.scale(), 0.25);
  EXPECT_THROW(t.setZoomLimits(2.0, 1.0), std::invalid_argument);
}

TEST(ViewTransformTest, PanMovesTheImageByTheScreenDelta) {
  ViewTransform t;
  t.set(3.0, QPointF(0, 0));
  const QPointF p(10, 20);
  const QPointF before = t.imageToScreen(p);
  t.pan(QPointF(-7.5, 4));
  expectNear(t.imageToScreen(p), before + QPointF(-7.5, 4));
  EXPECT_DOUBLE_EQ(t.scale(), 3.0);
}

TEST(ViewTransformTest, FitShowsTheWholeImageCentredOnTheLimitingSide) {
  ViewTransform t;
  t.fit(QSizeF(800, 600), QSizeF(3000, 2000));  // width limits: 800 / 3000
  EXPECT_DOUBLE_EQ(t.scale(), 800.0 / 3000.0);
  const QRectF onScreen = t.imageRectOnScreen(QSizeF(3000, 2000));
  EXPECT_NEAR(onScreen.left(), 0.0, 1e-9);
  EXPECT_NEAR(onScreen.right(), 800.0, 1e-9);
  EXPECT_NEAR(onScreen.center().y(), 300.0, 1e-9);
  t.fit(QSizeF(800, 600), QSizeF(1000, 1000));  // height limits
  EXPECT_DOUBLE_EQ(t.scale(), 0.6);
  EXPECT_NEAR(t.imageRectOnScreen(QSizeF(1000, 1000)).center().x(), 400.0, 1e-9);
}

TEST(ViewTransformTest, OneToOneShowsOnePixelPerScreenPixelCentredOnThePoint) {
  ViewTransform t;
  t.set(0.2, QPointF(5, 5));
  t.oneToOne(QSizeF(640, 480), QPointF(1500, 1000));
  EXPECT_DOUBLE_EQ(t.scale(), 1.0);
  expectNear(t.imageToScreen(QPointF(1500, 1000)), QPointF(320, 240));
}

TEST(ViewTransformTest, PixelCentresSitOnIntegerImageCoordinates) {
  ViewTransform t;
  t.set(4.0, QPointF(0, 0));
  const QRectF r = t.imageRectOnScreen(QSizeF(10, 5));
  EXPECT_DOUBLE_EQ(r.left(), -2.0);  // pixel 0 covers [-0.5, 0.5)
  EXPECT_DOUBLE_EQ(r.width(), 40.0);
  EXPECT_DOUBLE_EQ(r.height(), 20.0);
}

#pragma once

#include <QOpenGLWidget>
#include <QPointF>

#include <vector>

class vtkChartXY;
class vtkContextView;
class vtkGenericOpenGLRenderWindow;

namespace cxr::charts {

/// A VTK chart (vtkChartXY in a vtkContextView) drawn inside a Qt 6 QOpenGLWidget. Debian's VTK
/// Qt module is built for Qt 5, so this is the small adapter in its place: a
/// vtkGenericOpenGLRenderWindow that renders into the widget's framebuffer object (blit to the
/// currently bound framebuffer), made current through the widget only when it is not already
/// (making it current again rebinds the default framebuffer under VTK's own ones), with no
/// multisampling (software GL under xvfb has none). Charts are static: a click near one of the
/// points given to setPickablePoints() emits pointClicked(index).
class VtkChartWidget : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit VtkChartWidget(QWidget* parent = nullptr);
  ~VtkChartWidget() override;

  /// The chart to fill with plots (owned by the widget); call update() after changing it.
  vtkChartXY* chart() const;
  vtkContextView* view() const;

  /// Data points that a click selects (in the chart's bottom/left axis coordinates).
  void setPickablePoints(std::vector<QPointF> points);
  /// Widget position (logical pixels) of a data point, from the axes as last rendered.
  QPointF widgetPosition(QPointF data) const;
  /// Index of the pickable point nearest to a widget position within `radius` pixels, or -1.
  int pointAt(QPointF widgetPos, double radius = 7.0) const;

  /// Draws the chart into an image of the widget's size (renders first).
  QImage grabChart();

 Q_SIGNALS:
  void pointClicked(int index);

 protected:
  void initializeGL() override;
  void paintGL() override;
  void resizeGL(int w, int h) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  void releaseVtk();
  struct Impl;
  Impl* m_impl;
};

/// The OpenGL format VTK needs (3.2 core, depth buffer, no multisampling).
QSurfaceFormat vtkSurfaceFormat();

}  // namespace cxr::charts

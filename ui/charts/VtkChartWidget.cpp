#include "ui/charts/VtkChartWidget.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QSurfaceFormat>

#include <vtkAxis.h>
#include <vtkCallbackCommand.h>
#include <vtkChartXY.h>
#include <vtkCommand.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <cmath>

namespace cxr::charts {

QSurfaceFormat vtkSurfaceFormat() {
  QSurfaceFormat f;
  f.setRenderableType(QSurfaceFormat::OpenGL);
  f.setVersion(3, 2);
  f.setProfile(QSurfaceFormat::CoreProfile);
  f.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  f.setRedBufferSize(8);
  f.setGreenBufferSize(8);
  f.setBlueBufferSize(8);
  f.setDepthBufferSize(8);
  f.setAlphaBufferSize(8);
  f.setStencilBufferSize(0);
  f.setSamples(0);  // no multisampling (software GL)
  return f;
}

struct VtkChartWidget::Impl {
  vtkSmartPointer<vtkGenericOpenGLRenderWindow> window;
  vtkSmartPointer<vtkContextView> view;
  vtkSmartPointer<vtkChartXY> chart;
  std::vector<QPointF> points;
  bool initialised = false;
};

namespace {

VtkChartWidget* widgetOf(void* clientData) { return static_cast<VtkChartWidget*>(clientData); }

void onMakeCurrent(vtkObject*, unsigned long, void* clientData, void*) {
  VtkChartWidget* w = widgetOf(clientData);
  // Only when not current: makeCurrent() rebinds the widget's framebuffer, which would break
  // VTK's own framebuffers in the middle of a render.
  if (QOpenGLContext::currentContext() != w->context()) w->makeCurrent();
}

void onIsCurrent(vtkObject*, unsigned long, void* clientData, void* callData) {
  VtkChartWidget* w = widgetOf(clientData);
  *static_cast<bool*>(callData) = w->context() && QOpenGLContext::currentContext() == w->context();
}

void onSupportsOpenGL(vtkObject*, unsigned long, void*, void* callData) {
  *static_cast<int*>(callData) = 1;
}

}  // namespace

VtkChartWidget::VtkChartWidget(QWidget* parent) : QOpenGLWidget(parent), m_impl(new Impl) {
  setFormat(vtkSurfaceFormat());
  m_impl->window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
  m_impl->window->SetMultiSamples(0);
  m_impl->window->SetOwnContext(0);
  m_impl->window->SetFrameBlitModeToBlitToCurrent();
  m_impl->window->SetForceMaximumHardwareLineWidth(1);
  m_impl->window->SetReadyForRendering(false);
  auto observe = [this](unsigned long event, void (*fn)(vtkObject*, unsigned long, void*, void*)) {
    vtkNew<vtkCallbackCommand> cb;
    cb->SetClientData(this);
    cb->SetCallback(fn);
    m_impl->window->AddObserver(event, cb);
  };
  observe(vtkCommand::WindowMakeCurrentEvent, onMakeCurrent);
  observe(vtkCommand::WindowIsCurrentEvent, onIsCurrent);
  observe(vtkCommand::WindowSupportsOpenGLEvent, onSupportsOpenGL);
  m_impl->view = vtkSmartPointer<vtkContextView>::New();
  m_impl->view->SetRenderWindow(m_impl->window);
  m_impl->view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);
  m_impl->chart = vtkSmartPointer<vtkChartXY>::New();
  m_impl->view->GetScene()->AddItem(m_impl->chart);
  setMinimumSize(200, 160);
}

VtkChartWidget::~VtkChartWidget() {
  releaseVtk();
  // ~QOpenGLWidget destroys the context afterwards: its aboutToBeDestroyed must not reach us.
  if (context()) disconnect(context(), nullptr, this, nullptr);
  delete m_impl;
  m_impl = nullptr;
}

void VtkChartWidget::releaseVtk() {
  if (!m_impl || !m_impl->initialised || !context()) return;
  makeCurrent();
  m_impl->window->Finalize();  // frees VTK's GL resources while the context exists
  doneCurrent();
  m_impl->initialised = false;
}

vtkChartXY* VtkChartWidget::chart() const { return m_impl->chart; }
vtkContextView* VtkChartWidget::view() const { return m_impl->view; }

void VtkChartWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] { releaseVtk(); },
          Qt::DirectConnection);
  const double dpr = devicePixelRatioF();
  m_impl->window->SetSize(int(width() * dpr), int(height() * dpr));
  m_impl->window->SetIsCurrent(true);
  m_impl->window->OpenGLInitContext();
  m_impl->initialised = true;
}

void VtkChartWidget::resizeGL(int w, int h) {
  const double dpr = devicePixelRatioF();
  m_impl->window->SetSize(int(w * dpr), int(h * dpr));
}

void VtkChartWidget::paintGL() {
  if (!m_impl->initialised) return;
  const double dpr = devicePixelRatioF();
  m_impl->window->SetSize(int(width() * dpr), int(height() * dpr));
  m_impl->window->SetReadyForRendering(true);
  m_impl->window->Render();  // blits into the widget's framebuffer (the currently bound one)
  m_impl->window->SetReadyForRendering(false);
}

QImage VtkChartWidget::grabChart() { return grabFramebuffer(); }

void VtkChartWidget::setPickablePoints(std::vector<QPointF> points) { m_impl->points = std::move(points); }

QPointF VtkChartWidget::widgetPosition(QPointF data) const {
  vtkAxis* xAxis = m_impl->chart->GetAxis(vtkAxis::BOTTOM);
  vtkAxis* yAxis = m_impl->chart->GetAxis(vtkAxis::LEFT);
  const float* x1 = xAxis->GetPoint1();
  const float* x2 = xAxis->GetPoint2();
  const float* y1 = yAxis->GetPoint1();
  const float* y2 = yAxis->GetPoint2();
  const double xr = xAxis->GetMaximum() - xAxis->GetMinimum();
  const double yr = yAxis->GetMaximum() - yAxis->GetMinimum();
  if (xr <= 0 || yr <= 0) return {-1, -1};
  // Scene coordinates: device pixels, origin bottom left.
  const double sx = x1[0] + (data.x() - xAxis->GetMinimum()) / xr * (x2[0] - x1[0]);
  const double sy = y1[1] + (data.y() - yAxis->GetMinimum()) / yr * (y2[1] - y1[1]);
  const double dpr = devicePixelRatioF();
  return {sx / dpr, height() - sy / dpr};
}

int VtkChartWidget::pointAt(QPointF pos, double radius) const {
  int best = -1;
  double bestDistance = radius;
  for (std::size_t i = 0; i < m_impl->points.size(); ++i) {
    const QPointF p = widgetPosition(m_impl->points[i]);
    const double d = std::hypot(p.x() - pos.x(), p.y() - pos.y());
    if (d <= bestDistance) {
      bestDistance = d;
      best = int(i);
    }
  }
  return best;
}

void VtkChartWidget::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    const int index = pointAt(event->position());
    if (index >= 0) Q_EMIT pointClicked(index);
  }
  QOpenGLWidget::mousePressEvent(event);
}

}  // namespace cxr::charts

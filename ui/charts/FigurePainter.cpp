#include "ui/charts/FigurePainter.h"

#include "core/format/FormatError.h"

#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPen>

namespace cxr::charts {

namespace {

QColor qcolor(format::Rgb c, double alpha = 1.0) {
  QColor q(c.r, c.g, c.b);
  q.setAlphaF(float(alpha));
  return q;
}

}  // namespace

void FigurePainter::ensureGuiApplication() {
  if (QCoreApplication::instance()) return;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "chexreview-cli";
  static char* argv[] = {name, nullptr};
  // Qt warns that XDG_RUNTIME_DIR is unset on servers; that is harmless here: keep the CLI quiet.
  static QtMessageHandler previous = qInstallMessageHandler(
      [](QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (type == QtWarningMsg && message.startsWith("QStandardPaths: XDG_RUNTIME_DIR")) return;
        if (previous) previous(type, context, message);
      });
  static QGuiApplication* app = new QGuiApplication(argc, argv);  // lives until exit
  (void)app;
}

void FigurePainter::paint(QPainter& p, const std::vector<format::DrawOp>& ops) {
  using Kind = format::DrawOp::Kind;
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setRenderHint(QPainter::TextAntialiasing, true);
  for (const auto& op : ops) {
    QPen pen = op.hasStroke ? QPen(qcolor(op.stroke), op.width) : QPen(Qt::NoPen);
    p.setPen(pen);
    p.setBrush(op.hasFill ? QBrush(qcolor(op.fill, op.fillOpacity)) : QBrush(Qt::NoBrush));
    switch (op.kind) {
      case Kind::Line:
        p.drawLine(QPointF(op.x1, op.y1), QPointF(op.x2, op.y2));
        break;
      case Kind::Circle:
        p.drawEllipse(QPointF(op.x1, op.y1), op.x2, op.x2);
        break;
      case Kind::Rect:
        p.drawRect(QRectF(op.x1, op.y1, op.x2, op.y2));
        break;
      case Kind::Text: {
        QFont font("DejaVu Sans");
        font.setPixelSize(std::max(1, int(op.fontSize + 0.5)));
        font.setBold(op.bold);
        p.setFont(font);
        p.setPen(qcolor(op.fill));
        const QString text = QString::fromStdString(op.text);
        const double w = QFontMetricsF(font).horizontalAdvance(text);
        const double dx = op.anchor < 0 ? 0 : op.anchor > 0 ? -w : -w / 2;
        p.save();
        p.translate(op.x1, op.y1);
        if (op.vertical) p.rotate(-90);
        p.drawText(QPointF(dx, 0), text);
        p.restore();
        break;
      }
    }
  }
}

QImage FigurePainter::render(const format::Figure& figure, double scale) {
  ensureGuiApplication();
  QImage image(int(figure.width * scale + 0.5), int(figure.height * scale + 0.5), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter p(&image);
  p.scale(scale, scale);
  paint(p, format::FigureRenderer::layout(figure));
  p.end();
  return image;
}

void FigurePainter::writePng(const format::Figure& figure, const std::string& path, double scale) {
  const QImage image = render(figure, scale);
  if (!image.save(QString::fromStdString(path), "PNG"))
    throw format::FormatError(path + ": could not write the PNG figure");
}

}  // namespace cxr::charts

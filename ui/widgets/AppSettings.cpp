#include "ui/widgets/AppSettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace cxr::widgets {

namespace {
QString firstExisting(const QStringList& candidates) {
  for (const QString& c : candidates)
    if (!c.isEmpty() && QFileInfo::exists(c)) return QFileInfo(c).absoluteFilePath();
  return {};
}
QString appDir() { return QCoreApplication::applicationDirPath(); }
}  // namespace

QString AppSettings::bundledModelPath() {
  return firstExisting({qEnvironmentVariable("CXR_DEMO_MODEL"),
                        appDir() + "/../share/chexreview/models/hybridgnet-jsrt256.pt",
#ifdef CXR_SOURCE_DIR
                        QStringLiteral(CXR_SOURCE_DIR "/models/hybridgnet-jsrt256.pt"),
#endif
                        appDir() + "/../../../models/hybridgnet-jsrt256.pt"});
}

QString AppSettings::bundledDemoFolder() {
  return firstExisting({appDir() + "/../share/chexreview/demo",
#ifdef CXR_SOURCE_DIR
                        QStringLiteral(CXR_SOURCE_DIR "/resources/demo"),
#endif
                        appDir() + "/../../../resources/demo"});
}

ModelChoice AppSettings::modelChoice() {
  QSettings s;
  ModelChoice c;
  c.weightsPath = s.value("model/path", bundledModelPath()).toString().toStdString();
  if (c.weightsPath.empty()) c.weightsPath = bundledModelPath().toStdString();
  c.device = s.value("model/device", "auto").toString().toStdString();
  c.threads = s.value("model/threads", 0).toInt();
  return c;
}

void AppSettings::setModelChoice(const ModelChoice& c) {
  QSettings s;
  s.setValue("model/path", QString::fromStdString(c.weightsPath));
  s.setValue("model/device", QString::fromStdString(c.device));
  s.setValue("model/threads", c.threads);
}

QString AppSettings::lastReader() { return QSettings().value("reader/name").toString(); }
void AppSettings::setLastReader(const QString& reader) { QSettings().setValue("reader/name", reader); }

editor::OverlayStyle AppSettings::overlayStyle() {
  QSettings s;
  editor::OverlayStyle style;
  const char* keys[3] = {"colors/rl", "colors/ll", "colors/heart"};
  for (int i = 0; i < 3; ++i) {
    const QColor c(s.value(keys[i], style.organColours[size_t(i)].name()).toString());
    if (c.isValid()) style.organColours[size_t(i)] = c;
  }
  style.opacity = s.value("colors/opacity", style.opacity).toDouble();
  style.fillOpacity = s.value("colors/fillOpacity", style.fillOpacity).toDouble();
  return style;
}

void AppSettings::setOverlayStyle(const editor::OverlayStyle& style) {
  QSettings s;
  s.setValue("colors/rl", style.organColours[0].name());
  s.setValue("colors/ll", style.organColours[1].name());
  s.setValue("colors/heart", style.organColours[2].name());
  s.setValue("colors/opacity", style.opacity);
  s.setValue("colors/fillOpacity", style.fillOpacity);
}

}  // namespace cxr::widgets

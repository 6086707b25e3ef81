#pragma once

#include "ui/editor/OverlayStyle.h"
#include "ui/widgets/ModelFactory.h"

#include <QString>

namespace cxr::widgets {

/// The application's persisted preferences (QSettings): model, device, threads, reader,
/// overlay colours. One place, so the settings dialog, the main window and main() agree.
class AppSettings {
 public:
  /// The bundled demo model (installed or in the source tree), "" when absent.
  static QString bundledModelPath();
  /// The bundled demo data folder (CC0 radiograph), "" when absent.
  static QString bundledDemoFolder();
  static ModelChoice modelChoice();
  static void setModelChoice(const ModelChoice& choice);
  static QString lastReader();
  static void setLastReader(const QString& reader);
  static editor::OverlayStyle overlayStyle();
  static void setOverlayStyle(const editor::OverlayStyle& style);
};

}  // namespace cxr::widgets

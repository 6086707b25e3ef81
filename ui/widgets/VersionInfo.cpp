#include "ui/widgets/VersionInfo.h"

#include <sqlite3.h>

#include <QtGlobal>

#ifndef CXR_VERSION
#define CXR_VERSION "unknown"
#endif
#ifndef CXR_GIT_REVISION
#define CXR_GIT_REVISION "unknown"
#endif

namespace cxr::widgets {

QString versionString() { return QStringLiteral(CXR_VERSION " (git " CXR_GIT_REVISION ")"); }

QString libraryVersions() {
  QString s;
  s += QStringLiteral("Qt %1 (built with %2)\n").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
  s += QStringLiteral("SQLite %1\n").arg(QString::fromLatin1(sqlite3_libversion()));
#ifdef CXR_LIBRARY_VERSIONS
  s += QStringLiteral(CXR_LIBRARY_VERSIONS);
#endif
  return s.trimmed();
}

}  // namespace cxr::widgets

#include "ui/widgets/VersionInfo.h"

#include "core/buildinfo/BuildInfo.h"
#include "core/format/LibraryVersions.h"
#include "core/image/LibraryVersions.h"
#include "core/store/LibraryVersions.h"
#include "ui/charts/VtkVersion.h"
#ifdef CXR_HAVE_MODEL
#include "core/model/LibraryVersions.h"
#endif

#include <QtGlobal>

namespace cxr::widgets {

QString versionString() {
  return QStringLiteral("%1 (git %2)").arg(QString::fromLatin1(buildinfo::version()),
                                           QString::fromLatin1(buildinfo::gitRevision()));
}

QString libraryVersions() {
  std::vector<buildinfo::LibraryVersion> libs{{"Qt", qVersion()}, {"VTK", charts::vtkVersion()}};
  auto append = [&libs](const std::vector<buildinfo::LibraryVersion>& more) { libs.insert(libs.end(), more.begin(), more.end()); };
  append(image::libraryVersions());
#ifdef CXR_HAVE_MODEL
  append(model::libraryVersions());
#endif
  append(store::libraryVersions());
  append(format::libraryVersions());
  return QString::fromStdString(buildinfo::libraryLines(libs)).trimmed();
}

}  // namespace cxr::widgets

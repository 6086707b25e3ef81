#include "core/image/LibraryVersions.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <itkVersion.h>

namespace cxr::image {

std::vector<buildinfo::LibraryVersion> libraryVersions() {
  return {{"ITK", itk::Version::GetITKVersion()}, {"DCMTK", OFFIS_DCMTK_VERSION_STRING}};
}

}  // namespace cxr::image

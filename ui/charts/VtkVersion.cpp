#include "ui/charts/VtkVersion.h"

#include <vtkVersion.h>

namespace cxr::charts {

std::string vtkVersion() { return vtkVersion::GetVTKVersion(); }

}  // namespace cxr::charts

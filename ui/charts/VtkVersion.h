#pragma once
// The VTK version (VTK headers stay inside ui/charts).

#include <string>

namespace cxr::charts {

/// VTK as reported by the loaded vtkCommonCore library.
std::string vtkVersion();

}  // namespace cxr::charts

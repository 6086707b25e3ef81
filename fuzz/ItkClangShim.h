// Force-included into the ITK translation units of the clang fuzz build only: Debian's ITK 5.2
// itk_compiler_detection.h knows only GCC, so it is read once with __clang__ hidden (clang
// implements the GNU dialect it then assumes); its include guard keeps that result.
// clang also reports itself as GCC 4.2, below ITK's minimum 4.4: it is read as 4.8 there.
#pragma push_macro("__clang__")
#pragma push_macro("__GNUC_MINOR__")
#undef __clang__
#undef __GNUC_MINOR__
#define __GNUC_MINOR__ 8
#include <itk_compiler_detection.h>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__clang__")

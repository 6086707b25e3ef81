# Every third-party dependency of the product, all from Debian 12 packages.
# Heavy toolkits (ITK, LibTorch) are located here but only linked by the few
# targets that need them, so their headers stay out of the rest of the tree.

find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256 of RCA reference sets
find_package(JPEG REQUIRED)  # libjpeg directly for JPEG reading (core/image/JpegReader.cpp)
find_package(SQLite3 REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(TBB REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(DCMTK REQUIRED CONFIG)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets OpenGL OpenGLWidgets Concurrent Test)
# VTK core and rendering only: Debian's VTK Qt module is built for Qt 5 and must never be linked.
find_package(VTK 9.1 REQUIRED COMPONENTS
  CommonCore CommonDataModel RenderingCore RenderingOpenGL2 RenderingContext2D
  RenderingContextOpenGL2 ChartsCore ViewsContext2D InteractionStyle RenderingFreeType)
find_package(ITK 5.2 REQUIRED COMPONENTS
  ITKCommon ITKIOImageBase ITKIOPNG ITKIOJPEG ITKIOTIFF ITKIOBMP
  ITKRegistrationMethodsv4 ITKOptimizersv4 ITKMetricsv4 ITKTransform ITKImageGrid
  ITKDisplacementField ITKPDEDeformableRegistration ITKImageFilterBase)

# OpenCV: only core + imgproc are installed (libopencv-imgproc-dev); Debian ships
# the CMake config with the full libopencv-dev, so locate the two libraries directly.
find_path(OpenCV_INCLUDE_DIR opencv2/imgproc.hpp PATH_SUFFIXES opencv4 REQUIRED)
find_library(OpenCV_CORE_LIBRARY opencv_core REQUIRED)
find_library(OpenCV_IMGPROC_LIBRARY opencv_imgproc REQUIRED)
if(NOT TARGET cxr::opencv)
  add_library(cxr_opencv INTERFACE)
  target_include_directories(cxr_opencv SYSTEM INTERFACE "${OpenCV_INCLUDE_DIR}")
  target_link_libraries(cxr_opencv INTERFACE "${OpenCV_IMGPROC_LIBRARY}" "${OpenCV_CORE_LIBRARY}")
  add_library(cxr::opencv ALIAS cxr_opencv)
endif()

if(CXR_WITH_MODEL)
  # Torch_DIR / CMAKE_PREFIX_PATH select the LibTorch (Debian's CPU build by default,
  # or a CUDA LibTorch / PyTorch's torch.utils.cmake_prefix_path).
  find_package(Torch REQUIRED)
endif()

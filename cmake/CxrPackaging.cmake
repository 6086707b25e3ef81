# Installation layout and the Debian package (CPack DEB). See docs/packaging.md.
#
#   cmake --build build --target chexreview chexreview-cli cxr_manpages
#   cpack --config build/CPackConfig.cmake -B build/package     # build/package/chexreview_0.1.0-1_amd64.deb
#
# Layout under /usr: bin/chexreview, bin/chexreview-cli; share/chexreview/models (demo model and
# its card), share/chexreview/demo (the CC0 radiograph the demo opens); desktop entry, icons,
# MIME types, man pages, changelog and copyright. The project's own libraries are static, so
# nothing goes to /usr/lib/chexreview and the binaries need no RPATH.
include(GNUInstallDirs)

set(CXR_SHARE "${CMAKE_INSTALL_DATADIR}/chexreview")
install(FILES "${CMAKE_SOURCE_DIR}/models/hybridgnet-jsrt256.pt" "${CMAKE_SOURCE_DIR}/models/hybridgnet-jsrt256.md"
  DESTINATION "${CXR_SHARE}/models")
install(FILES "${CMAKE_SOURCE_DIR}/resources/demo/wikimedia_cc0_pa_chest.jpg" "${CMAKE_SOURCE_DIR}/resources/demo/README.md"
  DESTINATION "${CXR_SHARE}/demo")
install(FILES "${CMAKE_SOURCE_DIR}/resources/chexreview.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${CMAKE_SOURCE_DIR}/resources/mime/chexreview.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages")
install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/chexreview.svg"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
foreach(size 16 22 24 32 48 64 128 256 512)
  install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/chexreview-${size}.png"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps" RENAME chexreview.png)
endforeach()

# Debian's changelog and copyright (gzip -9n: reproducible, as lintian expects).
set(CXR_DOC "${CMAKE_INSTALL_DATADIR}/doc/chexreview")
set(_pkg_gen "${CMAKE_BINARY_DIR}/packaging")
file(MAKE_DIRECTORY "${_pkg_gen}")
find_program(CXR_GZIP gzip REQUIRED)
add_custom_command(OUTPUT "${_pkg_gen}/changelog.Debian.gz"
  COMMAND "${CXR_GZIP}" -9nc "${CMAKE_SOURCE_DIR}/packaging/debian/changelog" > "${_pkg_gen}/changelog.Debian.gz"
  DEPENDS "${CMAKE_SOURCE_DIR}/packaging/debian/changelog" VERBATIM)
install(FILES "${CMAKE_SOURCE_DIR}/packaging/debian/copyright" "${_pkg_gen}/changelog.Debian.gz" DESTINATION "${CXR_DOC}")

# Man pages from --help at build time (help2man; chexreview answers --help without a display).
find_program(CXR_HELP2MAN help2man)
set(_man_outputs "${_pkg_gen}/changelog.Debian.gz")
if(CXR_HELP2MAN AND TARGET chexreview AND TARGET chexreview-cli)
  set(_man_args --no-info --section=1 --source=CheXReview "--version-string=${PROJECT_VERSION}")
  add_custom_command(OUTPUT "${_pkg_gen}/chexreview-cli.1.gz"
    COMMAND "${CMAKE_COMMAND}" -E env OMP_WAIT_POLICY=PASSIVE
            "${CXR_HELP2MAN}" ${_man_args} "--name=batch work on chest X-ray segmentations (CheXmask format)"
            "--include=${CMAKE_SOURCE_DIR}/packaging/man/chexreview-cli.h2m"
            "--output=${_pkg_gen}/chexreview-cli.1" $<TARGET_FILE:chexreview-cli>
    COMMAND "${CXR_GZIP}" -9nf "${_pkg_gen}/chexreview-cli.1"
    DEPENDS chexreview-cli "${CMAKE_SOURCE_DIR}/packaging/man/chexreview-cli.h2m" VERBATIM)
  add_custom_command(OUTPUT "${_pkg_gen}/chexreview.1.gz"
    COMMAND "${CMAKE_COMMAND}" -E env QT_QPA_PLATFORM=offscreen OMP_WAIT_POLICY=PASSIVE
            "${CXR_HELP2MAN}" ${_man_args} "--name=review and correct chest X-ray segmentations"
            "--include=${CMAKE_SOURCE_DIR}/packaging/man/chexreview.h2m"
            "--output=${_pkg_gen}/chexreview.1" $<TARGET_FILE:chexreview>
    COMMAND "${CXR_GZIP}" -9nf "${_pkg_gen}/chexreview.1"
    DEPENDS chexreview "${CMAKE_SOURCE_DIR}/packaging/man/chexreview.h2m" VERBATIM)
  list(APPEND _man_outputs "${_pkg_gen}/chexreview-cli.1.gz" "${_pkg_gen}/chexreview.1.gz")
  install(FILES "${_pkg_gen}/chexreview.1.gz" "${_pkg_gen}/chexreview-cli.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
elseif(TARGET chexreview)
  message(WARNING "help2man not found: the man pages are not built and the package has none "
                  "(apt-get install help2man, or run packaging/install-deps.sh)")
endif()
add_custom_target(cxr_manpages ALL DEPENDS ${_man_outputs})

# --- CPack: one Debian package, chexreview ---
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chexreview)
set(CPACK_PACKAGE_VENDOR "CheXReview")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "CheXReview maintainers <maintainers@users.noreply.h-seed-69ffc14f.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "review and correct chest X-ray segmentations (CheXmask landmarks)")
# The long description (CPack puts the summary line first and indents these lines).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "CheXReview is a desktop application in which physicians review, correct and
validate HybridGNet segmentations of chest X-rays (right lung, left lung and
heart as 120 landmarks), the way the CheXmask dataset was built, plus a
headless command line (chexreview-cli) for the same batch work on clusters:
CheXmask CSV checks, import, segmentation, RCA quality estimates, multi-reader
agreement and export (CSV, DICOM SEG).

The bundled demo model is for demonstration and tests only: research and
education use, not for clinical use.")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)           # chexreview_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://doi.org/10.1038/s41597-024-03358-1")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)                          # RelWithDebInfo binaries are ~150 MB with symbols
# Runtime dependencies from the binaries' NEEDED libraries (dpkg-shlibdeps): Debian 12 runtime
# packages such as libtorch1.13, libqt6widgets6, libvtk9.1, never -dev packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: none needed beyond the libraries
# (libqt6gui6 carries the xcb platform plugin). Software OpenGL for VTK under a bare X server
# comes from Mesa, which libgl1 pulls in through libglx-mesa0; the DRI drivers are recommended.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xvfb")
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/package")
include(CPack)

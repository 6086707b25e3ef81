#!/usr/bin/env bash
# Builds the Debian package (chexreview, chexreview-cli, man pages; cpack) and checks the .deb
# without installing it: every file of the layout present, Depends made of Debian runtime
# packages (no -dev package; libtorch1.13 for LibTorch), stripped binaries without RPATH (the
# project's libraries are static), man pages that render. Needs no root (ctest
# packaging.deb_contents); packaging/deb-install-test.sh runs it first.
#
#   packaging/deb-check.sh [BUILD_DIR]    (default ./build; CXR_DEB=file.deb checks that file instead)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-${CXR_BUILD_DIR:-$here/build}}" && pwd)"
fail() { echo "deb-check: FAILED: $*"; exit 1; }

if [ -n "${CXR_DEB:-}" ]; then
  deb="$CXR_DEB"
else
  echo "deb-check: building the package (chexreview, chexreview-cli, man pages; cpack)"
  cmake --build "$build" --target chexreview chexreview-cli cxr_manpages -j 1
  rm -f "$build"/package/chexreview_*.deb
  cpack --config "$build/CPackConfig.cmake" -B "$build/package" >/dev/null
  deb="$(ls "$build"/package/chexreview_*.deb)"
fi
echo "deb-check: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Package Version Depends Recommends

depends="$(dpkg-deb -f "$deb" Depends)"
for dep in $(echo "$depends" | tr ',' '\n' | sed -E 's/^ *([^ ]+).*/\1/'); do
  case "$dep" in *-dev) fail "Depends names the development package $dep" ;; esac
done
for runtime in libtorch1.13 libqt6widgets6 libvtk9.1 libinsighttoolkit5.2 libdcmtk17 libsqlite3-0 libopencv-imgproc406; do
  echo "$depends" | grep -qE "(^|, )$runtime( |,|$)" || fail "Depends lacks the runtime package $runtime"
done

files="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')"
for f in /usr/bin/chexreview /usr/bin/chexreview-cli \
         /usr/share/chexreview/models/hybridgnet-jsrt256.pt /usr/share/chexreview/models/hybridgnet-jsrt256.md \
         /usr/share/chexreview/demo/wikimedia_cc0_pa_chest.jpg /usr/share/applications/chexreview.desktop \
         /usr/share/icons/hicolor/scalable/apps/chexreview.svg /usr/share/mime/packages/chexreview.xml \
         /usr/share/man/man1/chexreview.1.gz /usr/share/man/man1/chexreview-cli.1.gz \
         /usr/share/doc/chexreview/copyright /usr/share/doc/chexreview/changelog.Debian.gz; do
  echo "$files" | grep -qxF "$f" || fail "$f is not in the package"
done
for size in 16 22 24 32 48 64 128 256 512; do
  echo "$files" | grep -qxF "/usr/share/icons/hicolor/${size}x${size}/apps/chexreview.png" || fail "no ${size}x${size} icon"
done

unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
for exe in chexreview chexreview-cli; do
  bin="$unpacked/usr/bin/$exe"
  if readelf -d "$bin" | grep -qE 'RPATH|RUNPATH'; then fail "$exe carries an RPATH: $(readelf -d "$bin" | grep -E 'RPATH|RUNPATH')"; fi
  if readelf -S "$bin" | grep -q '\.debug_info'; then fail "$exe is not stripped"; fi
  page="$unpacked/usr/share/man/man1/$exe.1.gz"
  zcat "$page" | grep -q '^\.SH DESCRIPTION' || fail "$page has no DESCRIPTION"
  zcat "$page" | grep -qF -- '\-\-version' || fail "$page does not list --version"
done
echo "deb-check: OK (layout, runtime Depends without -dev packages, stripped binaries without RPATH, man pages)"

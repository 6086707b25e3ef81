#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite.
# Idempotent; works as root or with sudo. GUI tests run under xvfb-run (no display needed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/packaging/install-deps.sh" --test
"$here/packaging/build.sh"
cd "$here/build"
jobs="${CXR_TEST_JOBS:-$(nproc)}"
# xvfb-run provides an X display for the VTK/OpenGL tests; the rest use the offscreen platform.
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
xvfb-run -a -s "-screen 0 1280x1024x24" ctest --output-on-failure -j "$jobs" "$@"

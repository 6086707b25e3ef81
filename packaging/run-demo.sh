#!/usr/bin/env bash
# Opens the CheXReview application on the bundled demo study (needs a finished build in ./build):
# the CC0 radiograph and synthetic DICOM/PNG radiographs, segmented by the bundled demo model in the
# background as the window opens. The demo database lives in $CXR_DEMO_DIR (default
# ~/.local/share/CheXReview/CheXReview/demo) and keeps your edits between runs.
# Extra arguments go to chexreview (e.g. --reader NAME). The batch (CLI) demo is run-cli-demo.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="${CXR_APP:-$here/build/app/gui/chexreview}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "demo: no display available (DISPLAY/WAYLAND_DISPLAY unset): run it from a desktop session, or see ./packaging/run-cli-demo.sh" >&2
  exit 2
fi
exec "$app" --demo "$@"

#!/usr/bin/env bash
# Installs what is missing, builds, and opens the CheXReview application on the bundled demo data.
# Idempotent; works as root or with sudo. Needs a display (desktop session or xvfb-run).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/packaging/install-deps.sh"
"$here/packaging/build.sh"
exec "$here/packaging/run-demo.sh" "$@"

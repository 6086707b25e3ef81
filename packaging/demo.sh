#!/usr/bin/env bash
# Installs what is missing, builds, and runs CheXReview on the bundled demo data.
# Idempotent; works as root or with sudo. Output goes to ./demo-output/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/packaging/install-deps.sh"
"$here/packaging/build.sh"
exec "$here/packaging/run-demo.sh"

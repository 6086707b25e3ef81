#!/usr/bin/env bash
# Configures and builds CheXReview into ./build (Ninja, ccache, RelWithDebInfo). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CXR_BUILD_DIR:-$here/build}"
export CCACHE_DIR="${CCACHE_DIR:-$here/.ccache}"
# Torch and ITK translation units need about 1.5 GB each: cap parallel jobs by memory too.
mem_gb=$(awk '/MemTotal/ {print int($2/1048576)}' /proc/meminfo)
jobs=$(nproc)
if [ $((mem_gb / 2)) -lt "$jobs" ]; then jobs=$((mem_gb / 2)); fi
[ "$jobs" -ge 1 ] || jobs=1
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$build" -j "$jobs"

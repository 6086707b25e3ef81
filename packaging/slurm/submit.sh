#!/usr/bin/env bash
# Submits the whole segmentation of an imported database: an array of N shard tasks, then the
# merge once every task succeeded.   usage: submit.sh DB MODEL N [extra sbatch args...]
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 DB MODEL SHARDS [sbatch args...]" >&2; exit 2; }
DB="$(realpath "$1")"; MODEL="$(realpath "$2")"; N="$3"; shift 3
HERE="$(cd "$(dirname "$0")" && pwd)"
jid=$(sbatch --parsable --array=0-$((N - 1)) "$@" \
  --export=ALL,CXR_DB="$DB",CXR_MODEL="$MODEL",CXR_SHARDS="$N" "$HERE/segment-array.sbatch")
echo "segment array job $jid ($N tasks)"
sbatch --parsable --dependency=afterok:"$jid" --export=ALL,CXR_DB="$DB",CXR_SHARDS="$N" "$HERE/merge.sbatch"

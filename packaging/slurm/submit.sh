#!/usr/bin/env bash
# Submits the whole segmentation of an imported database: an array of N shard tasks, then the
# merge once every task succeeded.   usage: submit.sh DB MODEL N [extra sbatch args...]
# The extra arguments go to the array tasks; CXR_MERGE_SBATCH_ARGS (for example "--mem=4G")
# to the merge job.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 DB MODEL SHARDS [sbatch args...]" >&2; exit 2; }
DB="$(realpath "$1")"; MODEL="$(realpath "$2")"; N="$3"; shift 3
HERE="$(cd "$(dirname "$0")" && pwd)"
jid=$(sbatch --parsable --array=0-$((N - 1)) "$@" \
  --export=ALL,CXR_DB="$DB",CXR_MODEL="$MODEL",CXR_SHARDS="$N",CXR_ARRAY_BASE=0 \
  "$HERE/segment-array.sbatch")
echo "segment array job $jid ($N tasks)"
# shellcheck disable=SC2086
sbatch --parsable --dependency=afterok:"$jid" ${CXR_MERGE_SBATCH_ARGS:-} --export=ALL,CXR_DB="$DB",CXR_SHARDS="$N" "$HERE/merge.sbatch"

#!/usr/bin/env bash
# Runs segment-array.sbatch and merge.sbatch locally, emulating a Slurm array by setting
# SLURM_ARRAY_TASK_ID / _MIN / _COUNT, and checks that the merged database holds exactly what a
# single unsharded run produces (same exported segmentations, same counts).
# usage: test-local.sh CLI MODEL [IMAGES=40] [SHARDS=4]
set -euo pipefail
CLI="$(realpath "$1")"; MODEL="$(realpath "$2")"; IMAGES="${3:-40}"; SHARDS="${4:-4}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

"$CLI" synth -n "$IMAGES" -o images --width 320 --height 288 >/dev/null 2>&1
"$CLI" import-images --db master.db images --dataset synthetic -q
cp master.db whole.db
# --batch 1: LibTorch's CPU kernels sum in an order that depends on the batch's shape, so an
# image batched with different neighbours can differ in the last bits (and HybridGNet's
# image-to-graph sampling can turn that into a pixel); one image per call is batch-invariant.
"$CLI" run-segment --db whole.db --model "$MODEL" --model-name demo --batch 1 -q

# The array: tasks run concurrently, as on a cluster (1-based array ids on purpose).
pids=()
for ((t = 1; t <= SHARDS; t++)); do
  SLURM_ARRAY_TASK_ID=$t SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=$SHARDS \
  CXR_DB="$WORK/master.db" CXR_MODEL="$MODEL" CXR_CLI="$CLI" CXR_BATCH=1 CXR_SEGMENT_ARGS="--model-name demo -q" \
    bash "$HERE/segment-array.sbatch" > "task$t.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
CXR_DB="$WORK/master.db" CXR_SHARDS=$SHARDS CXR_CLI="$CLI" bash "$HERE/merge.sbatch" > merge.log
# Second merge: must add nothing.
CXR_DB="$WORK/master.db" CXR_SHARDS=$SHARDS CXR_CLI="$CLI" bash "$HERE/merge.sbatch" > merge2.log

"$CLI" export --db whole.db --reader demo -o whole.csv
"$CLI" export --db master.db --reader demo -o merged.csv
sort whole.csv > whole.sorted; sort merged.csv > merged.sorted
rows=$(($(wc -l < whole.csv) - 1))
[ "$rows" -eq "$IMAGES" ] || { echo "FAIL: unsharded run exported $rows rows, expected $IMAGES"; exit 1; }
cmp -s whole.sorted merged.sorted || { echo "FAIL: merged export differs from the unsharded run"; diff whole.sorted merged.sorted | head; exit 1; }
counts() { "$CLI" db status "$1" | grep -E '^(patients|datasets|versions|image errors)' | sed 's/, audit entries.*//'; }
[ "$(counts whole.db)" = "$(counts master.db)" ] || { echo "FAIL: counts differ"; counts whole.db; counts master.db; exit 1; }
if grep -q "versions [1-9]" <(grep -o "versions [0-9]* added" merge2.log); then
  echo "FAIL: second merge added versions"; cat merge2.log; exit 1
fi
echo "PASS: $SHARDS emulated array tasks + merge == one unsharded run ($IMAGES images)"

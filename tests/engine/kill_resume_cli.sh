#!/usr/bin/env bash
# kill -9 a real `chexreview-cli run-segment` at random moments (KILLS times), resume it, and
# check that every image ends with exactly one version of the model and the database is intact.
# usage: kill_resume_cli.sh CLI MODEL [IMAGES=300] [KILLS=10]
set -euo pipefail
CLI="$(realpath "$1")"; MODEL="$(realpath "$2")"; IMAGES="${3:-300}"; KILLS="${4:-10}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
"$CLI" synth -n "$IMAGES" -o images --width 512 --height 480 >/dev/null 2>&1
"$CLI" import-images --db review.db images -q >/dev/null
versions() { "$CLI" db status review.db | sed -n 's/^versions \([0-9]*\),.*/\1/p'; }

kills=0; previous=0; RANDOM=4242
while [ "$kills" -lt "$KILLS" ]; do
  "$CLI" run-segment --db review.db --model "$MODEL" --model-name demo --workers 2 --batch 2 -q \
    > run.log 2>&1 &
  pid=$!
  # 0.5-2 s: on an idle machine a run segments ~20 images/s, so ten kills at 1-3 s could
  # let the 300 images finish first (it did, 2026-11-30); a loaded machine only kills earlier.
  ms=$((500 + RANDOM % 1500)); sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  if ! kill -0 "$pid" 2>/dev/null; then wait "$pid" || { cat run.log; exit 1; }; break; fi
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  kills=$((kills + 1))
  "$CLI" db integrity review.db >/dev/null || { echo "FAIL: integrity after kill $kills"; exit 1; }
  now=$(versions)
  [ "$now" -ge "$previous" ] || { echo "FAIL: versions went down ($previous -> $now)"; exit 1; }
  echo "kill $kills: $now/$IMAGES images done"
  previous=$now
done
[ "$kills" -eq "$KILLS" ] || { echo "FAIL: run finished after $kills kills; use more images"; exit 1; }
[ "$previous" -lt "$IMAGES" ] || { echo "FAIL: kills came too late to interrupt anything"; exit 1; }
"$CLI" run-segment --db review.db --model "$MODEL" --model-name demo -q
"$CLI" db integrity review.db >/dev/null
[ "$(versions)" -eq "$IMAGES" ] || { echo "FAIL: $(versions) versions for $IMAGES images"; exit 1; }
"$CLI" export --db review.db --reader demo -o out.csv
rows=$(($(wc -l < out.csv) - 1))
ids=$(tail -n +2 out.csv | cut -d, -f1 | sort -u | wc -l)
[ "$rows" -eq "$IMAGES" ] && [ "$ids" -eq "$IMAGES" ] || { echo "FAIL: export has $rows rows, $ids ids"; exit 1; }
summary=$("$CLI" run-segment --db review.db --model "$MODEL" --model-name demo -q)
echo "$summary" | grep -q " 0 to do" || { echo "FAIL: a further run still had work: $summary"; exit 1; }
echo "PASS: $KILLS kill -9 + resume: $IMAGES images, each segmented exactly once, integrity ok"

#!/bin/bash
# Cross-validates the demo model's recipe (5 folds over the shared JSRT images) and trains
# the final model on all of them: models/hybridgnet-jsrt256.md. Every step resumes where a
# previous run stopped (checkpoints in OUT), so the work can span sessions or machines.
#
#   models/train-demo-model.sh OUT                  # folds 1-5, then the final model
#   models/train-demo-model.sh OUT 1 3 5            # a subset (e.g. one queue per core)
#   models/train-demo-model.sh OUT report           # the cross-validation table
#
# Environment: CXR_CLI (default build/app/cli/chexreview-cli), CXR_SHARED_DATA (default
# ../shared/data), THREADS (torch threads per run, default 1), DEVICE (cpu, cuda or auto).
set -euo pipefail
CLI=${CXR_CLI:-build/app/cli/chexreview-cli}
DATA=${CXR_SHARED_DATA:-../shared/data}
OUT=${1:?usage: train-demo-model.sh OUT [1..5|final|report]...}
shift
export OMP_WAIT_POLICY=PASSIVE
FOLDS=5
# The recipe (one candidate, fixed before any fold was measured).
RECIPE=(--input-size 256 --epochs 160 --batch 4 --lr 1e-3 --lr-schedule cosine --lr-min 0.01
        --warmup 2 --contrast 0.2 --elastic 0.015 --opacity 0.5 --seed 42 --threads "${THREADS:-1}"
        --device "${DEVICE:-cpu}")
# Stage 2 (version 4): one warm restart from stage 1's last model: 40 epochs, cosine from
# 2e-4 down to 1e-5, a new augmentation draw (seed 43), the same augmentation strengths.
# Fixed before any fold of it was measured.
RESTART=(--input-size 256 --epochs 40 --batch 4 --lr 2e-4 --lr-schedule cosine --lr-min 0.05
         --warmup 0 --contrast 0.2 --elastic 0.015 --opacity 0.5 --seed 43 --threads "${THREADS:-1}"
         --device "${DEVICE:-cpu}")
INPUT=(--images "$DATA/images/jsrt512" --splits "$DATA/images/jsrt512/SPLITS.csv"
       --landmarks "$DATA/landmarks/landmarks_1024.csv" --landmark-scale 0.5)

evaluate() {  # fold folder: Dice of its stage-2 last.pt on its held-out fold (no selection on it)
  local dir=$1/restart
  mapfile -t images < <(awk -F, -v d="$DATA/images/jsrt512" '$2=="val"{print d"/"$1".png"}' "$dir/split.csv")
  "$CLI" segment "${images[@]}" --model "$dir/last.pt" --truth "$DATA/landmarks/landmarks_1024.csv" \
    --truth-scale 0.5 --threads "${THREADS:-1}" -o "$dir/heldout.csv" > "$dir/dice.txt"
  grep '^mean dice' "$dir/dice.txt"
}

report() {
  printf '| fold | images | right lung | left lung | lungs | heart |\n|---|---|---|---|---|---|\n'
  for k in $(seq 1 $FOLDS); do
    [ -f "$OUT/fold$k/restart/dice.txt" ] || { echo "| $k | (not run) | | | | |"; continue; }
    awk -v k=$k '/^mean dice/{print "| "k" | "$4" | "$7" | "$9" | "$13" | "$11" |"}' "$OUT/fold$k/restart/dice.txt"
  done
  awk '/^mean dice/{n++; rl+=$7; ll+=$9; lu+=$13; h+=$11; srl+=$7*$7; sll+=$9*$9; slu+=$13*$13; sh+=$11*$11}
       function sd(s, ss) { return n > 1 ? sqrt((ss - s*s/n) / (n - 1)) : 0 }
       END { if (n) printf "| mean (sd) over %d folds | | %.4f (%.4f) | %.4f (%.4f) | %.4f (%.4f) | %.4f (%.4f) |\n",
             n, rl/n, sd(rl,srl), ll/n, sd(ll,sll), lu/n, sd(lu,slu), h/n, sd(h,sh) }' "$OUT"/fold*/restart/dice.txt 2>/dev/null || true
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=($(seq 1 $FOLDS) final report)
for step in "${steps[@]}"; do
  case $step in
    final) "$CLI" train "${INPUT[@]}" "${RECIPE[@]}" --folds $FOLDS --fold 1 --train-on-all \
             -o "$OUT/final" --resume
           "$CLI" train "${INPUT[@]}" "${RESTART[@]}" --folds $FOLDS --fold 1 --train-on-all \
             --init "$OUT/final/last.pt" -o "$OUT/final/restart" --resume ;;
    report) report ;;
    [1-9]) "$CLI" train "${INPUT[@]}" "${RECIPE[@]}" --folds $FOLDS --fold "$step" -o "$OUT/fold$step" --resume
           "$CLI" train "${INPUT[@]}" "${RESTART[@]}" --folds $FOLDS --fold "$step" \
             --init "$OUT/fold$step/last.pt" -o "$OUT/fold$step/restart" --resume
           evaluate "$OUT/fold$step" ;;
    *) echo "train-demo-model.sh: unknown step '$step' (1..$FOLDS, final or report)" >&2; exit 2 ;;
  esac
done

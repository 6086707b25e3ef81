#!/usr/bin/env bash
# Runs CheXReview's batch workflow on the bundled demo data (needs a finished build in ./build):
#  1. segments the public-domain demo radiograph with the bundled demo model and draws it,
#  2. builds a small study database of synthetic radiographs, segments it in two shards,
#     merges them, exports CheXmask CSV and compares it with the exact ground truth.
# Everything is written to ./demo-output/ (recreated on each run).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${CXR_CLI:-$here/build/app/cli/chexreview-cli}"
model="$here/models/hybridgnet-jsrt256.pt"
demo="$here/resources/demo/wikimedia_cc0_pa_chest.jpg"
out="$here/demo-output"
rm -rf "$out"
mkdir -p "$out"

echo "== 1. The demo radiograph"
"$cli" info "$demo"
"$cli" segment "$demo" --model "$model" -o "$out/demo_original.csv" \
  --preprocessed-out "$out/demo_1024.csv" --json "$out/demo.json"
"$cli" csv check "$out/demo_original.csv"
"$cli" overlay "$demo" --csv "$out/demo_original.csv" -o "$out/demo_overlay.png"

echo "== 2. A synthetic study: import, two shards, merge, export, compare with ground truth"
"$cli" synth -n 12 --seed 100 --size 512 --original-resolution -o "$out/synthetic"
"$cli" db init "$out/study.db"
"$cli" import-images -q -d "$out/study.db" "$out/synthetic" --dataset synthetic
for shard in 0 1; do
  cp "$out/study.db" "$out/study.shard$shard.db"
  "$cli" run-segment -q -d "$out/study.shard$shard.db" -m "$model" --shard "$shard/2"
done
"$cli" merge -d "$out/study.db" "$out/study.shard0.db" "$out/study.shard1.db"
"$cli" db status "$out/study.db"
"$cli" export -d "$out/study.db" --reader hybridgnet-jsrt256 -o "$out/synthetic_model.csv"
"$cli" compare "$out/synthetic/ground_truth.csv" "$out/synthetic_model.csv" -o "$out/synthetic_eval.csv"
first="$(ls "$out/synthetic" | grep -m1 '\.png$')"
"$cli" overlay "$out/synthetic/$first" --csv "$out/synthetic_model.csv" --id "$first" -o "$out/synthetic_overlay.png"

echo
echo "Demo output in $out:"
ls -1 "$out"
echo "Open demo_overlay.png to see the segmentation, or run ./packaging/demo.sh for the application."

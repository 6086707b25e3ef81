#!/bin/bash
# Figures of the model card (models/hybridgnet-jsrt256.md): the bundled demo model on the
# CC0 radiograph (next to the public HybridGNet demo's output for it) and on the real NIH
# case (next to its CheXmask row and both physicians' corrections), plus the Dice table.
# Needs ImageMagick's montage for the side-by-side panels (development only).
#   models/make-figures.sh [MODEL] [OUTDIR]     (defaults: the bundled model, docs/images)
set -euo pipefail
CLI=${CXR_CLI:-build/app/cli/chexreview-cli}
DATA=${CXR_SHARED_DATA:-../shared/data}
MODEL=${1:-models/hybridgnet-jsrt256.pt}
OUT=${2:-docs/images}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# CC0 radiograph: this model vs the public demo's landmarks (model output, not ground truth).
CC0="$DATA/images/wikimedia_cc0_pa_chest.jpg"
DEMO="$DATA/images/wikimedia_cc0_hybridgnet_demo_output"
{
  echo "id,Landmarks"
  printf 'wikimedia_cc0_pa_chest,"%s"\n' "$(cat "$DEMO/RL_landmarks.txt" "$DEMO/LL_landmarks.txt" "$DEMO/H_landmarks.txt" | tr ' \n' ',,' | sed 's/,$//')"
} > "$TMP/cc0-demo.csv"
"$CLI" segment "$CC0" --model "$MODEL" --truth "$TMP/cc0-demo.csv" -o "$TMP/cc0.csv" | grep '^mean dice' | sed 's/^/CC0 vs public demo: /'
"$CLI" overlay "$CC0" --csv "$TMP/cc0.csv" --contours-only -o "$OUT/model-cc0.png" >/dev/null

# NIH 00001437_024: this model, the CheXmask release row, the two physicians.
NIH="$DATA/images/nih/00001437_024.png"
"$CLI" segment "$NIH" --model "$MODEL" -o "$TMP/nih.csv" >/dev/null
panels=()
for src in model:"$TMP/nih.csv" chexmask:"$DATA/chexmask/ChestX-Ray8.csv" \
           julia:"$DATA/chexmask/ChestX-Ray8_julia_annotations.csv" \
           martina:"$DATA/chexmask/ChestX-Ray8_martina_annotations.csv"; do
  name=${src%%:*}; csv=${src#*:}
  "$CLI" overlay "$NIH" --csv "$csv" --id 00001437_024.png --contours-only -o "$TMP/nih-$name.png" >/dev/null
  panels+=(-label "$name" "$TMP/nih-$name.png")
  if [ "$name" != model ]; then
    "$CLI" compare "$csv" "$TMP/nih.csv" -o "$TMP/eval-$name.csv" >/dev/null
    awk -F, -v n="$name" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{printf "NIH vs %s: Dice lungs %.4f heart %.4f\n", n, $c["Dice Lungs"], $c["Dice Heart"]}' "$TMP/eval-$name.csv"
  fi
done
montage "${panels[@]}" -tile 4x1 -geometry 512x512+4+4 -pointsize 28 "$OUT/model-nih.png"
echo "wrote $OUT/model-cc0.png $OUT/model-nih.png"

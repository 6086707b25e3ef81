#!/bin/sh
# Builds the seed corpora of the fuzz targets from the shared real data (never copied into
# the repository): fuzz/make_seeds.sh <shared data dir> <output dir>
set -eu
data=${1:?shared data folder}; out=${2:?output folder}
mkdir -p "$out/csv" "$out/rle" "$out/landmarks" "$out/image" "$out/store" "$out/weights"
here=$(cd "$(dirname "$0")" && pwd)
# CSV: the header and first rows of every real CheXmask file, plain (odd first byte is the
# target's .gz switch, so plain seeds start with an even byte where possible) and gzip.
for f in "$data"/chexmask/*.csv; do
  b=$(basename "$f" .csv)
  head -n 4 "$f" > "$out/csv/$b.csv"
  head -n 3 "$f" | gzip -c > "$out/csv/$b.csv.gz"
done
# RLE: two size bytes, then real-looking runs.
printf '\040\040%s' "1 5 40 3 100 20" > "$out/rle/small"
printf '\077\077%s' "" > "$out/rle/empty"
python3 - "$data" "$out" <<'PY'
import csv, sys, os
data, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(os.path.join(data, "chexmask", "ChestX-Ray8.csv"))))
for i, r in enumerate(rows[:5]):
    open(os.path.join(out, "rle", "real%d" % i), "wb").write(b"\xff\xff" + r["Heart"].encode()[:400])
    open(os.path.join(out, "landmarks", "flat%d" % i), "w").write(r["Landmarks"])
    pts = list(map(int, r["Landmarks"].split(",")))
    numpy = "[" + "\n ".join("[%4d %4d]" % (pts[2*j], pts[2*j+1]) for j in range(120)) + "]"
    open(os.path.join(out, "landmarks", "numpy%d" % i), "w").write(numpy)
    open(os.path.join(out, "landmarks", "json%d" % i), "w").write(
        "[" + ",".join("[%d,%d]" % (pts[2*j], pts[2*j+1]) for j in range(120)) + "]")
lm = os.path.join(data, "landmarks", "landmarks_1024.csv")
if os.path.exists(lm):
    for i, r in enumerate(csv.DictReader(open(lm))):
        if i >= 3: break
        open(os.path.join(out, "landmarks", "float%d" % i), "w").write(r["Landmarks"])
PY
# Images: the real DICOM files and small real PNG/JPEG files.
cp "$data"/dicom/*.dcm "$out/image/" 2>/dev/null || true
cp "$data"/images/wikimedia_cc0_pa_chest.jpg "$out/image/" 2>/dev/null || true
ls "$data"/images/jsrt512/*.png 2>/dev/null | head -n 2 | while read -r f; do cp "$f" "$out/image/"; done
# Databases: the schema fixtures of the store tests.
cp "$here"/../tests/data/store/*.sqlite "$out/store/" 2>/dev/null || true
# Weights: the TorchScript fixture (small) and the demo state_dict with every tensor storage
# cut to 16 bytes (its 7 MB are too large a seed; the zip and pickle structure stay real).
cp "$here"/../tests/data/model/tiny_torchscript.pt "$out/weights/" 2>/dev/null || true
python3 - "$here/../models/hybridgnet-jsrt256.pt" "$out/weights/reduced_state_dict.pt" <<'PY'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED) as out:
    for name in src.namelist():
        data = src.read(name)
        out.writestr(name, data[:16] if "/data/" in name and not name.endswith(".pkl") else data)
PY
echo "seeds in $out"

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
# Small images derived from the real DICOM's pixels (64 x 64 and 48 x 40): a fuzzer decoding
# full radiographs runs at ~90 executions/s; these seeds exercise the same decoders (PNG 8/16-bit
# grey and RGB, DICOM explicit/implicit VR, 8/16-bit, MONOCHROME1, rescale, VOI window, JPEG
# baseline through Ghostscript) at thousands per second. Needs Debian's python3-pydicom and
# python3-numpy (test dependencies) and gs; skipped with a note when they are missing.
if /usr/bin/python3 -c 'import pydicom, numpy' 2>/dev/null; then
/usr/bin/python3 - "$data/dicom/nih_00000002_000_dx.dcm" "$out/image" <<'PY' || echo "make_seeds: small image seeds not made"
import sys, os, struct, zlib, copy, subprocess
import numpy as np, pydicom
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
src, out = sys.argv[1], sys.argv[2]
ds = pydicom.dcmread(src)
px = ds.pixel_array.astype(np.float64)
def small(h, w):
    ys = (np.arange(h) * px.shape[0] / h).astype(int); xs = (np.arange(w) * px.shape[1] / w).astype(int)
    a = px[np.ix_(ys, xs)]; a = (a - a.min()) / max(1e-9, a.max() - a.min()); return a
def png(path, arr, depth, colour):
    h, w = arr.shape[0], arr.shape[1] // (3 if colour == 2 else 1)
    raw = b"".join(b"\0" + (arr[y].astype(">u2").tobytes() if depth == 16 else arr[y].astype(np.uint8).tobytes()) for y in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
a = small(64, 64)
png(os.path.join(out, "small8.png"), np.round(a * 255), 8, 0)
png(os.path.join(out, "small16.png"), np.round(a * 65535), 16, 0)
png(os.path.join(out, "smallrgb.png"), np.repeat(np.round(small(40, 48) * 255)[:, :, None], 3, axis=2).reshape(40, -1), 8, 2)
def dicom(path, arr, bits, mono1=False, implicit=False, rescale=False, window=False):
    d = copy.deepcopy(ds)
    d.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian
    d.Rows, d.Columns = arr.shape
    d.BitsAllocated = 8 if bits == 8 else 16; d.BitsStored = bits; d.HighBit = bits - 1
    d.PixelRepresentation = 0; d.SamplesPerPixel = 1
    d.PhotometricInterpretation = "MONOCHROME1" if mono1 else "MONOCHROME2"
    v = np.round((1 - arr if mono1 else arr) * (2 ** bits - 1))
    d.PixelData = v.astype(np.uint8 if bits == 8 else "<u2").tobytes()
    if rescale: d.RescaleSlope, d.RescaleIntercept = "0.5", "-100"
    if window: d.WindowCenter, d.WindowWidth = str(2 ** (bits - 1)), str(2 ** bits // 2)
    d.is_implicit_VR, d.is_little_endian = implicit, True
    d.save_as(path, write_like_original=False)
dicom(os.path.join(out, "small8.dcm"), a, 8)
dicom(os.path.join(out, "small12_mono1_rescale.dcm"), small(48, 40), 12, mono1=True, rescale=True)
dicom(os.path.join(out, "small16_implicit_window.dcm"), a, 16, implicit=True, window=True)
# JPEG baseline of the same pixels: a PostScript image rendered by Ghostscript's jpeggray device.
ps = os.path.join(out, "small.ps")
hexpx = np.round(a * 255).astype(np.uint8).tobytes().hex()
open(ps, "w").write("%%!PS\n64 64 scale\n64 64 8 [64 0 0 -64 0 64] {<%s>} image\nshowpage\n" % hexpx)
try:
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=jpeggray", "-g64x64", "-r72",
                    "-sOutputFile=" + os.path.join(out, "small.jpg"), ps], check=True)
except Exception as e:
    print("make_seeds: no small JPEG seed (%s)" % e)
os.remove(ps)
PY
else
  echo "make_seeds: python3-pydicom/numpy missing, small image seeds not made"
fi
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

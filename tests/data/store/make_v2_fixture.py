#!/usr/bin/env python3
"""Builds v2.sqlite: a review database as schema version 2 wrote it (before preprocessing
records, version time spent, the change counter and the worklist summary tables existed).
Synthetic values only. Contents:
  * datasets 'Alpha' (id 1) and 'Beta' (id 2); image 1 is in both (Alpha 'a_001.png',
    Beta 'b_001.png'), image 2 only in Beta ('b_002.png'), image 3 in no dataset;
  * image 1: a csv_import version (RCA 0.8125 / 0.90625) and a newer model_run version with a
    latent and an rca_results row (0.75 / 0.875); julia corrected the model_run version (two
    reviews: accepted 10 s, then corrected 42.5 s) and a comparison model_run vs correction
    (dice_gt 0.9375) is stored;
  * image 2: a csv_import version without RCA; an image error; julia flagged it (7 s);
  * image 3: nothing but the image.
The DDL is schema steps 0 -> 1 -> 2 of core/store/SchemaScripts.cpp; content hashes follow
VersionRepository::contentHash so that the migrated file keeps matching new imports."""
import hashlib, math, os, re, sqlite3, struct

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..', '..'))
src = open(os.path.join(root, 'core', 'store', 'SchemaScripts.cpp')).read()
v1 = re.search(r'kV0toV1 = R"SQL\((.*?)\)SQL"', src, re.S).group(1)
v2 = re.search(r'kV1toV2 = R"SQL\((.*?)\)SQL"', src, re.S).group(1)

def ring(cx, cy, rx, ry, n):
    return [(round(cx + rx * math.cos(2 * math.pi * i / n)), round(cy + ry * math.sin(2 * math.pi * i / n)))
            for i in range(n)]

base = ring(300, 500, 120, 300, 44) + ring(720, 500, 130, 310, 50) + ring(540, 650, 150, 120, 26)
model_run = [(x + 1, y) for x, y in base]
corrected = [(x + 4, y) if i < 44 else (x + 1, y) for i, (x, y) in enumerate(base)]
latent = [0.5, -1.25, 2.0, 0.0]

def blob(points):
    return b''.join(struct.pack('<dd', float(x), float(y)) for x, y in points)

def floats(values):
    return b''.join(struct.pack('<f', v) for v in values)

def feed(h, data):
    if isinstance(data, str):
        data = data.encode()
    h.update(struct.pack('<Q', len(data)))
    h.update(data)

def content_hash(source, author, model_key, lm_model, rles, rca_mean, rca_max, lat=None):
    h = hashlib.sha256()
    for field in ['cxr-version-1', source, author, model_key, 'model']:
        feed(h, field)
    feed(h, lm_model)
    feed(h, b'')
    for r in rles:
        feed(h, r)
    feed(h, '1024x1024')
    feed(h, 'null' if rca_mean is None else '%.17g' % rca_mean)
    feed(h, 'null' if rca_max is None else '%.17g' % rca_max)
    if lat:
        feed(h, floats(lat))
    return h.hexdigest()

out = os.path.join(here, 'v2.sqlite')
if os.path.exists(out):
    os.remove(out)
db = sqlite3.connect(out)
db.executescript(v1)
db.executescript(v2)
t = ['2024-04-01T10:00:0%d.000Z' % i for i in range(10)]
for i, key in [(1, 'Synthetic:case_001.png'), (2, 'Synthetic:case_002.png'), (3, 'Synthetic:case_003.png')]:
    db.execute("INSERT INTO images(id, image_key, width, height, created_at) VALUES(?, ?, 1024, 1024, ?)", (i, key, t[0]))
cols = '["Image Index","Dice RCA (Mean)","Dice RCA (Max)","Landmarks","Left Lung","Right Lung","Heart","Height","Width"]'
db.execute("INSERT INTO datasets VALUES(1, 'Alpha', 'csv', 'alpha.csv', 'Image Index', ?, '', ?)", (cols, t[0]))
db.execute("INSERT INTO datasets VALUES(2, 'Beta', 'csv', 'beta.csv', 'Image Index', ?, '', ?)", (cols, t[0]))
# Beta's mapping of image 1 is inserted first: the first dataset is the smallest dataset id.
db.execute("INSERT INTO dataset_images VALUES(2, 1, 'b_001.png', 0)")
db.execute("INSERT INTO dataset_images VALUES(2, 2, 'b_002.png', 1)")
db.execute("INSERT INTO dataset_images VALUES(1, 1, 'a_001.png', 0)")
db.execute("INSERT INTO readers VALUES(1, 'chexmask', 'model', ?)", (t[0],))
db.execute("INSERT INTO readers VALUES(2, 'julia', 'human', ?)", (t[0],))
db.execute("INSERT INTO readers VALUES(3, 'hybridgnet', 'model', ?)", (t[0],))
db.execute("INSERT INTO models VALUES(1, 'hybridgnet', 'abc123', '{}', 1024, ?)", (t[0],))
rles_a = ['1001 20 2025 22', '1101 20 2125 21', '3001 40']
rles_b = ['1002 20 2026 22', '1102 20 2126 21', '3002 40']
rles_c = ['1005 20 2029 22', '1102 20 2126 21', '3002 40']
versions = [
    (1, 1, 'csv_import', None, 1, None, blob(base), rles_a, 0.8125, 0.90625, None, None, t[1]),
    (2, 1, 'model_run', None, 3, 1, blob(model_run), rles_b, None, None, latent, None, t[2]),
    (3, 1, 'reader_correction', 2, 2, None, blob(corrected), rles_c, None, None, None, 'moved right lung', t[3]),
    (4, 2, 'csv_import', None, 1, None, blob(base), rles_a, None, None, None, None, t[1]),
]
authors = {1: 'chexmask', 2: 'julia', 3: 'hybridgnet'}
for (vid, img, source, parent, author, model, lm, rles, rm, rx, lat, note, when) in versions:
    key = 'hybridgnet|abc123' if model else ''
    h = content_hash(source, authors[author], key, lm, rles, rm, rx, lat)
    db.execute("""INSERT INTO segmentation_versions(id, image_id, source, parent_id, author_id, model_id, mask_space,
      landmarks_model, landmarks_original, rle_right_lung, rle_left_lung, rle_heart, height, width, rca_mean, rca_max,
      note, content_sha256, created_at, latent) VALUES(?, ?, ?, ?, ?, ?, 'model', ?, NULL, ?, ?, ?, 1024, 1024, ?, ?, ?, ?, ?, ?)""",
               (vid, img, source, parent, author, model, lm, *rles, rm, rx, note, h, when, floats(lat) if lat else None))
db.execute("INSERT INTO current_versions VALUES(1, 1, 1, ?)", (t[1],))
db.execute("INSERT INTO current_versions VALUES(1, 3, 2, ?)", (t[2],))
db.execute("INSERT INTO current_versions VALUES(1, 2, 3, ?)", (t[3],))
db.execute("INSERT INTO current_versions VALUES(2, 1, 4, ?)", (t[1],))
db.execute("INSERT INTO rca_results VALUES(1, 2, '{\"k\":5}', '[0.75]', 0.75, 0.875, ?)", (t[4],))
db.execute("INSERT INTO comparisons VALUES(1, 2, 3, 0.96875, 0.875, 0.9375, 3.0, 2.0, 2.5, 1.5, 4.25, ?)", (t[5],))
db.execute("INSERT INTO reviews VALUES(1, '11111111111111111111111111111111', 1, 2, 'accepted', NULL, 10.0, 2, ?)", (t[2],))
db.execute("INSERT INTO reviews VALUES(2, '22222222222222222222222222222222', 1, 2, 'corrected', 'lateral border', 42.5, 3, ?)", (t[3],))
db.execute("INSERT INTO reviews VALUES(3, '33333333333333333333333333333333', 2, 2, 'flagged_ood', 'lateral view', 7.0, 4, ?)", (t[6],))
db.execute("INSERT INTO image_errors VALUES(1, 'err-0001', 2, 2, 1, 'b_002.png', 'inference', 'synthetic failure', ?)", (t[7],))
db.execute("INSERT INTO settings VALUES('rca.k', '5', ?)", (t[0],))
db.execute("INSERT INTO audit_log VALUES(1, '44444444444444444444444444444444', 'julia', 'review', 'image', 1, 'accepted', 'corrected', ?)", (t[3],))
db.execute("PRAGMA user_version=2")
db.commit()
db.execute("VACUUM")
db.close()
print('wrote', out)

#!/usr/bin/env python3
"""Builds v1.sqlite: a review database as schema version 1 wrote it (before RCA results,
comparisons, image errors, settings and latents existed), with one image, a model version, a
physician correction, current pointers, a review and an audit entry. Synthetic values only.
The DDL is schema step 0 -> 1 of core/store/SchemaScripts.cpp; content hashes follow
VersionRepository::contentHash so that the migrated file keeps matching new imports."""
import hashlib, math, os, re, sqlite3, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..', '..'))
src = open(os.path.join(root, 'core', 'store', 'SchemaScripts.cpp')).read()
v1 = re.search(r'kV0toV1 = R"SQL\((.*?)\)SQL"', src, re.S).group(1)

def ring(cx, cy, rx, ry, n):
    return [(round(cx + rx * math.cos(2 * math.pi * i / n)), round(cy + ry * math.sin(2 * math.pi * i / n)))
            for i in range(n)]

model = ring(300, 500, 120, 300, 44) + ring(720, 500, 130, 310, 50) + ring(540, 650, 150, 120, 26)
corrected = [(x + 3, y) if i < 44 else (x, y) for i, (x, y) in enumerate(model)]

def blob(points):
    return b''.join(struct.pack('<dd', float(x), float(y)) for x, y in points)

def feed(h, data):
    if isinstance(data, str):
        data = data.encode()
    h.update(struct.pack('<Q', len(data)))
    h.update(data)

def content_hash(source, author, model_key, lm_model, rles, rca_mean, rca_max):
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
    return h.hexdigest()

out = os.path.join(here, 'v1.sqlite')
if os.path.exists(out):
    os.remove(out)
db = sqlite3.connect(out)
db.executescript(v1)
now = '2024-03-01T10:00:00.000Z'
later = '2024-03-02T09:30:00.000Z'
db.execute("INSERT INTO images(id, image_key, width, height, created_at) VALUES(1, 'Synthetic:case_001.png', 1024, 1024, ?)", (now,))
db.execute("INSERT INTO datasets(id, name, kind, source_path, id_column, columns_json, image_root, created_at) VALUES(1, 'Synthetic', 'csv', 'synthetic.csv', 'Image Index', ?, '', ?)",
           ('["Image Index","Dice RCA (Mean)","Dice RCA (Max)","Landmarks","Left Lung","Right Lung","Heart","Height","Width"]', now))
db.execute("INSERT INTO dataset_images VALUES(1, 1, 'case_001.png', 2)")
db.execute("INSERT INTO readers VALUES(1, 'chexmask', 'model', ?)", (now,))
db.execute("INSERT INTO readers VALUES(2, 'julia', 'human', ?)", (now,))
rles_model = ['1001 20 2025 22', '1101 20 2125 21', '3001 40']
rles_corr = ['1004 20 2028 22', '1101 20 2125 21', '3001 40']
h1 = content_hash('csv_import', 'chexmask', '', blob(model), rles_model, 0.8125, 0.90625)
h2 = content_hash('reader_correction', 'julia', '', blob(corrected), rles_corr, None, None)
db.execute("""INSERT INTO segmentation_versions(id, image_id, source, parent_id, author_id, model_id, mask_space,
  landmarks_model, landmarks_original, rle_right_lung, rle_left_lung, rle_heart, height, width, rca_mean, rca_max,
  note, content_sha256, created_at) VALUES(1, 1, 'csv_import', NULL, 1, NULL, 'model', ?, NULL, ?, ?, ?, 1024, 1024,
  0.8125, 0.90625, NULL, ?, ?)""", (blob(model), *rles_model, h1, now))
db.execute("""INSERT INTO segmentation_versions(id, image_id, source, parent_id, author_id, model_id, mask_space,
  landmarks_model, landmarks_original, rle_right_lung, rle_left_lung, rle_heart, height, width, rca_mean, rca_max,
  note, content_sha256, created_at) VALUES(2, 1, 'reader_correction', 1, 2, NULL, 'model', ?, NULL, ?, ?, ?, 1024, 1024,
  NULL, NULL, 'moved right lung 3 px', ?, ?)""", (blob(corrected), *rles_corr, h2, later))
db.execute("INSERT INTO current_versions VALUES(1, 1, 1, ?)", (now,))
db.execute("INSERT INTO current_versions VALUES(1, 2, 2, ?)", (later,))
db.execute("INSERT INTO reviews VALUES(1, 'a1b2c3d4e5f60718293a4b5c6d7e8f90', 1, 2, 'corrected', 'lateral border', 42.5, 2, ?)", (later,))
db.execute("INSERT INTO audit_log VALUES(1, '0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'julia', 'review', 'image', 1, 'pending', 'corrected', ?)", (later,))
db.execute("PRAGMA user_version=1")
db.commit()
db.execute("VACUUM")
db.close()
print('wrote', out)

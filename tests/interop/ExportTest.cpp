// Validated export on the real CheXmask rows: byte-compatible CSV, round trip, filters,
// original space, provenance sidecar, audit, cancellation.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/PreprocessRecord.h"
#include "core/store/ModelRepository.h"
#include "core/store/Transaction.h"
#include "core/interop/InteropError.h"
#include "core/interop/ValidatedExporter.h"
#include "core/store/AuditLog.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/interop/InteropTestUtil.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>

using namespace cxr::interop;
using namespace cxr::interop::test;
using namespace cxr::store;
namespace fs = std::filesystem;
using cxr::test::sharedData;

namespace {

const char* const kDatasets[] = {"ChestX-Ray8", "CheXpert", "VinDr-CXR"};
std::string csv(const std::string& name) { return sharedData("chexmask/" + name).string(); }

struct Imported {
  TempDir dir{"vexport"};
  ReviewStore store{dir.file("r.db")};
  Imported() {
    CheXmaskImporter importer(store);
    for (const std::string ds : kDatasets)
      for (const std::string suffix : {"", "_julia_annotations", "_martina_annotations"})
        importer.importFile(csv(ds + suffix + ".csv"));
  }
};

struct StoredRow {
  cxr::format::LandmarkSet landmarks;
  std::string rl, ll, h;
  std::optional<double> mean, max;
  int height = 0, width = 0;
};

/// Every current version of `reader` in a dataset, by external id.
std::map<std::string, StoredRow> rowsOf(ReviewStore& store, const std::string& dataset, const std::string& reader) {
  std::map<std::string, StoredRow> out;
  const auto ds = store.datasets().findByName(dataset);
  if (!ds) return out;
  for (const auto& img : store.images().imagesOfDataset(ds->id)) {
    const auto v = store.versions().current(img.id, reader);
    if (!v) continue;
    StoredRow r;
    r.landmarks = v->data.maskSpaceLandmarks();
    r.rl = v->data.rleRightLung;
    r.ll = v->data.rleLeftLung;
    r.h = v->data.rleHeart;
    r.mean = v->data.rcaMean;
    r.max = v->data.rcaMax;
    r.height = v->data.height;
    r.width = v->data.width;
    out[store.datasets().externalId(ds->id, img.id)] = r;
  }
  return out;
}

}  // namespace

TEST(ValidatedExportTest, RoundTripGivesIdenticalMasksLandmarksAndRcaAndTheSameBytes) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  Imported f;
  for (const std::string ds : kDatasets) {
    SCOPED_TRACE(ds);
    ExportRequest req;
    req.filter.dataset = ds;
    req.csvPath = f.dir.file(ds + ".csv.gz");
    const ExportSummary s = ValidatedExporter(f.store).run(req);
    EXPECT_GT(s.rows, 40);
    EXPECT_EQ(s.failed, 0);
    // Re-import into a fresh store (the gz file is read streaming).
    ReviewStore again(f.dir.file(ds + "-again.db"));
    CsvImportOptions o;
    o.dataset = ds;
    CheXmaskImporter(again).importFile(req.csvPath, o);
    const auto a = rowsOf(f.store, ds, "chexmask");
    const auto b = rowsOf(again, ds, "chexmask");
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(std::int64_t(a.size()), s.rows);
    for (const auto& [id, ra] : a) {
      const auto it = b.find(id);
      ASSERT_NE(it, b.end()) << id;
      const StoredRow& rb = it->second;
      EXPECT_EQ(ra.landmarks, rb.landmarks) << id;
      EXPECT_EQ(ra.rl, rb.rl) << id;
      EXPECT_EQ(ra.ll, rb.ll) << id;
      EXPECT_EQ(ra.h, rb.h) << id;
      EXPECT_EQ(ra.mean, rb.mean) << id;
      EXPECT_EQ(ra.max, rb.max) << id;
    }
    // Uncompressed: the release's bytes (ID-column name, column order, RLE, landmarks, RCA text).
    ExportRequest plain = req;
    plain.csvPath = f.dir.file(ds + ".csv");
    ValidatedExporter(f.store).run(plain);
    EXPECT_TRUE(readFile(plain.csvPath) == readFile(csv(ds + ".csv"))) << "bytes differ";
  }
}

TEST(ValidatedExportTest, StatusReaderAndRcaFiltersSelectTheRightRows) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert_julia_annotations.csv");
  Imported f;
  auto rows = [&](ExportFilter filter) {
    ExportRequest req;
    req.filter = filter;
    req.csvPath = f.dir.file("f.csv");
    return ValidatedExporter(f.store).run(req).rows;
  };
  ExportFilter julia;
  julia.reader = "julia";
  julia.dataset = "CheXpert";
  julia.status = StatusFilter::Corrected;
  EXPECT_EQ(rows(julia), 56);
  julia.status = StatusFilter::Validated;
  EXPECT_EQ(rows(julia), 56);
  julia.status = StatusFilter::Accepted;
  EXPECT_EQ(rows(julia), 0);
  // The release's advice: Dice RCA (Mean) >= 0.7; corrections are judged by their model version's RCA.
  ExportFilter model;
  model.dataset = "CheXpert";
  std::int64_t expected = 0;
  for (const auto& [id, r] : rowsOf(f.store, "CheXpert", "chexmask")) expected += (r.mean && *r.mean >= 0.85);
  model.minRcaMean = 0.85;
  EXPECT_EQ(rows(model), expected);
  EXPECT_GT(expected, 0);
  EXPECT_LT(expected, 56);
  julia.status = StatusFilter::Corrected;
  julia.minRcaMean = 0.85;
  EXPECT_EQ(rows(julia), expected);
  // Unknown names are errors, not empty files.
  ExportFilter bad;
  bad.reader = "nobody";
  EXPECT_THROW(rows(bad), InteropError);
  bad = ExportFilter{};
  bad.worklist = "no-such-worklist";
  EXPECT_THROW(rows(bad), InteropError);
}

TEST(ValidatedExportTest, OriginalSpaceUsesThePreprocessingRecordAndReadsBack) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR.csv");
  Imported f;
  const auto ds = f.store.datasets().findByName("VinDr-CXR");
  ASSERT_TRUE(ds);
  // A VinDr-like geometry: 2000 x 1600 original, no crop, centred padding.
  const auto images = f.store.images().imagesOfDataset(ds->id);
  for (const auto& img : images) {
    PreprocessGeometry g;
    g.modelSize = 1024;
    g.originalHeight = 2000;
    g.originalWidth = 1600;
    g.padLeft = 200;
    g.padTop = 0;
    g.squareSide = 2000;
    f.store.preprocess().put(img.id, g);
  }
  ExportRequest req;
  req.filter.dataset = "VinDr-CXR";
  req.space = CsvSpace::Original;
  req.csvPath = f.dir.file("orig.csv");
  const ExportSummary s = ValidatedExporter(f.store).run(req);
  EXPECT_EQ(s.rows, 50);
  cxr::format::CheXmaskCsvReader reader(req.csvPath);
  cxr::format::CheXmaskRow row;
  int n = 0;
  const auto model = rowsOf(f.store, "VinDr-CXR", "chexmask");
  while (reader.next(row)) {
    ++n;
    EXPECT_EQ(row.height, 2000);
    EXPECT_EQ(row.width, 1600);
    const auto& m = model.at(row.imageId).landmarks;
    for (int i = 0; i < m.size(); ++i) {
      // x = round(x1024 / 1024 * 2000 - 200), y = round(y1024 / 1024 * 2000)
      EXPECT_NEAR(row.landmarks[i].x, m[i].x / 1024.0 * 2000 - 200, 0.5 + 1e-9);
      EXPECT_NEAR(row.landmarks[i].y, m[i].y / 1024.0 * 2000, 0.5 + 1e-9);
    }
    const std::string* text = row.column("Landmarks");
    ASSERT_TRUE(text);
    EXPECT_EQ(text->substr(0, 2), "[[");  // numpy notation of the OriginalResolution files
    EXPECT_GT(row.mask(cxr::format::Organ::RightLung).area(), 100000);
  }
  EXPECT_EQ(n, 50);
}

TEST(ValidatedExportTest, SidecarAuditAndTemporaryFiles) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  Imported f;
  const auto auditBefore = f.store.audit().count();
  ExportRequest req;
  req.filter.dataset = "ChestX-Ray8";
  req.filter.reader = "martina";
  req.csvPath = f.dir.file("m.csv");
  req.softwareVersion = "9.9";
  const ExportSummary s = ValidatedExporter(f.store).run(req);
  EXPECT_EQ(s.rows, 50);
  ASSERT_TRUE(fs::exists(req.csvPath + ".provenance.json"));
  const auto j = nlohmann::json::parse(readFile(req.csvPath + ".provenance.json"));
  EXPECT_EQ(j["filters"]["reader"], "martina");
  EXPECT_EQ(j["filters"]["dataset"], "ChestX-Ray8");
  EXPECT_EQ(j["versions_exported"].size(), 50u);
  EXPECT_EQ(j["software_version"], "9.9");
  EXPECT_FALSE(j["date"].get<std::string>().empty());
  EXPECT_EQ(f.store.audit().count(), auditBefore + 1);
  const auto entry = f.store.audit().latest(1).at(0);
  EXPECT_EQ(entry.action, "export");
  EXPECT_NE(entry.toValue.find("martina"), std::string::npos);
  for (const auto& e : fs::directory_iterator(f.dir.path))
    EXPECT_EQ(e.path().filename().string().find(".part"), std::string::npos) << e.path();

  // A cancelled export leaves neither the CSV nor a temporary file, and says so in the audit log.
  ExportRequest cancel = req;
  cancel.csvPath = f.dir.file("cancelled.csv");
  cancel.progress = [](const ExportProgress& p) { return p.done < 10; };
  const ExportSummary c = ValidatedExporter(f.store).run(cancel);
  EXPECT_TRUE(c.cancelled);
  EXPECT_FALSE(fs::exists(cancel.csvPath));
  for (const auto& e : fs::directory_iterator(f.dir.path))
    EXPECT_EQ(e.path().filename().string().find(".part"), std::string::npos) << e.path();
  EXPECT_EQ(f.store.audit().latest(1).at(0).action, "export_cancelled");
}

TEST(ValidatedExportTest, PerImageOutputsHaveMasksLabelMapAndLandmarksInBothSpaces) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  TempDir dir("perimage");
  ReviewStore store(dir.file("r.db"));
  CsvImportOptions o;
  o.imageRoot = sharedData("images/nih").string();
  CheXmaskImporter(store).importFile(csv("ChestX-Ray8.csv"), o);
  ExportRequest req;
  req.filter.dataset = "ChestX-Ray8";
  req.perImageDir = dir.file("out");
  const ExportSummary s = ValidatedExporter(store).run(req);
  EXPECT_EQ(s.perImage, 50);
  const fs::path one = fs::path(req.perImageDir) / "00001437_024.png";
  for (const char* name : {"right_lung.png", "left_lung.png", "heart.png", "labelmap.png", "overlay.png", "landmarks.json"})
    EXPECT_TRUE(fs::exists(one / name)) << name;
  const auto j = nlohmann::json::parse(readFile((one / "landmarks.json").string()));
  EXPECT_EQ(j["model_space"]["points"].size(), 120u);
  EXPECT_EQ(j["original_space"]["points"].size(), 120u);
  EXPECT_EQ(j["overlay"], "overlay.png");
  // Images without a file have no overlay, and say why.
  const fs::path other = fs::path(req.perImageDir) / "00000001_000.png";
  if (fs::exists(other / "landmarks.json")) {
    const auto k = nlohmann::json::parse(readFile((other / "landmarks.json").string()));
    EXPECT_TRUE(k["overlay"].is_null() || k["overlay"] == "overlay.png");
  }
}

TEST(ValidatedExportTest, ConsensusAndWorklistSelections) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR_julia_annotations.csv");
  Imported f;
  const auto ds = f.store.datasets().findByName("VinDr-CXR");
  ASSERT_TRUE(ds);
  const auto images = f.store.images().imagesOfDataset(ds->id);
  ASSERT_GE(images.size(), 5u);
  // Two consensus versions (as an adjudicator would store them), one per image.
  std::vector<RowId> consensusIds;
  for (int i = 0; i < 2; ++i) {
    const auto julia = f.store.versions().current(images[std::size_t(i)].id, "julia");
    ASSERT_TRUE(julia);
    NewVersion v;
    v.imageId = images[std::size_t(i)].id;
    v.source = VersionSource::Consensus;
    v.author = "adjudicator";
    v.parentId = julia->id;
    v.data = julia->data;
    v.data.rcaMean.reset();
    v.data.rcaMax.reset();
    v.note = "consensus";
    consensusIds.push_back(f.store.versions().addVersion(v));
  }
  ExportRequest req;
  req.filter.reader.clear();
  req.filter.consensus = true;
  req.filter.dataset = "VinDr-CXR";
  req.csvPath = f.dir.file("consensus.csv");
  ExportSummary s = ValidatedExporter(f.store).run(req);
  EXPECT_EQ(s.rows, 2);
  EXPECT_EQ(s.versionIds, consensusIds);
  EXPECT_EQ(s.skippedNoVersion, std::int64_t(images.size()) - 2);

  // A named worklist of three images (schema v4 tables, as the worklist repository fills them).
  {
    Statement w(f.store.connection(), "INSERT INTO worklists(name, created_at) VALUES('wl-3', '2026-01-01')");
    w.run();
    for (int i = 0; i < 3; ++i) {
      Statement a(f.store.connection(),
                  "INSERT INTO worklist_images(worklist_id, image_id, position) "
                  "VALUES((SELECT id FROM worklists WHERE name = 'wl-3'), ?, ?)");
      a.bind(1, images[std::size_t(i + 2)].id).bind(2, i);
      a.run();
    }
  }
  ExportRequest wl;
  wl.filter.worklist = "wl-3";
  wl.filter.reader = "martina";
  wl.filter.status = StatusFilter::Validated;
  wl.csvPath = f.dir.file("wl.csv");
  s = ValidatedExporter(f.store).run(wl);
  EXPECT_EQ(s.rows, 3);
  const auto j = nlohmann::json::parse(readFile(wl.csvPath + ".provenance.json"));
  EXPECT_EQ(j["filters"]["worklist"], "wl-3");
  EXPECT_EQ(j["filters"]["status"], "validated");
}

TEST(ValidatedExportTest, EngineVersionsInOriginalSpaceExportAsStoredOrInModelSpace) {
  TempDir dir("engine-like");
  ReviewStore store(dir.file("r.db"));
  // What engine::StoreResultWriter stores: both landmark sets (sub-pixel), masks in original pixels.
  const auto geo = cxr::image::PreprocessRecord::squarePadding(2000, 1600, 1024);
  std::vector<double> xy;
  for (int i = 0; i < 120; ++i) {
    const double a = 6.283185307179586 * i / 120;
    xy.push_back(512.3 + 300 * std::cos(a) + (i < 44 ? -150 : i < 94 ? 150 : 0));
    xy.push_back(500.7 + 250 * std::sin(a));
  }
  const auto model = cxr::format::LandmarkSet::fromFlat(xy);
  const auto orig = geo.toOriginalUnrounded(model);
  Transaction tx(store);
  const RowId ds = store.datasets().ensureDataset({"run", "folder", "", "", {}, ""});
  ImageRegistration reg;
  reg.fallbackKey = "run:a.png";
  reg.image.width = 1600;
  reg.image.height = 2000;
  const RowId image = store.images().registerImage(reg);
  store.datasets().addImage(ds, image, "a.png", 0);
  const RowId modelId = store.models().registerModel({"hybridgnet", "abc123", "{}", 1024});
  NewVersion v;
  v.imageId = image;
  v.source = VersionSource::ModelRun;
  v.modelId = modelId;
  v.author = "hybridgnet";
  v.data.landmarksModel = model;
  v.data.landmarksOriginal = orig;
  v.data.maskSpace = LandmarkSpace::Original;
  v.data.height = 2000;
  v.data.width = 1600;
  for (auto organ : {cxr::format::Organ::RightLung, cxr::format::Organ::LeftLung, cxr::format::Organ::Heart})
    v.data.rle(organ) = cxr::format::Rle::encode(cxr::format::Rasterizer::organMask(orig, organ, 2000, 1600));
  store.versions().addVersion(v);
  tx.commit();

  auto exportOne = [&](CsvSpace space, const std::string& name) {
    ExportRequest req;
    req.filter.reader = "hybridgnet";
    req.space = space;
    req.csvPath = dir.file(name);
    EXPECT_EQ(ValidatedExporter(store).run(req).rows, 1);
    cxr::format::CheXmaskCsvReader reader(req.csvPath);
    cxr::format::CheXmaskRow row;
    EXPECT_TRUE(reader.next(row));
    return row;
  };
  const auto stored = exportOne(CsvSpace::Stored, "stored.csv");
  EXPECT_EQ(stored.height, 2000);
  EXPECT_EQ(stored.landmarks, orig.rounded());
  EXPECT_EQ(stored.rleHeart, v.data.rleHeart);  // masks as stored
  const auto inModel = exportOne(CsvSpace::Model, "model.csv");
  EXPECT_EQ(inModel.height, 1024);
  EXPECT_EQ(inModel.landmarks, model.rounded());
  EXPECT_EQ(inModel.rleHeart,
            cxr::format::Rle::encode(cxr::format::Rasterizer::organMask(model, cxr::format::Organ::Heart, 1024, 1024)));
  const auto inOriginal = exportOne(CsvSpace::Original, "original.csv");
  EXPECT_EQ(inOriginal.landmarks, orig.rounded());
  EXPECT_EQ(inOriginal.column("Landmarks")->substr(0, 2), "[[");
  const auto j = nlohmann::json::parse(readFile(dir.file("model.csv.provenance.json")));
  ASSERT_EQ(j["models"].size(), 1u);
  EXPECT_EQ(j["models"][0]["sha256"], "abc123");
}

TEST(ValidatedExportTest, PhysicianCorrectionsRoundTripThroughThePhysicianLayout) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  Imported f;
  ExportRequest req;
  req.filter.reader = "julia";
  req.filter.dataset = "ChestX-Ray8";
  req.filter.status = StatusFilter::Corrected;
  req.physicianLayout = true;
  req.csvPath = f.dir.file("ChestX-Ray8_julia_annotations.csv");
  EXPECT_EQ(ValidatedExporter(f.store).run(req).rows, 50);
  // Re-import: the model file first (parents), then the exported corrections.
  ReviewStore again(f.dir.file("again.db"));
  CheXmaskImporter(again).importFile(csv("ChestX-Ray8.csv"));
  CheXmaskImporter(again).importFile(req.csvPath);
  const auto a = rowsOf(f.store, "ChestX-Ray8", "julia");
  const auto b = rowsOf(again, "ChestX-Ray8", "julia");
  ASSERT_EQ(a.size(), 50u);
  ASSERT_EQ(b.size(), 50u);
  for (const auto& [id, ra] : a) {
    const auto& rb = b.at(id);
    EXPECT_EQ(ra.landmarks, rb.landmarks) << id;
    EXPECT_EQ(ra.rl, rb.rl) << id;
    EXPECT_EQ(ra.ll, rb.ll) << id;
    EXPECT_EQ(ra.h, rb.h) << id;
  }
}

#include "core/interop/ValidatedExporter.h"

#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/FormatError.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "core/image/OverlayRenderer.h"
#include "core/interop/Deidentifier.h"
#include "core/interop/DicomSeg.h"
#include "core/interop/InteropError.h"
#include "core/interop/LandmarkText.h"
#include "core/review/LandmarkSpaces.h"
#include "core/store/AuditLog.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace cxr::interop {

using store::RowId;

StatusFilter statusFilterFromString(const std::string& t) {
  if (t == "any") return StatusFilter::Any;
  if (t == "validated") return StatusFilter::Validated;
  if (t == "accepted") return StatusFilter::Accepted;
  if (t == "corrected") return StatusFilter::Corrected;
  if (t == "pending") return StatusFilter::Pending;
  if (t == "rejected") return StatusFilter::Rejected;
  if (t == "flagged_ood") return StatusFilter::FlaggedOod;
  throw InteropError("unknown review status filter '" + t +
                     "' (any, validated, accepted, corrected, pending, rejected, flagged_ood)");
}

std::string toString(StatusFilter f) {
  switch (f) {
    case StatusFilter::Any: return "any";
    case StatusFilter::Validated: return "validated";
    case StatusFilter::Accepted: return "accepted";
    case StatusFilter::Corrected: return "corrected";
    case StatusFilter::Pending: return "pending";
    case StatusFilter::Rejected: return "rejected";
    case StatusFilter::FlaggedOod: return "flagged_ood";
  }
  return "any";
}

namespace {

// reader_state.status_code: 0 pending, 1 accepted, 2 corrected, 3 rejected, 4 flagged_ood.
bool statusPasses(StatusFilter f, int code) {
  switch (f) {
    case StatusFilter::Any: return true;
    case StatusFilter::Validated: return code == 1 || code == 2;
    case StatusFilter::Accepted: return code == 1;
    case StatusFilter::Corrected: return code == 2;
    case StatusFilter::Pending: return code == 0;
    case StatusFilter::Rejected: return code == 3;
    case StatusFilter::FlaggedOod: return code == 4;
  }
  return false;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// "<dir>/.<name>.part[.gz]": same folder (rename is atomic), same compression.
std::string tempPathFor(const std::string& path) {
  const fs::path p(path);
  std::string name = "." + p.filename().string() + ".part";
  if (endsWith(path, ".gz")) name += ".gz";
  return (p.parent_path() / name).string();
}

void renameInto(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) throw InteropError(to + ": cannot rename the finished file into place: " + ec.message());
}

/// A file or folder name from an image id ("a/b.png" -> "a_b.png").
std::string safeName(const std::string& id) {
  std::string out;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_';
    out += ok ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

nlohmann::json pointsJson(const format::LandmarkSet& l) {
  nlohmann::json pts = nlohmann::json::array();
  for (int i = 0; i < format::LandmarkSet::size(); ++i) pts.push_back({l[i].x, l[i].y});
  return pts;
}

std::string selectionSql(const ExportFilter& f, bool count) {
  std::string versionExpr =
      f.consensus ? "(SELECT max(v.id) FROM segmentation_versions v WHERE v.image_id = di.image_id "
                    "AND v.source = 'consensus' AND (?1 IS NULL OR v.author_id = ?1))"
                  : "(SELECT c.version_id FROM current_versions c WHERE c.image_id = di.image_id AND c.reader_id = ?1)";
  std::string sql = count ? "SELECT count(*)" :
      "SELECT di.image_id, di.external_id, di.dataset_id, " + versionExpr +
      ", coalesce(rs.status_code, 0), s.rca_mean, s.rca_max";
  sql += " FROM dataset_images di JOIN image_summary s ON s.image_id = di.image_id"
         " LEFT JOIN reader_state rs ON rs.image_id = di.image_id AND rs.reader_id = ?1 WHERE ";
  // Without a dataset filter every image once, under its first dataset (the worklist's).
  sql += f.dataset.empty() ? "di.dataset_id = s.dataset_id" : "di.dataset_id = ?2";
  if (!f.worklist.empty()) sql += " AND di.image_id IN (SELECT image_id FROM worklist_images WHERE worklist_id = ?3)";
  if (!count) sql += " ORDER BY di.dataset_id, di.row_index, di.image_id";
  return sql;
}

struct Geometry {
  bool known = false;
  image::PreprocessRecord record;
};

/// Landmarks and masks of one version in one space.
struct SpaceData {
  format::LandmarkSet landmarks;
  std::array<format::Mask, 3> masks;  // right lung, left lung, heart (0/255)
  std::array<std::string, 3> rle;
  int height = 0, width = 0;
};

constexpr std::array<format::Organ, 3> kOrgans = {format::Organ::RightLung, format::Organ::LeftLung,
                                                  format::Organ::Heart};

SpaceData fromStored(const store::SegmentationData& d, const format::LandmarkSet& landmarks, bool decode) {
  SpaceData s;
  s.landmarks = landmarks;
  s.height = d.height;
  s.width = d.width;
  for (std::size_t k = 0; k < 3; ++k) {
    s.rle[k] = d.rle(kOrgans[k]);
    if (decode) s.masks[k] = format::Rle::decode(s.rle[k], d.height, d.width);
  }
  return s;
}

SpaceData rasterised(const format::LandmarkSet& landmarks, int height, int width) {
  SpaceData s;
  s.landmarks = landmarks;
  s.height = height;
  s.width = width;
  for (std::size_t k = 0; k < 3; ++k) {
    s.masks[k] = format::Rasterizer::organMask(landmarks, kOrgans[k], height, width);
    s.rle[k] = format::Rle::encode(s.masks[k]);
  }
  return s;
}

void writeJsonFile(const std::string& path, const nlohmann::json& j) {
  const std::string tmp = tempPathFor(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InteropError(path + ": cannot create");
    out << j.dump(2) << "\n";
    if (!out) throw InteropError(path + ": write failed");
  }
  renameInto(tmp, path);
}

}  // namespace

ExportSummary ValidatedExporter::run(const ExportRequest& req) {
  const ExportFilter& f = req.filter;
  if (req.csvPath.empty() && req.perImageDir.empty() && req.dicomSegDir.empty())
    throw InteropError("export: nothing to write (give a CSV, a per-image folder or a DICOM SEG folder)");
  if (req.physicianLayout && req.space != CsvSpace::Model)
    throw InteropError("export: the physician layout is a 1024 x 1024 model-space layout");
  if (!req.csvPath.empty() && !endsWith(req.csvPath, ".csv") && !endsWith(req.csvPath, ".csv.gz"))
    throw InteropError(req.csvPath + ": the CSV must end in .csv or .csv.gz");

  // Resolve the filter's names (unknown names are errors, never an empty export).
  std::optional<RowId> readerId;
  if (!f.reader.empty()) {
    readerId = m_store.readers().find(f.reader);
    if (!readerId) throw InteropError("review database '" + m_store.path() + "' has no reader '" + f.reader + "'");
  } else if (!f.consensus) {
    throw InteropError("export: a reader is required (or --consensus)");
  } else if (f.status != StatusFilter::Any) {
    throw InteropError("export: a status filter needs a reader");
  }
  std::optional<store::DatasetRecord> dataset;
  if (!f.dataset.empty()) {
    dataset = m_store.datasets().findByName(f.dataset);
    if (!dataset) throw InteropError("review database '" + m_store.path() + "' has no dataset '" + f.dataset + "'");
  }
  std::optional<RowId> worklistId;
  if (!f.worklist.empty()) {
    store::Statement st(m_store.connection(), "SELECT id FROM worklists WHERE name = ?");
    st.bind(1, f.worklist);
    if (!st.step()) throw InteropError("review database '" + m_store.path() + "' has no worklist '" + f.worklist + "'");
    worklistId = st.int64At(0);
  }
  auto bindSelection = [&](store::Statement& st) {
    if (readerId) st.bind(1, *readerId); else st.bindNull(1);
    if (dataset) st.bind(2, dataset->id);
    if (worklistId) st.bind(3, *worklistId);
  };
  std::map<RowId, store::DatasetRecord> datasets;
  for (auto& d : m_store.datasets().list()) datasets.emplace(d.id, d);

  // CSV header: one dataset keeps its own header (ID-column name, column order).
  std::vector<std::string> header;
  if (req.physicianLayout) {
    header = format::CheXmaskCsvWriter::physicianHeader();
  } else {
    const store::DatasetRecord* only = dataset ? &*dataset : (datasets.size() == 1 ? &datasets.begin()->second : nullptr);
    if (only && !only->info.columns.empty()) header = only->info.columns;
    else header = format::CheXmaskCsvWriter::modelHeader(only && !only->info.idColumn.empty() ? only->info.idColumn : "ImageID");
  }

  ExportSummary sum;
  std::unique_ptr<Deidentifier> deid;
  if (!req.deidentifyMapPath.empty()) deid = std::make_unique<Deidentifier>(req.deidentifyMapPath);
  std::unique_ptr<format::CheXmaskCsvWriter> csv;
  std::string csvTmp;
  if (!req.csvPath.empty()) {
    csvTmp = tempPathFor(req.csvPath);
    csv = std::make_unique<format::CheXmaskCsvWriter>(csvTmp, header);
  }
  for (const std::string& dir : {req.perImageDir, req.dicomSegDir}) {
    std::error_code ec;
    if (!dir.empty()) fs::create_directories(dir, ec);
    if (ec) throw InteropError(dir + ": cannot create the output folder: " + ec.message());
  }
  auto cleanup = [&] {
    csv.reset();
    if (!csvTmp.empty()) std::remove(csvTmp.c_str());
  };

  std::int64_t total = 0;
  {
    store::Statement st(m_store.connection(), selectionSql(f, true).c_str());
    bindSelection(st);
    if (st.step()) total = st.int64At(0);
  }
  std::set<RowId> modelIds;
  bool csvImportVersions = false;
  ExportProgress progress{0, total, 0};
  auto skip = [&](const std::string& image, const std::string& why) {
    if (req.onSkipped) req.onSkipped(image, why);
  };

  try {
    store::Statement st(m_store.connection(), selectionSql(f, false).c_str());
    bindSelection(st);
    while (st.step()) {
      ++progress.done;
      if (req.progress && !req.progress(progress)) {
        sum.cancelled = true;
        break;
      }
      const RowId imageId = st.int64At(0);
      const std::string externalId = st.textAt(1);
      const store::DatasetRecord& ds = datasets.at(st.int64At(2));
      if (st.isNull(3)) {
        ++sum.skippedNoVersion;
        continue;
      }
      if (!statusPasses(f.status, int(st.int64At(4)))) {
        ++sum.skippedFilter;
        continue;
      }
      const auto version = m_store.versions().find(st.int64At(3));
      if (!version) throw InteropError("version " + std::to_string(st.int64At(3)) + " is missing");
      std::optional<double> rcaMean = version->data.rcaMean, rcaMax = version->data.rcaMax;
      if (!rcaMean || !rcaMax) {
        if (const auto rca = m_store.rca().latestForVersion(version->id)) {
          rcaMean = rca->info.mean;
          rcaMax = rca->info.max;
        }
      }
      // Thresholds: the version's own RCA, else the image's model version (a correction has none).
      const std::optional<double> filterMean = rcaMean ? rcaMean : st.optionalDoubleAt(5);
      const std::optional<double> filterMax = rcaMax ? rcaMax : st.optionalDoubleAt(6);
      if ((f.minRcaMean && (!filterMean || *filterMean < *f.minRcaMean)) ||
          (f.minRcaMax && (!filterMax || *filterMax < *f.minRcaMax))) {
        ++sum.skippedFilter;
        continue;
      }
      const std::string shownId = deid ? deid->imageId(ds.info.name, externalId) : externalId;
      try {
        const auto image = m_store.images().find(imageId);
        if (!image) throw InteropError("image " + std::to_string(imageId) + " is missing");
        const store::SegmentationData& d = version->data;
        Geometry geo;
        if (const auto stored = m_store.preprocess().find(imageId)) {
          geo.known = true;
          geo.record = review::LandmarkSpaces::recordFor(stored, stored->originalHeight, stored->originalWidth);
        } else if (image->info.width > 0 && image->info.height > 0) {
          geo.known = true;
          geo.record = review::LandmarkSpaces::recordFor(std::nullopt, image->info.height, image->info.width);
        } else if (const std::string file = m_store.images().absolutePath(*image); !file.empty() && fs::exists(file)) {
          // A DICOM registered without its size (e.g. through a CSV's --image-root): its header says it.
          if (const auto size = DicomSeg::imageSize(file)) {
            geo.known = true;
            geo.record = review::LandmarkSpaces::recordFor(std::nullopt, size->first, size->second);
          }
        }
        const bool storedModel = d.maskSpace == store::LandmarkSpace::Model && d.landmarksModel;
        const bool storedOriginal = d.maskSpace == store::LandmarkSpace::Original && d.landmarksOriginal;
        // Stored: each version in its own mask space (the exporter's behaviour before issue 10).
        const bool rowOriginal =
            req.space == CsvSpace::Original || (req.space == CsvSpace::Stored && d.maskSpace == store::LandmarkSpace::Original);
        const bool modelAvailable = d.landmarksModel || geo.known;
        const bool originalAvailable = storedOriginal || geo.known;
        const bool needModel = (csv && !rowOriginal) || !req.perImageDir.empty();
        const bool originalRequired = (csv && rowOriginal) || !req.dicomSegDir.empty() ||
                                      (!req.perImageDir.empty() && req.space == CsvSpace::Original);
        if ((originalRequired && !originalAvailable) || (needModel && !modelAvailable)) {
          ++sum.skippedNoGeometry;
          skip(shownId, "no preprocessing record and no image size: the other image space is unknown");
          continue;
        }
        const bool decode = !req.perImageDir.empty() || !req.dicomSegDir.empty();
        std::optional<SpaceData> model, original;
        if (needModel) {
          if (storedModel) model = fromStored(d, *d.landmarksModel, decode);
          else if (d.landmarksModel) model = rasterised(*d.landmarksModel, 1024, 1024);
          else model = rasterised(geo.record.toModel(*d.landmarksOriginal), 1024, 1024);
        }
        if ((originalRequired || !req.perImageDir.empty()) && originalAvailable) {
          if (storedOriginal) original = fromStored(d, *d.landmarksOriginal, decode);
          else original = rasterised(d.landmarksOriginal ? *d.landmarksOriginal : geo.record.toOriginal(*d.landmarksModel),
                                     geo.record.originalHeight, geo.record.originalWidth);
        }

        // DICOM SEG first: a non-DICOM image is reported, and the other outputs still happen.
        if (!req.dicomSegDir.empty()) {
          const std::string src = m_store.images().absolutePath(*image);
          bool isDicom = false;
          try {
            isDicom = !src.empty() && image::ImageLoader::detectFormat(src) == image::FileFormat::Dicom;
          } catch (const image::ImageError&) {
            isDicom = false;
          }
          if (!isDicom) {
            ++sum.skippedNotDicom;
            skip(shownId, src.empty() ? "no DICOM source file: no SEG" : "source is not a readable DICOM file: no SEG");
          } else {
            SegWriteRequest seg;
            seg.sourcePath = src;
            seg.outputPath = (fs::path(req.dicomSegDir) / (safeName(shownId) + ".seg.dcm")).string();
            for (std::size_t k = 0; k < 3; ++k) seg.masks[k] = &original->masks[k];
            seg.corrected = version->source == store::VersionSource::ReaderCorrection ||
                            version->source == store::VersionSource::Consensus;
            seg.readerName = version->author;
            seg.softwareVersion = req.softwareVersion;
            std::string modelSha;
            if (version->modelId)
              if (const auto m = m_store.models().find(*version->modelId)) modelSha = m->info.fileSha256;
            seg.algorithmVersion = modelSha.empty() ? "CheXmask" : "weights-sha256:" + modelSha.substr(0, 16);
            if (deid) {
              const std::string key = image->imageKey;
              // Identity from the store, else from the file's header (a DICOM registered by file hash).
              auto ids = std::array<std::string, 4>{image->patientId, image->studyInstanceUid,
                                                    image->seriesInstanceUid, image->info.sopInstanceUid};
              if (ids[0].empty() || ids[1].empty() || ids[2].empty() || ids[3].empty()) {
                const auto header = DicomSeg::sourceIdentity(src);
                for (std::size_t k = 0; k < 4; ++k)
                  if (ids[k].empty()) ids[k] = header[k];
              }
              SegDeidentity di;
              di.patientId = deid->patientId(ids[0].empty() ? "image:" + key : ids[0]);
              di.patientName = di.patientId;
              di.studyInstanceUid = deid->uid("study_uid", ids[1].empty() ? "image:" + key : ids[1]);
              di.sourceSeriesInstanceUid =
                  deid->uid("series_uid", ids[2].empty() ? "image:" + key : ids[2]);
              di.sourceSopInstanceUid =
                  deid->uid("sop_instance_uid", ids[3].empty() ? "image:" + key : ids[3]);
              seg.deidentity = di;
            }
            DicomSeg::write(seg);
            ++sum.segFiles;
          }
        }

        if (!req.perImageDir.empty()) {
          const fs::path final = fs::path(req.perImageDir) / safeName(shownId);
          const fs::path tmp = fs::path(req.perImageDir) / ("." + safeName(shownId) + ".part");
          fs::remove_all(tmp);
          fs::create_directories(tmp);
          const bool maskOriginal = rowOriginal && original;
          const SpaceData& masks = maskOriginal ? *original : *model;
          const char* names[3] = {"right_lung.png", "left_lung.png", "heart.png"};
          std::vector<uint8_t> labels(std::size_t(masks.height) * std::size_t(masks.width), 0);
          for (std::size_t k = 0; k < 3; ++k) {
            image::ImageWriter::writePng8((tmp / names[k]).string(), masks.masks[k].data(), masks.width, masks.height);
            const uint8_t value = k == 2 ? 2 : 1;  // heart drawn last
            const uint8_t* m = masks.masks[k].data();
            for (std::size_t i = 0; i < labels.size(); ++i)
              if (m[i]) labels[i] = value;
          }
          image::ImageWriter::writePng8((tmp / "labelmap.png").string(), labels.data(), masks.width, masks.height);
          nlohmann::json j;
          j["image_id"] = shownId;
          // Dataset names are user labels (often a site or folder name): not in de-identified files.
          j["dataset"] = deid ? nlohmann::json(nullptr) : nlohmann::json(ds.info.name);
          j["version_id"] = version->id;
          j["source"] = store::toString(version->source);
          j["author"] = version->author;
          j["mask_space"] = maskOriginal ? "original" : "model";
          j["organs"] = {{"right_lung", {0, 44}}, {"left_lung", {44, 94}}, {"heart", {94, 120}}};
          j["label_map"] = {{"background", 0}, {"lungs", 1}, {"heart", 2}};
          j["model_space"] = {{"width", 1024}, {"height", 1024}, {"points", pointsJson(model->landmarks)}};
          if (original)
            j["original_space"] = {{"width", original->width}, {"height", original->height},
                                   {"points", pointsJson(original->landmarks)}};
          else
            j["original_space"] = nullptr;
          // Overlay on the source radiograph in original pixels, when both are available.
          std::string overlayNote;
          const std::string src = m_store.images().absolutePath(*image);
          if (!original) {
            overlayNote = "no preprocessing record or image size";
          } else if (src.empty() || !fs::exists(src)) {
            overlayNote = "source image file not available";
          } else {
            try {
              const image::LoadedImage img = image::ImageLoader::load(src);
              if (img.width != original->width || img.height != original->height) {
                overlayNote = "source image size differs from the stored geometry";
              } else {
                const auto rgb = image::OverlayRenderer::render(img.grey8.data(), img.width, img.height, original->landmarks);
                image::ImageWriter::writePngRgb((tmp / "overlay.png").string(), rgb.data(), img.width, img.height);
              }
            } catch (const image::ImageError& e) {
              overlayNote = std::string("source image unreadable: ") + (deid ? "" : e.what());
            }
          }
          j["overlay"] = overlayNote.empty() ? nlohmann::json("overlay.png") : nlohmann::json(nullptr);
          if (!overlayNote.empty()) j["overlay_missing_reason"] = overlayNote;
          {
            std::ofstream out(tmp / "landmarks.json", std::ios::binary);
            out << j.dump(2) << "\n";
            if (!out) throw InteropError((tmp / "landmarks.json").string() + ": write failed");
          }
          fs::remove_all(final);
          fs::rename(tmp, final);
          ++sum.perImage;
        }

        if (csv) {
          const SpaceData& s = rowOriginal ? *original : *model;
          format::CheXmaskRow row;
          row.imageId = shownId;
          row.dataset = ds.info.name;
          // Original-space rows carry integers, as released (an engine version keeps sub-pixel landmarks).
          row.landmarks = rowOriginal ? s.landmarks.rounded() : s.landmarks;
          row.rleRightLung = s.rle[0];
          row.rleLeftLung = s.rle[1];
          row.rleHeart = s.rle[2];
          row.height = s.height;
          row.width = s.width;
          row.rcaMean = rcaMean;
          row.rcaMax = rcaMax;
          if (rowOriginal && req.space == CsvSpace::Original)
            row.columns.emplace_back("Landmarks", req.originalNotation == LandmarkNotation::Numpy
                                                      ? LandmarkText::numpy(row.landmarks)
                                                      : LandmarkText::json(row.landmarks));
          csv->write(row);
          ++sum.rows;
        }
      } catch (const std::exception& e) {
        // One image's problem (bad RLE, unreadable DICOM, size mismatch) never stops the export.
        ++sum.failed;
        skip(shownId, e.what());
        continue;
      }
      if (version->modelId) modelIds.insert(*version->modelId);
      else csvImportVersions = true;
      sum.versionIds.push_back(version->id);
      ++sum.images;
      ++progress.exported;
    }
    if (req.progress) req.progress(progress);
  } catch (...) {
    cleanup();
    throw;
  }
  if (sum.cancelled) {
    cleanup();
    m_store.audit().record(req.who, "export_cancelled", "export", std::nullopt, "",
                           nlohmann::json{{"done", progress.done}, {"total", total}}.dump());
    return sum;
  }

  // Provenance sidecar.
  nlohmann::json prov;
  prov["tool"] = "CheXReview";
  prov["software_version"] = req.softwareVersion;
  prov["date"] = store::StoreCodec::nowIso();
  if (!deid) prov["database"] = fs::path(m_store.path()).filename().string();
  // Dataset and worklist names are user labels (often a site or folder): withheld when de-identified.
  auto label = [&](const std::string& name) {
    return deid && !name.empty() ? std::string("(withheld: de-identified export)") : name;
  };
  prov["filters"] = {{"reader", f.reader},
                     {"consensus", f.consensus},
                     {"dataset", label(f.dataset)},
                     {"worklist", label(f.worklist)},
                     {"status", toString(f.status)},
                     {"min_rca_mean", f.minRcaMean ? nlohmann::json(*f.minRcaMean) : nlohmann::json(nullptr)},
                     {"min_rca_max", f.minRcaMax ? nlohmann::json(*f.minRcaMax) : nlohmann::json(nullptr)}};
  prov["reader"] = f.reader;
  prov["space"] = req.space == CsvSpace::Model ? "model" : req.space == CsvSpace::Original ? "original" : "stored";
  prov["deidentified"] = deid != nullptr;
  nlohmann::json models = nlohmann::json::array();
  for (RowId id : modelIds)
    if (const auto m = m_store.models().find(id))
      models.push_back({{"name", m->info.name}, {"sha256", m->info.fileSha256}});
  if (csvImportVersions) models.push_back({{"name", "CheXmask release (csv_import)"}, {"sha256", nullptr}});
  prov["models"] = models;
  prov["counts"] = {{"rows", sum.rows},
                    {"images", sum.images},
                    {"per_image", sum.perImage},
                    {"seg_files", sum.segFiles},
                    {"skipped_no_version", sum.skippedNoVersion},
                    {"skipped_filter", sum.skippedFilter},
                    {"skipped_no_geometry", sum.skippedNoGeometry},
                    {"skipped_not_dicom", sum.skippedNotDicom},
                    {"failed", sum.failed}};
  prov["versions_exported"] = sum.versionIds;
  std::string provPath;
  if (!req.csvPath.empty()) provPath = req.csvPath + ".provenance.json";
  else if (!req.perImageDir.empty()) provPath = (fs::path(req.perImageDir) / "provenance.json").string();
  else provPath = (fs::path(req.dicomSegDir) / "provenance.json").string();
  prov["outputs"] = {{"csv", fs::path(req.csvPath).filename().string()},
                     {"per_image_dir", req.perImageDir.empty() ? "" : fs::path(req.perImageDir).filename().string()},
                     {"dicom_seg_dir", req.dicomSegDir.empty() ? "" : fs::path(req.dicomSegDir).filename().string()}};

  try {
    if (csv) {
      csv->close();
      csv.reset();
      renameInto(csvTmp, req.csvPath);
      csvTmp.clear();
      sum.files.push_back(req.csvPath);
    }
    writeJsonFile(provPath, prov);
    sum.files.push_back(provPath);
    if (deid) {
      deid->finish();
      sum.files.push_back(deid->path());
    }
  } catch (...) {
    cleanup();
    throw;
  }
  nlohmann::json audit = prov;
  audit.erase("versions_exported");
  audit["files"] = sum.files;
  store::Transaction tx(m_store);
  m_store.audit().record(req.who, "export", "export", std::nullopt, "", audit.dump());
  tx.commit();
  return sum;
}

}  // namespace cxr::interop

// Export speed: imports an N-row CheXmask CSV (default 100,000: the shared released rows cycled
// with unique ids) into a fresh store, then times interop::ValidatedExporter writing the model
// CSV, the gzip CSV and the original-resolution CSV (each in a child process: wall time and peak
// RSS), and DICOM SEG files per second for the shared CR radiograph (M images, default 200).
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/ImageLoader.h"
#include "core/interop/ValidatedExporter.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cxr;

namespace {

void generate(const std::string& path, long long count) {
  std::vector<format::CheXmaskRow> templates;
  const fs::path dir = fs::path(CXR_SHARED_DATA_DIR) / "chexmask";
  for (const char* name : {"ChestX-Ray8.csv", "CheXpert.csv", "VinDr-CXR.csv"}) {
    if (!fs::exists(dir / name)) continue;
    format::CheXmaskCsvReader reader((dir / name).string());
    format::CheXmaskRow row;
    while (reader.next(row)) templates.push_back(row);
  }
  if (templates.empty()) throw std::runtime_error("the shared CheXmask rows are needed (../shared/data/chexmask)");
  format::CheXmaskCsvWriter writer(path, format::CheXmaskCsvWriter::modelHeader("Image Index"));
  char id[32];
  for (long long i = 0; i < count; ++i) {
    format::CheXmaskRow row = templates[static_cast<size_t>(i) % templates.size()];
    row.columns.clear();
    std::snprintf(id, sizeof id, "%08lld_000.png", i);
    row.imageId = id;
    writer.write(row);
  }
  writer.close();
}

struct Run {
  double seconds = 0;
  long peakKb = 0;
};

template <typename F>
Run inChild(F work) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    try {
      work();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      _exit(1);
    }
    _exit(0);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) std::exit(1);
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), usage.ru_maxrss};
}

}  // namespace

int main(int argc, char** argv) {
  const long long rows = argc > 1 ? std::atoll(argv[1]) : 100000;
  const int segImages = argc > 2 ? std::atoi(argv[2]) : 200;
  const fs::path dir = argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path() / "cxr-export-bench";
  // "model-only": skip the original-resolution CSV (it re-rasterises 3 masks per row).
  const bool modelOnly = argc > 4 && std::string(argv[4]) == "model-only";
  // "reuse" (5th argument): keep the store a previous run prepared in `dir`.
  const bool reuse = argc > 5 && std::string(argv[5]) == "reuse" && fs::exists(dir / "store.db");
  if (!reuse) fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string csv = (dir / "generated.csv").string();
  const std::string db = (dir / "store.db").string();
  const Run prep = reuse ? Run{} : inChild([&] {
    generate(csv, rows);
    store::ReviewStore st(db);
    store::CheXmaskImporter(st).importFile(csv);
    // A geometry per image for the original-resolution export (2000 x 1600, centred padding).
    store::Transaction tx(st);
    store::Statement q(st.connection(), "SELECT id FROM images");
    store::PreprocessGeometry g;
    g.originalHeight = 2000;
    g.originalWidth = 1600;
    g.padLeft = 200;
    g.squareSide = 2000;
    while (q.step()) st.preprocess().put(q.int64At(0), g);
    tx.commit();
  });
  std::printf("prepared a %lld-row store in %.1f s\n", rows, prep.seconds);
  std::fflush(stdout);
  std::printf("%-34s %10s %12s %12s %10s\n", "export", "seconds", "rows/s", "peak RSS MB", "file MB");
  auto csvRun = [&](const char* label, const std::string& name, interop::CsvSpace space) {
    const std::string out = (dir / name).string();
    const Run r = inChild([&] {
      store::ReviewStore st(db);
      interop::ExportRequest req;
      req.csvPath = out;
      req.space = space;
      interop::ValidatedExporter(st).run(req);
    });
    std::printf("%-34s %10.2f %12.0f %12.1f %10.1f\n", label, r.seconds, rows / r.seconds, r.peakKb / 1024.0,
                fs::file_size(out) / 1e6);
    std::fflush(stdout);
  };
  csvRun("CSV model space (.csv)", "model.csv", interop::CsvSpace::Model);
  csvRun("CSV model space (.csv.gz)", "model.csv.gz", interop::CsvSpace::Model);
  if (!modelOnly) csvRun("CSV original 2000x1600 (.csv)", "original.csv", interop::CsvSpace::Original);
  std::fflush(stdout);

  const fs::path siim = fs::path(CXR_SHARED_DATA_DIR) / "dicom/siim_cr_jpeg_baseline.dcm";
  if (!fs::exists(siim) || segImages <= 0) {
    std::printf("SEG: skipped (no %s)\n", siim.c_str());
    return 0;
  }
  const std::string segDb = (dir / "seg.db").string();
  {
    // M images that all point at the real CR file (distinct keys), each with the first released row.
    store::ReviewStore st(segDb);
    format::CheXmaskCsvReader reader((fs::path(CXR_SHARED_DATA_DIR) / "chexmask/ChestX-Ray8.csv").string());
    format::CheXmaskRow row;
    reader.next(row);
    const auto img = image::ImageLoader::load(siim.string());
    store::Transaction tx(st);
    const store::RowId ds = st.datasets().ensureDataset({"siim", "folder", "", "", {}, ""});
    for (int i = 0; i < segImages; ++i) {
      store::ImageRegistration reg;
      reg.image.sopInstanceUid = "1.2.826.0.1.3680043.10.999." + std::to_string(i + 1);
      reg.image.filePath = siim.string();
      reg.image.width = img.width;
      reg.image.height = img.height;
      const store::RowId id = st.images().registerImage(reg);
      st.datasets().addImage(ds, id, "siim-" + std::to_string(i), i);
      store::NewVersion v;
      v.imageId = id;
      v.source = store::VersionSource::CsvImport;
      v.author = "chexmask";
      v.data.landmarksModel = row.landmarks;
      v.data.rleRightLung = row.rleRightLung;
      v.data.rleLeftLung = row.rleLeftLung;
      v.data.rleHeart = row.rleHeart;
      st.versions().addVersion(v);
    }
    tx.commit();
  }
  for (bool deid : {false, true}) {
    const std::string out = (dir / (deid ? "seg-deid" : "seg")).string();
    const Run r = inChild([&] {
      store::ReviewStore st(segDb);
      interop::ExportRequest req;
      req.dicomSegDir = out;
      if (deid) req.deidentifyMapPath = (dir / "map.csv").string();
      interop::ValidatedExporter(st).run(req);
    });
    std::printf("%-34s %10.2f %12.1f %12.1f %10d\n", deid ? "DICOM SEG 1024x1024, de-identified" : "DICOM SEG 1024x1024",
                r.seconds, segImages / r.seconds, r.peakKb / 1024.0, segImages);
  }
  return 0;
}

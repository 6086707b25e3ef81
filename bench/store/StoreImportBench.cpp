// Import speed of the review store: generates an N-row CheXmask model CSV (default 100,000;
// rows are the real released rows of ../shared/data/chexmask cycled with unique ids, or
// synthetic rasterised rows when that folder is absent), imports it into a fresh database in a
// child process (so its peak RSS is the import's own) and exports it again. Prints a table.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/store/CheXmaskExporter.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/EllipseLandmarks.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cxr;

namespace {

std::vector<format::CheXmaskRow> templateRows() {
  std::vector<format::CheXmaskRow> rows;
  const fs::path dir = fs::path(CXR_SHARED_DATA_DIR) / "chexmask";
  for (const char* name : {"ChestX-Ray8.csv", "CheXpert.csv", "VinDr-CXR.csv"}) {
    if (!fs::exists(dir / name)) continue;
    format::CheXmaskCsvReader reader((dir / name).string());
    format::CheXmaskRow row;
    while (reader.next(row)) rows.push_back(row);
  }
  if (!rows.empty()) return rows;
  for (int k = 0; k < 50; ++k) {  // no shared data: synthetic ellipse rings, rasterised as released
    format::CheXmaskRow row;
    row.landmarks = test::ellipseLandmarks(k);
    for (auto organ : format::kOrgans)
      row.rle(organ) = format::Rle::encode(format::Rasterizer::organMask(row.landmarks, organ, 1024, 1024));
    row.rcaMean = 0.8 + k * 0.001;
    row.rcaMax = 0.85 + k * 0.001;
    rows.push_back(row);
  }
  return rows;
}

void generate(const std::string& path, long long count) {
  const auto templates = templateRows();
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

/// Runs `work` in a child process; wall time and the child's peak resident set size.
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
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peakKb = usage.ru_maxrss;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const long long rows = argc > 1 ? std::atoll(argv[1]) : 100000;
  const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "cxr-store-bench";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string csv = (dir / "generated.csv").string();
  const std::string gz = (dir / "generated.csv.gz").string();
  const Run gen = inChild([&] { generate(csv, rows); generate(gz, rows); });
  std::printf("generated %lld rows: %.1f MB csv, %.1f MB gz (%.1f s)\n", rows,
              fs::file_size(csv) / 1e6, fs::file_size(gz) / 1e6, gen.seconds);
  std::printf("%-28s %10s %14s %12s %10s\n", "step", "seconds", "rows/min", "peak RSS MB", "db MB");
  auto report = [&](const char* step, const Run& r, const std::string& db) {
    std::printf("%-28s %10.2f %14.0f %12.1f %10.1f\n", step, r.seconds, rows / r.seconds * 60.0,
                r.peakKb / 1024.0, fs::exists(db) ? fs::file_size(db) / 1e6 : 0.0);
  };
  // The first of an import's two passes on its own: every row read and validated, nothing stored.
  report("validate only (.csv)", inChild([&] { store::CheXmaskImporter::validateFile(csv); }), "");
  for (const auto& [label, file] : {std::pair<const char*, std::string>{"import .csv", csv},
                                    std::pair<const char*, std::string>{"import .csv.gz", gz}}) {
    const std::string db = (dir / (std::string(label).find("gz") != std::string::npos ? "gz.db" : "csv.db")).string();
    report(label, inChild([&] {
             store::ReviewStore st(db);
             store::CheXmaskImporter(st).importFile(file);
           }), db);
  }
  const std::string db = (dir / "csv.db").string();
  report("re-import (all present)", inChild([&] {
           store::ReviewStore st(db);
           store::CheXmaskImporter(st).importFile(csv);
         }), db);
  report("export .csv", inChild([&] {
           store::ReviewStore st(db);
           store::CsvExportOptions options;
           options.dataset = "generated";
           store::CheXmaskExporter(st).exportFile((dir / "export.csv").string(), options);
         }), db);
  report("open (schema read only)", inChild([&] { store::ReviewStore st(db); }), db);
  report("integrityCheck()", inChild([&] {
           store::ReviewStore st(db);
           if (!st.integrityCheck().empty()) std::exit(1);
         }), db);
  const bool same = fs::file_size(dir / "export.csv") == fs::file_size(csv);
  std::printf("export size equals the generated file: %s\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}

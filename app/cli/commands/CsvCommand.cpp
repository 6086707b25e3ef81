// `chexreview-cli csv check|roundtrip`: validate and round-trip CheXmask CSV files.
// requires: cxr_format
#include "app/cli/CommandRegistry.h"

#include "core/format/NumberText.h"
#include "core/format/CsvInspector.h"
#include "core/format/CsvRoundTrip.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace {

using namespace cxr::format;

void printCheck(const std::string& path) {
  const CsvInspector::Summary s = CsvInspector::inspect(path);
  std::cout << path << ": OK\n"
            << "  kind:         " << (s.kind == CheXmaskFileKind::Model ? "model" : "physician") << "\n"
            << "  ID column:    " << s.idColumn << "\n"
            << "  rows:         " << s.rows << "\n";
  if (s.rowsWithRca) {
    std::printf("  RCA mean:     %s (Dice RCA (Mean)), %s (Dice RCA (Max))\n",
                cxr::format::NumberText::fixed(s.meanRcaMean, 4).c_str(), cxr::format::NumberText::fixed(s.meanRcaMax, 4).c_str());
    std::printf("  RCA Mean>=0.7: %lld of %lld rows\n", s.rcaMeanAtLeast07, s.rowsWithRca);
  }
  std::cout << "  landmarks:    " << s.integerLandmarkRows << " rows integral, "
            << s.rows - s.integerLandmarkRows << " with fractions\n"
            << "  empty masks:  " << s.emptyMasks << "\n  sizes:       ";
  for (const auto& [size, n] : s.sizes) std::cout << " " << size << " (" << n << ")";
  std::cout << "\n  warnings:     " << s.warnings.size() << "\n";
  for (const auto& w : s.warnings) std::cout << "  warning: " << w << "\n";
}

void setupCsv(CLI::App& app) {
  CLI::App* csv = app.add_subcommand("csv", "Validate or round-trip CheXmask CSV files (.csv or .csv.gz)");
  csv->require_subcommand(1);

  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* check = csv->add_subcommand(
      "check", "Validate every row (landmarks, RLE, sizes), print a summary and release-defect warnings");
  check->add_option("FILE", *files, "CheXmask CSV files")->required()->check(CLI::ExistingFile);
  check->callback([files] {
    // Every file is checked: a bad one is reported on stderr (exit 3, or 1 when all are bad).
    long long failed = 0;
    for (const auto& f : *files) {
      try {
        printCheck(f);
      } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "chexreview-cli: error: " << e.what() << "\n";
        ++failed;
      }
    }
    cxr::cli::reportItemFailures(failed, (long long)files->size());
  });

  auto in = std::make_shared<std::string>(), out = std::make_shared<std::string>();
  auto fromLandmarks = std::make_shared<bool>(false);
  CLI::App* rt = csv->add_subcommand(
      "roundtrip", "Decode and re-encode every mask (from its RLE, or from its landmarks) and write the file");
  rt->add_option("IN", *in, "input CSV")->required()->check(CLI::ExistingFile);
  rt->add_option("OUT", *out, "output CSV (.gz to compress)")->required();
  rt->add_flag("--from-landmarks", *fromLandmarks, "rasterise the landmarks instead of decoding the RLE");
  rt->callback([in, out, fromLandmarks] {
    const auto s = CsvRoundTrip::run(*in, *out,
                                     *fromLandmarks ? CsvRoundTrip::MaskSource::Landmarks
                                                    : CsvRoundTrip::MaskSource::Rle);
    std::cout << *out << ": " << s.rows << " rows written; " << s.rleUnchanged
              << " with all three masks byte-identical to the input; " << s.landmarksMatchRle
              << " whose landmark raster equals their RLE\n";
    for (const auto& w : s.warnings) std::cout << "warning: " << w << "\n";
  });
}

const cxr::cli::CommandRegistrar kRegistrar{10, setupCsv};

}  // namespace

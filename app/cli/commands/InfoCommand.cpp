// requires: cxr_format cxr_image
// chexreview-cli info: metadata and pixel statistics of image files.
#include "app/cli/CommandRegistry.h"
#include "core/format/NumberText.h"
#include "core/image/ImageLoader.h"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace cxr::cli {
namespace {

struct InfoArgs {
  std::vector<std::string> files;
  int voi = 0;
};

void printField(const char* name, const std::string& value) {
  if (!value.empty()) std::cout << "  " << name << ": " << value << "\n";
}

void printStatistics(const image::LoadedImage& img) {
  std::vector<int> histogram(256, 0);
  double sum = 0, sumSq = 0;
  for (uint8_t v : img.grey8) {
    ++histogram[v];
    sum += v;
    sumSq += double(v) * v;
  }
  const double n = double(img.grey8.size()), mean = sum / n;
  const auto percentile = [&](double q) {
    long long seen = 0;
    for (int v = 0; v < 256; ++v)
      if ((seen += histogram[size_t(v)]) >= q * n) return v;
    return 255;
  };
  std::cout << "  full-depth range: " << img.minValue << " .. " << img.maxValue
            << (img.monochrome1 ? " (MONOCHROME1: high = dark)" : "") << "\n"
            << "  grey8 mean " << mean << ", sd " << std::sqrt(std::max(0.0, sumSq / n - mean * mean))
            << ", p1/p50/p99 " << percentile(0.01) << "/" << percentile(0.5) << "/"
            << percentile(0.99) << "\n";
}

void printOne(const std::string& path, const InfoArgs& a) {
  image::LoadOptions options;
  options.voiIndex = a.voi;
  const image::LoadedImage img = image::ImageLoader::load(path, options);
  const image::ImageMetadata& m = img.metadata;
  std::cout << path << "\n  format: " << m.fileFormat << ", " << img.width << " x " << img.height
            << ", " << m.samplesPerPixel << " sample(s), " << m.bitsStored << "/"
            << m.bitsAllocated << " bits" << (m.pixelSigned ? " signed" : "") << "\n";
  printField("photometric", m.photometricInterpretation);
  if (!m.transferSyntaxUid.empty())
    printField("transfer syntax", m.transferSyntaxName + " (" + m.transferSyntaxUid + ")");
  printField("patient id", m.patientId);
  printField("study uid", m.studyInstanceUid);
  printField("series uid", m.seriesInstanceUid);
  printField("sop instance uid", m.sopInstanceUid);
  printField("modality", m.modality);
  printField("view position", m.viewPosition);
  printField("body part", m.bodyPartExamined);
  if (m.pixelSpacingRow > 0)
    printField("pixel spacing", cxr::format::NumberText::fixed(m.pixelSpacingRow, 6) + " x " +
                                    cxr::format::NumberText::fixed(m.pixelSpacingColumn, 6) + " mm (" +
                                    m.pixelSpacingSource + ")");
  if (m.rescaleSlope != 1.0 || m.rescaleIntercept != 0.0)
    printField("rescale", "slope " + cxr::format::NumberText::fixed(m.rescaleSlope, 6) + ", intercept " +
                              cxr::format::NumberText::fixed(m.rescaleIntercept, 6));
  for (size_t i = 0; i < m.voiOptions.size(); ++i) {
    const image::VoiOption& v = m.voiOptions[i];
    std::cout << "  voi " << i << (int(i) == m.appliedVoi ? " (applied)" : "") << ": "
              << (v.kind == image::VoiOption::Kind::Lut
                      ? "LUT of " + std::to_string(v.lutData.size()) + " entries"
                      : "window C " + std::to_string(v.center) + " W " + std::to_string(v.width) +
                            " " + v.function)
              << (v.explanation.empty() ? "" : " '" + v.explanation + "'") << "\n";
  }
  for (const std::string& w : m.warnings) std::cout << "  warning: " << w << "\n";
  printStatistics(img);
}

const CommandRegistrar registrar{40, [](CLI::App& app) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand("info", "Show metadata and pixel statistics of image files");
  cmd->add_option("files", args->files, "DICOM, PNG, JPEG, TIFF or BMP files")->required();
  cmd->add_option("--voi", args->voi, "DICOM VOI option index for the 8-bit rendering (-1 = none)")
      ->default_val(0);
  cmd->callback([args] {
    // Every file is looked at: a bad one is reported on stderr and the next one follows.
    long long failed = 0;
    for (const std::string& f : args->files) {
      try {
        printOne(f, *args);
      } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "chexreview-cli: error: " << e.what() << "\n";
        ++failed;
      }
    }
    reportItemFailures(failed, (long long)args->files.size());
  });
}};

}  // namespace
}  // namespace cxr::cli

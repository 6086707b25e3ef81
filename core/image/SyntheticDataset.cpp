#include "core/image/SyntheticDataset.h"

#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/ImageError.h"
#include "core/image/PreprocessRecord.h"

#include <cstdio>
#include <filesystem>

namespace cxr::image {

std::string SyntheticDataset::fileName(uint64_t seed, bool dicom) {
  char name[64];
  std::snprintf(name, sizeof name, "synth_%06llu.%s", static_cast<unsigned long long>(seed),
                dicom ? "dcm" : "png");
  return name;
}

std::vector<std::string> SyntheticDataset::write(const std::string& folder,
                                                 const SyntheticDatasetOptions& options,
                                                 const Progress& progress) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw ImageError(folder + ": cannot create folder: " + ec.message());
  format::CheXmaskCsvWriter csv((fs::path(folder) / "ground_truth.csv").string(),
                                format::CheXmaskCsvWriter::modelHeader("ImageID"));
  std::vector<std::string> written;
  for (int i = 0; i < options.count; ++i) {
    const uint64_t seed = options.firstSeed + uint64_t(i);
    const SyntheticCase image = SyntheticRadiograph::generate(seed, options.image);
    const std::string name = fileName(seed, options.dicom);
    const std::string path = (fs::path(folder) / name).string();
    if (options.dicom)
      SyntheticRadiograph::writeDicom(image, path, options.monochrome1, options.encoding);
    else
      SyntheticRadiograph::writePng(image, path);
    written.push_back(path);

    format::CheXmaskRow row;
    row.imageId = name;
    const bool original = options.originalResolution;
    row.height = original ? image.height : 1024;
    row.width = original ? image.width : 1024;
    // Model space is the CheXmask preprocessing of the image (padding to a square), which for
    // a square image is exactly landmarks1024.
    const PreprocessRecord record = PreprocessRecord::squarePadding(image.height, image.width, 1024);
    row.landmarks = (original ? image.landmarks : record.toModel(image.landmarks)).rounded();
    for (format::Organ organ : format::kOrgans)
      row.rle(organ) = format::Rle::encode(
          format::Rasterizer::organMask(row.landmarks, organ, row.height, row.width));
    csv.write(row);
    if (progress && !progress(i + 1, options.count)) break;
  }
  csv.close();
  return written;
}

}  // namespace cxr::image

#pragma once

#include "core/image/SyntheticRadiograph.h"

#include <functional>
#include <string>
#include <vector>

namespace cxr::image {

/// What SyntheticDataset::write produces and how.
struct SyntheticDatasetOptions {
  int count = 10;
  uint64_t firstSeed = 1;  ///< image i uses seed firstSeed + i
  SyntheticOptions image;
  bool dicom = false;        ///< .dcm (12-bit) instead of .png (8-bit)
  bool monochrome1 = false;  ///< DICOM polarity
  DicomEncoding encoding = DicomEncoding::ExplicitLittle;
  /// true: CSV landmarks and masks in original pixels (CheXmask OriginalResolution variant);
  /// false: in the 1024 model space (Preprocessed variant, Height/Width 1024).
  bool originalResolution = false;
};

/// Writes a folder of synthetic radiographs plus `ground_truth.csv`, a CheXmask model-format CSV
/// (ID column "ImageID", empty RCA columns) with their exact landmarks and RLE masks.
class SyntheticDataset {
 public:
  /// Called after each image with (done, total); return false to stop early.
  using Progress = std::function<bool(int done, int total)>;
  /// Creates `folder` if needed; returns the written image paths. Throws ImageError or
  /// format::FormatError naming the file on failure.
  static std::vector<std::string> write(const std::string& folder,
                                        const SyntheticDatasetOptions& options,
                                        const Progress& progress = {});
  /// The file name of image i ("synth_000042.png").
  static std::string fileName(uint64_t seed, bool dicom);
};

}  // namespace cxr::image

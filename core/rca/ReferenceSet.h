#pragma once

#include "core/format/LandmarkSet.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::rca {

/// One reference of an RCA reference set: an image with known ground truth.
struct Reference {
  std::string id;                 ///< unique in the set (e.g. the image's file stem)
  std::string imageFile;          ///< path of its PNG relative to the set's folder
  int width = 0, height = 0;
  std::vector<uint8_t> grey8;     ///< 8-bit grey, lungs dark, row-major (loaded with the set)
  format::LandmarkSet landmarks;  ///< ground truth, 120 points in the image's pixels
  std::vector<float> latent;      ///< the segmentation model's latent mean for this image
};

/// A versioned reference set (docs/rca.md, "Reference sets"): a folder with refset.json and
/// images/. The id is derived from the content (the model's SHA-256, every reference's id,
/// image bytes, landmarks and latent), so two sets with the same id are the same data.
struct ReferenceSet {
  std::string id;             ///< version id "<name>-<16 hex>", set by ReferenceSetIO::write
  std::string name = "refset";
  std::string createdAt;      ///< ISO-8601 UTC
  std::string source;         ///< free text: where the images and the ground truth came from
  std::string modelSha256;    ///< weights the latents were computed with
  std::string modelName;
  int modelInputSize = 0;
  std::vector<Reference> references;

  /// Length of the latents (0 for an empty set).
  int latentSize() const { return references.empty() ? 0 : int(references.front().latent.size()); }
};

/// Reads and writes reference-set folders. Errors (RcaError) name the file and the problem.
class ReferenceSetIO {
 public:
  /// Format name and version written in refset.json.
  static constexpr const char* kFormat = "chexreview-refset";
  static constexpr int kFormatVersion = 1;

  /// Writes `set` into `folder` (created; an existing refset.json is replaced), computing
  /// and storing its id; returns the id. Every reference needs an image, 120 landmarks and a
  /// latent of the same length.
  static std::string write(ReferenceSet& set, const std::string& folder);
  /// Reads a folder written by write() (images included; their SHA-256 is checked).
  static ReferenceSet read(const std::string& folder);
  /// Only the manifest (id, model, counts), no images: for `rca` to check a set quickly.
  static ReferenceSet readManifest(const std::string& folder);
  /// Lowercase hex SHA-256 of bytes (OpenSSL libcrypto).
  static std::string sha256(const void* data, size_t size);
  /// Lowercase hex SHA-256 of a file's contents; throws RcaError naming the file.
  static std::string sha256OfFile(const std::string& path);
};

}  // namespace cxr::rca

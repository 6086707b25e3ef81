#pragma once

#include "core/format/LandmarkSet.h"
#include "core/rca/Registration.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::rca {

/// Everything that determines an RCA result; stored with it (toJson is canonical: the same
/// parameters always give the same text, which is how a resumed run finds what is done).
struct RcaParameters {
  int k = 5;            ///< references kept by latent similarity
  int size = 256;       ///< working size: both images are padded to a square and resized to it
  RegistrationSettings registration;
  std::string refsetId; ///< version id of the reference set
  std::string toJson() const;
};

/// One image to score: the image, its predicted segmentation and its latent.
struct RcaQuery {
  std::string key;                 ///< for messages (file name or image key)
  int width = 0, height = 0;
  std::vector<uint8_t> grey8;      ///< 8-bit grey, lungs dark, row-major
  format::LandmarkSet prediction;  ///< predicted landmarks in the image's pixels
  std::vector<float> latent;       ///< the model's latent mean of this image
  /// A reference never selected for this query (leave-one-out: the image is itself in the set).
  std::string excludeReference;
};

/// The prediction scored against one reference.
struct ReferenceScore {
  std::string referenceId;
  double similarity = 0;      ///< latent dot product (selection)
  bool registered = false;    ///< false: registration failed, or the image was rejected (scores 0)
  std::string failure;        ///< why not registered
  double correlation = 0;     ///< grey-value correlation of the affine-aligned image with the reference
  double warpedCorrelation = 0;  ///< the same after the deformable stage
  double diceRightLung = 0, diceLeftLung = 0;
  double diceLungs = 0, diceHeart = 0;
  double score = 0;           ///< (diceLungs + diceHeart) / 2
};

/// The RCA of one prediction.
struct RcaResult {
  RcaParameters parameters;
  std::vector<ReferenceScore> references;  ///< the k selected, most similar first
  double max = 0, mean = 0;                ///< Dice RCA (Max), Dice RCA (Mean)
  double maxLungs = 0, meanLungs = 0;      ///< lung Dice over the references
  double maxHeart = 0, meanHeart = 0;      ///< heart Dice over the references
  int registered = 0;                      ///< references whose registration was accepted
  /// Largest affine-stage correlation over the references; below minCorrelation the image
  /// is rejected (every reference scores 0).
  double bestCorrelation = -1;

  /// The per-reference, per-organ numbers as a JSON array (stored with the result).
  std::string perReferenceJson() const;
};

}  // namespace cxr::rca

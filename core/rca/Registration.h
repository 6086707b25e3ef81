#pragma once

#include <string>
#include <vector>

namespace cxr::rca {

/// How one image is registered onto one reference (the reverse classifier of RCA).
/// Stored with every RCA result (RcaParameters::toJson), so results stay comparable.
struct RegistrationSettings {
  // Stage 1: affine, multi-resolution: shrink factors 2^levels ... 2 (the affine stage stops at
  // half the working resolution: a global transform needs no finer grid), smoothing sigma =
  // shrink / 2. No level is coarser than 32 pixels across (both stages).
  int affineLevels = 3;
  int affineIterations = 100;     ///< per level at most (regular-step gradient descent)
  int histogramBins = 32;         ///< Mattes mutual information
  double samplingFraction = 0.25; ///< random fixed-image samples per level (seeded)
  // Stage 2: diffeomorphic demons on the affine-aligned, histogram-matched image, multi-resolution.
  int demonsLevels = 3;
  int demonsIterations = 25;      ///< at the finest level; coarser levels get 2x, 4x, ...
  /// Gaussian smoothing of the displacement field, in pixels at working size 256 (scaled
  /// with the working size, so the deformation's smoothness is resolution independent).
  double demonsFieldSigma = 2.0;
  double demonsMaxStep = 2.0;     ///< maximum update step length, in pixels
  /// An image is accepted only if its affine-aligned grey values (histogram-matched) correlate
  /// with at least one selected reference this much (Pearson, over the reference image);
  /// otherwise every reference scores 0. This is how a non-radiograph, an inverted or a
  /// badly cropped image gets a low RCA instead of a plausible-looking one (the deformable
  /// stage can match almost anything, so the check uses the affine stage).
  double minCorrelation = 0.4;
  unsigned seed = 20170801;       ///< sampling seed (results are reproducible)
};

/// A square working image: grey values, row-major, size x size, pixel spacing 1.
struct WorkingImage {
  int size = 0;
  std::vector<float> pixels;
};

/// The result of registering a moving image onto a fixed one.
struct RegistrationOutcome {
  bool ok = false;         ///< false when ITK gave up (the reason is in `failure`)
  std::string failure;
  /// For each fixed pixel (row-major), the point (x, y) of the moving image it maps to:
  /// 2 * size * size values (affine after deformable, composed exactly, one interpolation).
  std::vector<float> mapping;
  double affineMetric = 0;  ///< final Mattes MI value of the affine stage (negative = better)
  /// Pearson correlation of the grey values of the affine-aligned moving image, histogram-
  /// matched to the fixed one, with the fixed image (over the fixed image; outside the moving
  /// image counts as 0). A global
  /// check of the alignment before the deformable stage, which can match almost anything.
  double affineCorrelation = 0;
  double affineDeterminant = 1;  ///< of the affine matrix (area change)
};

/// Affine (Mattes MI, multi-resolution) then diffeomorphic demons (multi-resolution), moving
/// onto fixed. ITK is used inside the .cpp only; every ITK object runs single-threaded, so
/// callers parallelise over images and references. Never throws for image content: a
/// registration ITK cannot do is returned with ok = false.
RegistrationOutcome registerImages(const WorkingImage& fixed, const WorkingImage& moving,
                                   const RegistrationSettings& settings);

}  // namespace cxr::rca

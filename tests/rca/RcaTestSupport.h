#pragma once

#include "core/format/LandmarkSet.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/rca/ReferenceSet.h"

#include <cstdint>
#include <vector>

namespace cxr::rca::test {

/// A synthetic chest radiograph of side `side` (the generator's exact ground truth).
image::SyntheticCase synthetic(uint64_t seed, int side);

/// A reference set of `count` synthetic radiographs (seeds first, first+1, ...). The latent
/// of each is its shape-model coefficient vector: the core tests do not link LibTorch, and
/// these coefficients are what a latent encodes (the shape), so similar shapes are selected.
ReferenceSet syntheticReferenceSet(uint64_t first, int count, int side);

/// The ground truth degraded by a controlled perturbation of strength `m` in [0, 1]: lungs
/// and heart shifted and scaled about their centroids, plus a smooth wobble of the contour,
/// with directions drawn from `seed`. m = 0 returns the ground truth.
format::LandmarkSet perturb(const format::LandmarkSet& truth, double m, uint64_t seed, int side);

/// (Dice lungs + Dice heart) / 2 of two landmark sets rasterised on height x width (the
/// true quality of a prediction, review-metrics.md).
double trueDice(const format::LandmarkSet& prediction, const format::LandmarkSet& truth, int height, int width);

/// Pearson correlation.
double pearson(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace cxr::rca::test

#pragma once

#include <utility>
#include <vector>

namespace cxr::editor {

/// Default number of ring neighbours on each side that a soft drag moves.
inline constexpr int kDefaultSoftRadius = 4;

/// Soft-drag weight of a landmark `ringDistance` steps along its organ ring from the dragged
/// one: a raised cosine, 0.5 * (1 + cos(pi * d / (radius + 1))), so 1 at the dragged point,
/// falling smoothly, 0 from radius + 1 on. Radius 0 moves the dragged point alone.
double softDragFalloff(int ringDistance, int radius);

/// The landmarks a soft drag of `index` moves, each with its weight: the dragged point (weight 1)
/// first, then its ring neighbours within `radius` steps, counted along the organ's closed ring
/// (wrapping past the ring's first and last landmark, never into another organ). Each landmark
/// appears once, at its shorter ring distance.
std::vector<std::pair<int, double>> softDragWeights(int index, int radius);

}  // namespace cxr::editor

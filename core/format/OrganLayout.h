#pragma once

#include <array>
#include <string_view>

namespace cxr::format {

/// The three organs of a CheXmask segmentation, in landmark order.
enum class Organ { RightLung = 0, LeftLung = 1, Heart = 2 };

/// All organs in landmark order (RL, LL, H).
inline constexpr std::array<Organ, 3> kOrgans{Organ::RightLung, Organ::LeftLung, Organ::Heart};

/// Total number of landmarks of a full CheXmask segmentation.
inline constexpr int kLandmarkCount = 120;

/// Contiguous landmark indices [first, first + count) of one organ; the organ is a closed ring.
struct OrganRange {
  int first;
  int count;
  int end() const { return first + count; }
};

/// RL 0-43, LL 44-93, H 94-119 (chexmask-format.md section 1).
constexpr OrganRange organRange(Organ organ) {
  switch (organ) {
    case Organ::RightLung: return {0, 44};
    case Organ::LeftLung: return {44, 50};
    case Organ::Heart: return {94, 26};
  }
  return {0, 0};
}

/// Organ that owns landmark `index` (0..119).
constexpr Organ organOfLandmark(int index) {
  return index < 44 ? Organ::RightLung : (index < 94 ? Organ::LeftLung : Organ::Heart);
}

/// Ring neighbours of landmark `index` within its organ (previous, next).
constexpr std::array<int, 2> ringNeighbours(int index) {
  const OrganRange r = organRange(organOfLandmark(index));
  const int local = index - r.first;
  return {r.first + (local + r.count - 1) % r.count, r.first + (local + 1) % r.count};
}

/// Column name of the organ's RLE mask in CheXmask CSVs ("Right Lung", "Left Lung", "Heart").
constexpr std::string_view organColumnName(Organ organ) {
  switch (organ) {
    case Organ::RightLung: return "Right Lung";
    case Organ::LeftLung: return "Left Lung";
    case Organ::Heart: return "Heart";
  }
  return "";
}

/// Short name (RL, LL, H).
constexpr std::string_view organShortName(Organ organ) {
  switch (organ) {
    case Organ::RightLung: return "RL";
    case Organ::LeftLung: return "LL";
    case Organ::Heart: return "H";
  }
  return "";
}

}  // namespace cxr::format

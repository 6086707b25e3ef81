#pragma once

#include <array>
#include <string_view>

namespace cxr::editor {

/// Display windows offered by the viewer (see WindowLevelModel::presetWindow for the values).
enum class WindowPreset { Default, FullRange, Lung, Mediastinum, Bone };

/// Every preset, in menu order.
inline constexpr std::array<WindowPreset, 5> kWindowPresets{
    WindowPreset::Default, WindowPreset::FullRange, WindowPreset::Lung, WindowPreset::Mediastinum,
    WindowPreset::Bone};

/// Menu text of a preset ("Default", "Full range", "Lung", "Mediastinum", "Bone").
constexpr std::string_view windowPresetName(WindowPreset preset) {
  switch (preset) {
    case WindowPreset::Default: return "Default";
    case WindowPreset::FullRange: return "Full range";
    case WindowPreset::Lung: return "Lung";
    case WindowPreset::Mediastinum: return "Mediastinum";
    case WindowPreset::Bone: return "Bone";
  }
  return "";
}

}  // namespace cxr::editor

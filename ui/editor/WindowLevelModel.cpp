#include "ui/editor/WindowLevelModel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cxr::editor {

namespace {

// Preset windows as (center, width) fractions of the image range in display polarity
// (0 = black end). Radiographs carry no Hounsfield units, so the classic CT windows cannot be
// used as such; these keep their intent: Lung spreads the dark lung field over the whole grey
// scale, Mediastinum is narrow in the mid-bright soft tissue, Bone shows the bright end.
struct RelativeWindow {
  double center, width;
};
constexpr RelativeWindow kLungRelative{0.35, 0.70};
constexpr RelativeWindow kMediastinumRelative{0.65, 0.35};
constexpr RelativeWindow kBoneRelative{0.80, 0.40};

// Usual CT windows in HU as (center, width).
constexpr RelativeWindow kLungHu{-600.0, 1500.0};
constexpr RelativeWindow kMediastinumHu{40.0, 350.0};
constexpr RelativeWindow kBoneHu{400.0, 1800.0};

// Linear window on one value, written so GCC vectorises the 16-wide inner loop at -O2:
// t = (v - lo) * k + 0.5, clamped to [0, 255.5] (NaN -> 0), truncated, xor 0xFF to invert.
inline uint8_t mapValue(float v, float lo, float k, uint8_t invertMask) {
  float t = (v - lo) * k + 0.5f;
  t = t > 0.0f ? t : 0.0f;
  t = t < 255.5f ? t : 255.5f;
  return static_cast<uint8_t>(static_cast<int>(t) ^ invertMask);
}

void mapRow(const float* __restrict src, uint8_t* __restrict dst, int n, float lo, float k,
            uint8_t invertMask) {
  constexpr int kBlock = 16;
  int i = 0;
  for (; i + kBlock <= n; i += kBlock)
    for (int j = 0; j < kBlock; ++j) dst[i + j] = mapValue(src[i + j], lo, k, invertMask);
  for (; i < n; ++i) dst[i] = mapValue(src[i], lo, k, invertMask);
}

}  // namespace

void WindowLevelModel::reset(double min, double max,
                             std::optional<std::pair<double, double>> defaultWindow,
                             bool inverted) {
  if (!std::isfinite(min) || !std::isfinite(max) || min > max)
    throw std::invalid_argument("WindowLevelModel: invalid image range");
  m_min = min;
  m_max = max;
  m_defaultWindow = defaultWindow;
  if (m_defaultWindow && !(m_defaultWindow->second > 0.0)) m_defaultWindow.reset();
  m_inverted = inverted;
  const auto [width, center] = presetWindow(WindowPreset::Default);
  m_width = std::max(width, minimumWidth());
  m_center = center;
  changed.emit();
}

void WindowLevelModel::setImageRange(double min, double max) {
  if (!std::isfinite(min) || !std::isfinite(max) || min > max)
    throw std::invalid_argument("WindowLevelModel: invalid image range");
  m_min = min;
  m_max = max;
  const auto [width, center] = presetWindow(WindowPreset::FullRange);
  m_width = width;
  m_center = center;
  changed.emit();
}

void WindowLevelModel::setDefaultWindow(double center, double width) {
  if (!std::isfinite(center) || !(width > 0.0) || !std::isfinite(width))
    throw std::invalid_argument("WindowLevelModel: default window needs a finite center and width > 0");
  m_defaultWindow = std::make_pair(center, width);
  setWindowLevel(width, center);
}

void WindowLevelModel::clearDefaultWindow() {
  m_defaultWindow.reset();
  changed.emit();
}

void WindowLevelModel::setWindowLevel(double window, double level) {
  if (!std::isfinite(window) || !std::isfinite(level)) return;
  m_width = std::max(window, minimumWidth());
  m_center = level;
  changed.emit();
}

double WindowLevelModel::minimumWidth() const { return span() * 1e-3; }

double WindowLevelModel::span() const { return m_max > m_min ? m_max - m_min : 1.0; }

void WindowLevelModel::dragBy(double dx, double dy) {
  const double perPixel = span() / m_dragPixelsPerRange;
  setWindowLevel(m_width + dx * perPixel, m_center + dy * perPixel);
}

void WindowLevelModel::setDragPixelsPerRange(double pixels) {
  if (!(pixels > 0.0)) throw std::invalid_argument("WindowLevelModel: drag sensitivity must be > 0");
  m_dragPixelsPerRange = pixels;
}

void WindowLevelModel::applyPreset(WindowPreset preset) {
  const auto [width, center] = presetWindow(preset);
  setWindowLevel(width, center);
}

std::pair<double, double> WindowLevelModel::presetWindow(WindowPreset preset) const {
  const double s = span();
  RelativeWindow rel{};
  switch (preset) {
    case WindowPreset::Default:
      if (m_defaultWindow) return {m_defaultWindow->second, m_defaultWindow->first};
      return {s, m_min + s / 2.0};
    case WindowPreset::FullRange: return {s, m_min + s / 2.0};
    case WindowPreset::Lung: rel = m_hounsfield ? kLungHu : kLungRelative; break;
    case WindowPreset::Mediastinum:
      rel = m_hounsfield ? kMediastinumHu : kMediastinumRelative;
      break;
    case WindowPreset::Bone: rel = m_hounsfield ? kBoneHu : kBoneRelative; break;
  }
  if (m_hounsfield) return {rel.width, rel.center};
  const double fraction = m_inverted ? 1.0 - rel.center : rel.center;
  return {rel.width * s, m_min + fraction * s};
}

void WindowLevelModel::setHounsfield(bool hounsfield) {
  m_hounsfield = hounsfield;
  changed.emit();
}

void WindowLevelModel::setInverted(bool inverted) {
  if (inverted == m_inverted) return;
  m_inverted = inverted;
  changed.emit();
}

uint8_t WindowLevelModel::displayValue(float value) const {
  const float lo = static_cast<float>(m_center - m_width / 2.0);
  const float k = static_cast<float>(255.0 / m_width);
  return mapValue(value, lo, k, m_inverted ? 0xFF : 0x00);
}

QImage WindowLevelModel::render(const float* pixels, int width, int height) const {
  return render(pixels, width, height, width);
}

QImage WindowLevelModel::render(const float* pixels, int width, int height,
                                std::ptrdiff_t stride) const {
  if (!pixels || width <= 0 || height <= 0 || stride < width) return {};
  QImage image(width, height, QImage::Format_Grayscale8);
  if (image.isNull()) return {};
  const float lo = static_cast<float>(m_center - m_width / 2.0);
  const float k = static_cast<float>(255.0 / m_width);
  const uint8_t invertMask = m_inverted ? 0xFF : 0x00;
  for (int y = 0; y < height; ++y)
    mapRow(pixels + std::ptrdiff_t(y) * stride, image.scanLine(y), width, lo, k, invertMask);
  return image;
}

}  // namespace cxr::editor

#pragma once

#include "ui/editor/Signal.h"
#include "ui/editor/WindowPreset.h"

#include <QImage>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

namespace cxr::editor {

/// Display window of a full-depth grey image: float pixels in, 8-bit display grey out.
///
/// The window is (width, center) as DICOM's Window Width / Window Center: values below
/// center - width/2 show black, above center + width/2 white, linear in between (rounded to the
/// nearest grey). Inverted (MONOCHROME1, or the user's choice) swaps black and white.
class WindowLevelModel {
 public:
  /// Screen pixels of a right-drag that change the window width (or level) by the whole range.
  static constexpr double kDefaultDragPixelsPerRange = 512.0;

  /// Range [0, 255], window = full range, not inverted.
  WindowLevelModel() = default;

  /// Everything a new image sets, notifying once: range, DICOM default window (center, width)
  /// or none, MONOCHROME1 inversion; the window becomes the Default preset.
  void reset(double min, double max, std::optional<std::pair<double, double>> defaultWindow,
             bool inverted);
  /// Pixel value range of the image; the window becomes the full range. Throws
  /// std::invalid_argument when min > max or either is not finite.
  void setImageRange(double min, double max);
  double imageMin() const { return m_min; }
  double imageMax() const { return m_max; }
  /// The file's default window (DICOM Window Center/Width) and applies it.
  void setDefaultWindow(double center, double width);
  /// Forgets the default window: the Default preset becomes the full range.
  void clearDefaultWindow();
  /// (center, width) of the file's default window, if any.
  std::optional<std::pair<double, double>> defaultWindow() const { return m_defaultWindow; }

  /// Window width (DICOM Window Width).
  double window() const { return m_width; }
  /// Window center (DICOM Window Center).
  double level() const { return m_center; }
  /// Sets width (at least minimumWidth()) and center.
  void setWindowLevel(double window, double level);
  /// Smallest width allowed: a thousandth of the image range.
  double minimumWidth() const;

  /// Right-drag: dx widens the window, dy raises the level (image darker in normal polarity),
  /// each by range / dragPixelsPerRange per screen pixel.
  void dragBy(double dx, double dy);
  void setDragPixelsPerRange(double pixels);
  double dragPixelsPerRange() const { return m_dragPixelsPerRange; }

  /// Applies a preset window.
  void applyPreset(WindowPreset preset);
  /// (width, center) of a preset for the current image: Default = the file's window (else full
  /// range); Full range; Lung (wide, over the dark part), Mediastinum (narrow, mid-bright) and
  /// Bone (the bright end) as fractions of the image range in display polarity (mirrored for
  /// inverted images), or the usual Hounsfield windows when hounsfield() is set.
  std::pair<double, double> presetWindow(WindowPreset preset) const;
  /// Values are Hounsfield units (rescaled CT-like data): presets use absolute HU windows.
  void setHounsfield(bool hounsfield);
  bool hounsfield() const { return m_hounsfield; }

  /// Swaps black and white (MONOCHROME1 images start inverted).
  void setInverted(bool inverted);
  bool inverted() const { return m_inverted; }

  /// Display grey of one value under the current window.
  uint8_t displayValue(float value) const;
  /// Format_Grayscale8 image of width x height row-major pixels under the current window
  /// (a null image when the size is not positive or pixels is null).
  QImage render(const float* pixels, int width, int height) const;
  /// As render(), for a width x height region of a larger row-major image whose rows are
  /// `stride` values apart (stride >= width).
  QImage render(const float* pixels, int width, int height, std::ptrdiff_t stride) const;

  /// Fires after any change of window, level, inversion, range or default.
  Signal<> changed;

 private:
  double span() const;

  double m_min = 0.0, m_max = 255.0;
  double m_center = 127.5, m_width = 255.0;
  std::optional<std::pair<double, double>> m_defaultWindow;
  bool m_inverted = false;
  bool m_hounsfield = false;
  double m_dragPixelsPerRange = kDefaultDragPixelsPerRange;
};

}  // namespace cxr::editor

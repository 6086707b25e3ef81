#pragma once

#include "core/format/LandmarkSet.h"
#include "core/format/Mask.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cxr::test {

/// Explicit-VR little-endian DICOM files assembled byte by byte (not by DCMTK), so tests can
/// build what no writer offers: foreign transfer syntaxes, absurd sizes, several frames, colour,
/// VOI LUT sequences, shifted bits. Elements are kept sorted by tag.
class HandMadeDicom {
 public:
  /// Meta header with this transfer syntax; SOP class DX; a minimal 8-bit MONOCHROME2 module.
  HandMadeDicom(const std::string& transferSyntaxUid, int rows, int columns);
  /// Sets a string-valued element (padded to even length).
  HandMadeDicom& text(uint16_t group, uint16_t element, const char* vr, const std::string& value);
  /// Sets a US element with one or more values.
  HandMadeDicom& us(uint16_t group, uint16_t element, const std::vector<uint16_t>& values);
  /// Adds a VOI LUT Sequence with one item (LUT Descriptor and 16-bit LUT Data).
  HandMadeDicom& voiLut(uint16_t entries, uint16_t firstMapped, uint16_t bits,
                        const std::vector<uint16_t>& data);
  /// Native (OB or OW, little endian) or encapsulated (one fragment after an empty offset
  /// table) pixel data.
  HandMadeDicom& pixels(const std::string& bytes, bool encapsulated, const char* vr = "OB");
  /// The complete file.
  std::string bytes() const;

 private:
  std::string m_meta;
  std::map<uint32_t, std::string> m_elements;
};

/// Bytes of a minimal explicit-VR little-endian DICOM file written by hand (not by DCMTK), for
/// files DCMTK would refuse to write: a foreign transfer syntax, absurd Rows/Columns.
/// `pixelData` is written as is; `encapsulated` wraps it in one fragment after an empty
/// offset table.
std::string handMadeDicom(const std::string& transferSyntaxUid, int rows, int columns,
                          const std::string& pixelData, bool encapsulated);

/// Writes bytes to a file.
void writeFile(const std::string& path, const std::string& bytes);
/// Reads a whole file.
std::string readFile(const std::string& path);

/// Mean of 8-bit pixels where the mask is set (NaN when empty).
double meanInside(const std::vector<uint8_t>& pixels, const format::Mask& mask);
/// Mean of 8-bit pixels in the rectangle [x0, x1) x [y0, y1) given as fractions of the size.
double meanInBox(const std::vector<uint8_t>& pixels, int height, int width, double x0, double y0,
                 double x1, double y1);
/// Reads "x y" lines (HybridGNet demo output) into points.
std::vector<format::Point> readPointLines(const std::string& path);

}  // namespace cxr::test

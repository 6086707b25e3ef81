#include "tests/image/ImageTestUtil.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace cxr::test {
namespace {

void put16(std::string& out, uint16_t v) {
  out.push_back(char(v & 0xFF));
  out.push_back(char(v >> 8));
}

void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xFF));
}

std::string element(uint16_t group, uint16_t elem, const char* vr, std::string value) {
  if (value.size() % 2) value.push_back(vr[0] == 'U' && vr[1] == 'I' ? '\0' : ' ');
  std::string out;
  put16(out, group);
  put16(out, elem);
  out.append(vr, 2);
  const std::string longVr[] = {"OB", "OW", "OD", "OF", "OL", "SQ", "UN", "UT"};
  bool isLong = false;
  for (const auto& l : longVr) isLong |= l == std::string(vr, 2);
  if (isLong) {
    put16(out, 0);
    put32(out, uint32_t(value.size()));
  } else {
    put16(out, uint16_t(value.size()));
  }
  return out + value;
}

std::string usBytes(uint16_t v) {
  std::string s;
  put16(s, v);
  return s;
}

uint32_t tagKey(uint16_t group, uint16_t element) { return (uint32_t(group) << 16) | element; }

std::string undefinedLength(uint16_t group, uint16_t element, const char* vr) {
  std::string out;
  put16(out, group);
  put16(out, element);
  out.append(vr, 2);
  put16(out, 0);
  put32(out, 0xFFFFFFFF);
  return out;
}

std::string item(uint16_t tag, const std::string& value) {
  std::string out;
  put16(out, 0xFFFE);
  put16(out, tag);
  put32(out, uint32_t(value.size()));
  return out + value;
}

}  // namespace

HandMadeDicom::HandMadeDicom(const std::string& transferSyntaxUid, int rows, int columns) {
  const std::string sopClass = "1.2.840.10008.5.1.4.1.1.1.1", sopInstance = "1.2.3.4.5.6.7";
  const std::string meta = element(0x0002, 0x0001, "OB", std::string("\0\1", 2)) +
                           element(0x0002, 0x0002, "UI", sopClass) +
                           element(0x0002, 0x0003, "UI", sopInstance) +
                           element(0x0002, 0x0010, "UI", transferSyntaxUid);
  std::string length;
  put32(length, uint32_t(meta.size()));
  m_meta = std::string(128, '\0') + "DICM" + element(0x0002, 0x0000, "UL", length) + meta;
  text(0x0008, 0x0016, "UI", sopClass).text(0x0008, 0x0018, "UI", sopInstance);
  text(0x0008, 0x0060, "CS", "DX").text(0x0028, 0x0004, "CS", "MONOCHROME2");
  us(0x0028, 0x0002, {1}).us(0x0028, 0x0010, {uint16_t(rows)}).us(0x0028, 0x0011, {uint16_t(columns)});
  us(0x0028, 0x0100, {8}).us(0x0028, 0x0101, {8}).us(0x0028, 0x0102, {7}).us(0x0028, 0x0103, {0});
}

HandMadeDicom& HandMadeDicom::text(uint16_t group, uint16_t elem, const char* vr,
                                   const std::string& value) {
  m_elements[tagKey(group, elem)] = element(group, elem, vr, value);
  return *this;
}

HandMadeDicom& HandMadeDicom::us(uint16_t group, uint16_t elem, const std::vector<uint16_t>& values) {
  std::string bytes;
  for (uint16_t v : values) put16(bytes, v);
  m_elements[tagKey(group, elem)] = element(group, elem, "US", bytes);
  return *this;
}

HandMadeDicom& HandMadeDicom::voiLut(uint16_t entries, uint16_t firstMapped, uint16_t bits,
                                     const std::vector<uint16_t>& data) {
  std::string lutData;
  for (uint16_t v : data) put16(lutData, v);
  const std::string content = element(0x0028, 0x3002, "US", usBytes(entries) + usBytes(firstMapped) + usBytes(bits)) +
                              element(0x0028, 0x3003, "LO", "TEST LUT") +
                              element(0x0028, 0x3006, "OW", lutData);
  std::string sequence = undefinedLength(0x0028, 0x3010, "SQ");
  sequence += item(0xE000, content) + item(0xE0DD, "");
  m_elements[tagKey(0x0028, 0x3010)] = sequence;
  return *this;
}

HandMadeDicom& HandMadeDicom::pixels(const std::string& bytes, bool encapsulated, const char* vr) {
  if (!encapsulated) {
    m_elements[tagKey(0x7FE0, 0x0010)] = element(0x7FE0, 0x0010, vr, bytes);
    return *this;
  }
  std::string out = undefinedLength(0x7FE0, 0x0010, "OB");
  out += item(0xE000, "") + item(0xE000, bytes.size() % 2 ? bytes + '\0' : bytes) + item(0xE0DD, "");
  m_elements[tagKey(0x7FE0, 0x0010)] = out;
  return *this;
}

std::string HandMadeDicom::bytes() const {
  std::string out = m_meta;
  for (const auto& [key, encoded] : m_elements) out += encoded;
  return out;
}

std::string handMadeDicom(const std::string& transferSyntaxUid, int rows, int columns,
                          const std::string& pixelData, bool encapsulated) {
  return HandMadeDicom(transferSyntaxUid, rows, columns).pixels(pixelData, encapsulated).bytes();
}

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double meanInside(const std::vector<uint8_t>& pixels, const format::Mask& mask) {
  double sum = 0;
  long long n = 0;
  for (size_t i = 0; i < pixels.size() && i < mask.pixels().size(); ++i)
    if (mask.pixels()[i]) {
      sum += pixels[i];
      ++n;
    }
  return n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

double meanInBox(const std::vector<uint8_t>& pixels, int height, int width, double x0, double y0,
                 double x1, double y1) {
  double sum = 0;
  long long n = 0;
  for (int y = int(y0 * height); y < int(y1 * height); ++y)
    for (int x = int(x0 * width); x < int(x1 * width); ++x) {
      sum += pixels[size_t(y) * size_t(width) + size_t(x)];
      ++n;
    }
  return n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

std::vector<format::Point> readPointLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<format::Point> points;
  double x = 0, y = 0;
  while (in >> x >> y) points.push_back({x, y});
  return points;
}

}  // namespace cxr::test

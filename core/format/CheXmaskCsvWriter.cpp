#include "core/format/CheXmaskCsvWriter.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CsvWriter.h"
#include "core/format/FormatError.h"
#include "core/format/NumberText.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cxr::format {

namespace {

bool sameNumber(const std::string& text, double value) {
  const auto v = NumberText::parse(text);
  return v && *v == value;
}

bool isIdColumn(const std::string& name) {
  const auto& ids = CheXmaskCsvReader::knownIdColumns();
  return std::find(ids.begin(), ids.end(), name) != ids.end();
}

bool sameLandmarks(const std::string& text, const LandmarkSet& landmarks) {
  try {
    return CheXmaskCsvReader::parseLandmarks(text) == landmarks;
  } catch (const FormatError&) {
    return false;
  }
}

}  // namespace

struct CheXmaskCsvWriter::Impl {
  std::unique_ptr<CsvWriter> csv;
  std::vector<std::string> header;
  std::vector<std::string> fields;
};

std::vector<std::string> CheXmaskCsvWriter::modelHeader(const std::string& idColumn) {
  return {idColumn, "Dice RCA (Mean)", "Dice RCA (Max)", "Landmarks", "Left Lung", "Right Lung", "Heart",
          "Height", "Width"};
}

std::vector<std::string> CheXmaskCsvWriter::physicianHeader() {
  return {"ImageID", "Dataset", "Landmarks", "Right Lung", "Left Lung", "Heart"};
}

CheXmaskCsvWriter::CheXmaskCsvWriter(const std::string& path, std::vector<std::string> header)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->csv = std::make_unique<CsvWriter>(path);
  m_impl->header = std::move(header);
  m_impl->csv->write(m_impl->header);
}

CheXmaskCsvWriter::~CheXmaskCsvWriter() = default;

void CheXmaskCsvWriter::write(const CheXmaskRow& row) {
  Impl& d = *m_impl;
  d.fields.clear();
  for (const std::string& name : d.header) {
    const std::string* original = row.column(name);
    std::string text;
    if (isIdColumn(name)) {
      text = row.imageId;  // always the typed field, so callers can rename rows
    } else if (name == "Landmarks") {
      // Keep the row's own notation (numpy, JSON, flat) when the values are unchanged.
      text = (original && sameLandmarks(*original, row.landmarks)) ? *original : formatLandmarks(row.landmarks);
    } else if (name == "Dice RCA (Mean)" || name == "Dice RCA (Max)") {
      const std::optional<double>& v = name == "Dice RCA (Mean)" ? row.rcaMean : row.rcaMax;
      text = !v ? "" : (original && sameNumber(*original, *v)) ? *original : formatDouble(*v);
    } else if (name == "Height" || name == "Width") {
      const int v = name == "Height" ? row.height : row.width;
      text = (original && (sameNumber(*original, v) || (original->empty() && v == 1024))) ? *original
                                                                                          : std::to_string(v);
    } else if (name == "Right Lung") {
      text = row.rleRightLung;
    } else if (name == "Left Lung") {
      text = row.rleLeftLung;
    } else if (name == "Heart") {
      text = row.rleHeart;
    } else if (name == "Dataset" && !row.dataset.empty()) {
      text = row.dataset;
    } else if (original) {
      text = *original;
    }
    d.fields.push_back(std::move(text));
  }
  d.csv->write(d.fields);
}

void CheXmaskCsvWriter::close() { m_impl->csv->close(); }

std::string CheXmaskCsvWriter::formatDouble(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits, then Python's repr layout: fixed for 1e-4 <= |x| < 1e16,
  // otherwise d.ddde[+-]XX; integral values keep ".0".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  const bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  const size_t ePos = sci.find('e');
  const int exponent = std::atoi(sci.c_str() + ePos + 1);
  std::string digits = sci.substr(0, ePos);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int decpt = exponent + 1;  // position of the decimal point relative to the digits
  std::string out;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out = "0." + std::string(size_t(-decpt), '0') + digits;
    } else if (size_t(decpt) >= digits.size()) {
      out = digits + std::string(size_t(decpt) - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, size_t(decpt)) + "." + digits.substr(size_t(decpt));
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char e[16];
    std::snprintf(e, sizeof e, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += e;
  }
  return negative ? "-" + out : out;
}

std::string CheXmaskCsvWriter::formatLandmarks(const LandmarkSet& landmarks) {
  std::string out;
  out.reserve(240 * 4);
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    const Point p = landmarks[i];
    if (i) out.push_back(',');
    out += std::to_string(static_cast<long long>(std::nearbyint(p.x)));
    out.push_back(',');
    out += std::to_string(static_cast<long long>(std::nearbyint(p.y)));
  }
  return out;
}

}  // namespace cxr::format

#include "core/format/CheXmaskCsvReader.h"

#include "core/format/CsvReader.h"
#include "core/format/FormatError.h"
#include "core/format/NumberText.h"
#include "core/format/Rle.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>
#include <unordered_map>

namespace cxr::format {

namespace {

const char* const kLandmarks = "Landmarks";
const char* const kRcaMean = "Dice RCA (Mean)";
const char* const kRcaMax = "Dice RCA (Max)";

// Strict full-field number parsing, whatever the process locale.
bool parseDouble(const std::string& text, double& value) {
  const auto v = NumberText::parse(text);
  if (!v) return false;
  value = *v;
  return true;
}

}  // namespace

struct CheXmaskCsvReader::Impl {
  std::unique_ptr<CsvReader> csv;
  std::vector<std::string> header;
  std::map<std::string, int> index;
  std::string idColumn;
  CheXmaskFileKind kind = CheXmaskFileKind::Model;
  int idCol = -1, landmarksCol = -1, meanCol = -1, maxCol = -1, heightCol = -1, widthCol = -1,
      datasetCol = -1;
  int rleCol[3] = {-1, -1, -1};
  std::vector<std::string> warnings;
  std::vector<std::string> fields;
  // dataset + '\n' + image id -> line of its first row (duplicates are refused).
  std::unordered_map<std::string, long long> seenIds;
  // Rows read as-is but worth a word, reported once per file at the end.
  long long emptySizeRows = 0, emptySizeFirstLine = 0, fractionalRows = 0, fractionalFirstLine = 0;
  bool summaryAdded = false;

  std::atomic<long long> bytes{0};  // bytesRead(), readable from another thread

  bool readRow(CheXmaskRow& row);

  [[noreturn]] void fail(long long line, const std::string& column, const std::string& what) const {
    throw FormatError(csv->path() + ": line " + std::to_string(line) +
                      (column.empty() ? "" : ", column '" + column + "'") + ": " + what);
  }
  int require(const std::string& name) const {
    auto it = index.find(name);
    if (it == index.end()) fail(1, name, "required column is missing from the header");
    return it->second;
  }
  int optional(const std::string& name) const {
    auto it = index.find(name);
    return it == index.end() ? -1 : it->second;
  }
  int parseDimension(int col, long long line, bool& empty) const {
    if (col < 0) return 1024;  // physician files: the 1024 space
    if (fields[size_t(col)].empty()) {  // the release leaves it empty for 1024 (reported)
      empty = true;
      return 1024;
    }
    double v = 0;
    if (!parseDouble(fields[size_t(col)], v) || v != std::floor(v) || v < 1)
      fail(line, header[size_t(col)], "'" + fields[size_t(col)] + "' is not a positive integer size");
    if (v > kMaxImageSide)
      fail(line, header[size_t(col)],
           "'" + fields[size_t(col)] + "' exceeds the largest supported image side (" +
               std::to_string(kMaxImageSide) + " pixels; real chest radiographs are at most about 4,300)");
    return static_cast<int>(v);
  }
  std::optional<double> parseRca(int col, long long line) const {
    if (col < 0 || fields[size_t(col)].empty()) return std::nullopt;
    double v = 0;
    if (!parseDouble(fields[size_t(col)], v) || !std::isfinite(v))
      fail(line, header[size_t(col)], "'" + fields[size_t(col)] + "' is not a number");
    return v;
  }
};

void CheXmaskCsvReader::checkLandmarkRange(const LandmarkSet& landmarks, int height, int width) {
  const double side = std::max({1024, height, width});
  for (int i = 0; i < LandmarkSet::size(); ++i)
    for (int axis = 0; axis < 2; ++axis) {
      const double v = axis == 0 ? landmarks[i].x : landmarks[i].y;
      if (v < -side || v > 2 * side)
        throw FormatError("landmark " + std::to_string(i) + " " + (axis == 0 ? "x" : "y") + " = " +
                          NumberText::shortest(v) + " is far outside the " + std::to_string(height) + " x " +
                          std::to_string(width) + " image (accepted: " + NumberText::shortest(-side) + " .. " +
                          NumberText::shortest(2 * side) + ")");
    }
}

const std::vector<std::string>& CheXmaskCsvReader::knownIdColumns() {
  static const std::vector<std::string> names{"Image Index", "Path", "dicom_id", "ImageID", "image_id"};
  return names;
}

CheXmaskCsvReader::CheXmaskCsvReader(const std::string& path) : m_impl(std::make_unique<Impl>()) {
  Impl& d = *m_impl;
  d.csv = std::make_unique<CsvReader>(path);
  if (!d.csv->next(d.header)) throw FormatError(path + ": empty file (no header line)");
  for (size_t i = 0; i < d.header.size(); ++i) {
    if (d.index.count(d.header[i])) d.fail(1, d.header[i], "column appears twice in the header");
    d.index[d.header[i]] = static_cast<int>(i);
  }
  for (const std::string& name : knownIdColumns())
    if (d.index.count(name)) {
      d.idColumn = name;
      break;
    }
  if (d.idColumn.empty()) {
    std::string first;
    for (size_t i = 0; i < d.header.size(); ++i) first += (i ? "," : "") + d.header[i];
    const bool binary = std::any_of(first.begin(), first.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u == 0 || (u < 0x20 && c != '\t') || u == 0x7f;
    });
    if (binary)
      d.fail(1, "", "not a CSV text file (the first line holds binary data)");
    d.fail(1, "", "no image ID column (expected one of Image Index, Path, dicom_id, ImageID, image_id; the header is '" +
                      first.substr(0, 120) + (first.size() > 120 ? "..." : "") + "')");
  }
  d.idCol = d.index[d.idColumn];
  d.landmarksCol = d.require(kLandmarks);
  for (Organ o : kOrgans) d.rleCol[int(o)] = d.require(std::string(organColumnName(o)));
  d.meanCol = d.optional(kRcaMean);
  d.maxCol = d.optional(kRcaMax);
  d.heightCol = d.optional("Height");
  d.widthCol = d.optional("Width");
  d.datasetCol = d.optional("Dataset");
  d.kind = (d.meanCol < 0 && d.maxCol < 0 && d.datasetCol >= 0) ? CheXmaskFileKind::Physician
                                                                  : CheXmaskFileKind::Model;
}

CheXmaskCsvReader::~CheXmaskCsvReader() = default;

bool CheXmaskCsvReader::next(CheXmaskRow& row) {
  Impl& d = *m_impl;
  const bool more = d.readRow(row);
  d.bytes.store(d.csv->bytesRead(), std::memory_order_relaxed);
  return more;
}

bool CheXmaskCsvReader::Impl::readRow(CheXmaskRow& row) {
  Impl& d = *this;
  if (!d.csv->next(d.fields)) {
    if (!d.summaryAdded) {
      d.summaryAdded = true;
      if (d.emptySizeRows)
        d.warnings.push_back(d.csv->path() + ": " + std::to_string(d.emptySizeRows) +
                             " rows with an empty Height or Width, taken as 1024 as the release means it "
                             "(first at line " + std::to_string(d.emptySizeFirstLine) + ")");
      if (d.fractionalRows)
        d.warnings.push_back(d.csv->path() + ": " + std::to_string(d.fractionalRows) +
                             " rows with fractional landmarks (first at line " +
                             std::to_string(d.fractionalFirstLine) +
                             "); they are kept as read, but CheXmask CSV output writes integers "
                             "(rounded half to even)");
    }
    return false;
  }
  const long long line = d.csv->recordLine();
  if (d.fields.size() != d.header.size())
    d.fail(line, "", "has " + std::to_string(d.fields.size()) + " fields, the header has " +
                         std::to_string(d.header.size()));
  row = CheXmaskRow{};
  row.line = line;
  row.imageId = d.fields[size_t(d.idCol)];
  if (row.imageId.empty()) d.fail(line, d.idColumn, "empty image ID");
  if (d.datasetCol >= 0) row.dataset = d.fields[size_t(d.datasetCol)];
  try {
    row.landmarks = parseLandmarks(d.fields[size_t(d.landmarksCol)]);
  } catch (const FormatError& e) {
    d.fail(line, kLandmarks, e.what());
  }
  row.rcaMean = d.parseRca(d.meanCol, line);
  row.rcaMax = d.parseRca(d.maxCol, line);
  bool emptySize = false;
  row.height = d.parseDimension(d.heightCol, line, emptySize);
  row.width = d.parseDimension(d.widthCol, line, emptySize);
  if (emptySize && d.emptySizeRows++ == 0) d.emptySizeFirstLine = line;
  try {
    checkLandmarkRange(row.landmarks, row.height, row.width);
  } catch (const FormatError& e) {
    d.fail(line, kLandmarks, e.what());
  }
  if (!row.landmarks.isIntegral() && d.fractionalRows++ == 0) d.fractionalFirstLine = line;
  {
    const auto [it, inserted] = d.seenIds.emplace(row.dataset + '\n' + row.imageId, line);
    if (!inserted)
      d.fail(line, d.idColumn, "image ID '" + row.imageId + "' appears twice (first at line " +
                                   std::to_string(it->second) + "); a CheXmask file has one row per image");
  }
  for (Organ o : kOrgans) {
    std::string& rle = row.rle(o);
    rle = d.fields[size_t(d.rleCol[int(o)])];
    try {
      Rle::validate(rle, row.height, row.width);
    } catch (const FormatError& e) {
      d.fail(line, std::string(organColumnName(o)), e.what());
    }
  }
  if (row.rcaMean && row.rcaMax && *row.rcaMax < *row.rcaMean)
    d.warnings.push_back(d.csv->path() + ": line " + std::to_string(line) + " (" + row.imageId +
                         "): Dice RCA (Max) " + d.fields[size_t(d.maxCol)] + " < Dice RCA (Mean) " +
                         d.fields[size_t(d.meanCol)] + " (known release defect: columns swapped; kept as is)");
  row.columns.reserve(d.header.size());
  for (size_t i = 0; i < d.header.size(); ++i) row.columns.emplace_back(d.header[i], std::move(d.fields[i]));
  return true;
}

LandmarkSet CheXmaskCsvReader::parseLandmarks(const std::string& text) {
  std::vector<double> values;
  values.reserve(240);
  const char* p = text.c_str();
  const char* const end = p + text.size();
  while (p < end) {
    const bool startsNumber = (*p >= '0' && *p <= '9') ||
                              ((*p == '-' || *p == '+' || *p == '.') && p + 1 < end &&
                               ((p[1] >= '0' && p[1] <= '9') || p[1] == '.'));
    if (!startsNumber) {
      const char c = *p;
      if (!(c == ',' || c == ' ' || c == '[' || c == ']' || c == '\n' || c == '\r' || c == '\t'))
        throw FormatError(std::string("unexpected character '") + c + "' in landmarks");
      ++p;
      continue;
    }
    double v = 0;
    const char* numberEnd = NumberText::parsePrefix(p, end, v);
    if (numberEnd == p || !std::isfinite(v)) throw FormatError("bad number in landmarks");
    values.push_back(v);
    p = numberEnd;
  }
  if (values.size() != 240)
    throw FormatError("expected 240 landmark coordinates (120 points), found " + std::to_string(values.size()));
  return LandmarkSet::fromFlat(values);
}

CheXmaskFileKind CheXmaskCsvReader::kind() const { return m_impl->kind; }
const std::vector<std::string>& CheXmaskCsvReader::header() const { return m_impl->header; }
const std::string& CheXmaskCsvReader::idColumn() const { return m_impl->idColumn; }
int CheXmaskCsvReader::columnIndex(const std::string& name) const { return m_impl->optional(name); }
const std::vector<std::string>& CheXmaskCsvReader::warnings() const { return m_impl->warnings; }
const std::string& CheXmaskCsvReader::path() const { return m_impl->csv->path(); }
long long CheXmaskCsvReader::bytesRead() const { return m_impl->bytes.load(std::memory_order_relaxed); }

}  // namespace cxr::format

#pragma once

#include <memory>
#include <string>
#include <vector>

namespace cxr::format {

/// RFC 4180 CSV writer; gzip-compresses when the path ends in ".gz". Fields containing a
/// comma, quote, CR or LF are quoted (quotes doubled); lines end with "\n".
class CsvWriter {
 public:
  /// Creates/truncates `path`; throws FormatError naming the file on failure.
  explicit CsvWriter(const std::string& path);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  /// Writes one record.
  void write(const std::vector<std::string>& fields);
  /// Flushes and closes; throws FormatError if the data could not be written completely.
  void close();

  /// One field as it appears in a CSV line (quoted only where RFC 4180 requires it).
  static std::string quote(const std::string& field);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::format

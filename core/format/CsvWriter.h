#pragma once

#include <memory>
#include <string>
#include <vector>

namespace cxr::format {

/// RFC 4180 CSV writer; gzip-compresses when the path ends in ".gz". Fields containing a
/// comma, quote, CR or LF are quoted (quotes doubled); lines end with "\n".
class CsvWriter {
 public:
  /// Prepares `path`: the rows go to a temporary file beside it (`<path>.partial-<pid>-<n>`)
  /// that close() renames onto `path`, so `path` is either untouched or complete. Throws
  /// FormatError naming the file and the reason (errno text) on failure.
  explicit CsvWriter(const std::string& path);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  /// Writes one record.
  void write(const std::vector<std::string>& fields);
  /// Flushes, closes and renames the file into place; throws FormatError if the data could
  /// not be written completely (then the temporary file is removed). A writer destroyed
  /// without close() (an exception unwinding) removes its temporary file: no partial output.
  void close();

  /// One field as it appears in a CSV line (quoted only where RFC 4180 requires it).
  static std::string quote(const std::string& field);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::format

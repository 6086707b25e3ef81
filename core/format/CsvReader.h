#pragma once

#include <memory>
#include <string>
#include <vector>

namespace cxr::format {

/// Streaming RFC 4180 CSV reader for plain or gzip-compressed files (zlib detects which);
/// holds one record at a time, so files of several GB are read in constant memory.
class CsvReader {
 public:
  /// Longest record accepted (a CheXmask row of an 8192 x 8192 image is well below it); a
  /// longer one is a FormatError, so memory never depends on the file's contents.
  static constexpr size_t kMaxRecordBytes = size_t(256) << 20;

  /// Opens `path`; throws FormatError naming the file and the reason (errno text) when it
  /// cannot be opened, or when its name ends in .gz and it is not gzip data. A UTF-8
  /// byte-order mark at the start is skipped.
  explicit CsvReader(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Reads the next record into `fields`; false at end of file. Throws FormatError for an
  /// unterminated quote or a truncated/corrupt gzip stream, naming file and line.
  bool next(std::vector<std::string>& fields);
  /// 1-based physical line where the last returned record started.
  long long recordLine() const;
  /// Bytes of (uncompressed) text consumed so far.
  long long bytesRead() const;
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::format

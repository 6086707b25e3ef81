#include "core/format/CsvReader.h"

#include "core/format/FormatError.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cxr::format {

struct CsvReader::Impl {
  std::string path;
  gzFile file = nullptr;
  static constexpr size_t kBufferBytes = size_t(1) << 20;
  std::unique_ptr<char[]> buffer{new char[kBufferBytes]};  // not zero-filled: gzread fills it
  size_t pos = 0, size = 0;
  bool eof = false;
  long long line = 1;        // current physical line
  long long recordLine = 0;  // line where the last record started
  long long bytes = 0;

  // Closes the file also when the constructor throws (a fuzzer found the leak).
  ~Impl() {
    if (file) gzclose(file);
  }

  // Next character, or -1 at end of input. Refills from zlib (plain files pass through).
  int get() {
    if (pos == size) {
      if (eof) return -1;
      const int n = gzread(file, buffer.get(), static_cast<unsigned>(kBufferBytes));
      if (n < 0) {
        int code = 0;
        const char* msg = gzerror(file, &code);
        throw FormatError(path + ": line " + std::to_string(line) + ": cannot read compressed data (" +
                          (msg ? msg : "zlib error") + "); the file is truncated or corrupt");
      }
      if (n == 0) {
        int code = 0;
        const char* msg = gzerror(file, &code);
        if (code != Z_OK && code != Z_STREAM_END)
          throw FormatError(path + ": line " + std::to_string(line) + ": " + (msg ? msg : "read error") +
                            " (truncated or corrupt gzip file)");
        eof = true;
        return -1;
      }
      pos = 0;
      size = static_cast<size_t>(n);
      bytes += n;
    }
    return static_cast<unsigned char>(buffer[pos++]);
  }
  int peek() {
    const int c = get();
    if (c >= 0) --pos;
    return c;
  }
};

CsvReader::CsvReader(const std::string& path) : m_impl(std::make_unique<Impl>()) {
  m_impl->path = path;
  // A name ending in .gz must hold gzip data: zlib would otherwise pass random bytes through
  // as "text" and the error would be about a missing column.
  unsigned char magic[2] = {0, 0};
  size_t got = 0;
  errno = 0;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    got = std::fread(magic, 1, 2, f);
    std::fclose(f);
  } else {
    throw FormatError(path + ": cannot open (" + std::string(errno ? std::strerror(errno) : "unknown error") + ")");
  }
  const bool gzName = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (gzName && got > 0 && !(got == 2 && magic[0] == 0x1f && magic[1] == 0x8b))
    throw FormatError(path + ": not a gzip file (the name ends in .gz but the data does not start with the gzip signature 1f 8b)");
  errno = 0;
  m_impl->file = gzopen(path.c_str(), "rb");
  if (!m_impl->file)
    throw FormatError(path + ": cannot open (" + std::string(errno ? std::strerror(errno) : "zlib error") + ")");
  gzbuffer(m_impl->file, 1 << 18);
  // A UTF-8 byte-order mark (Excel writes one) is not part of the first column's name.
  if (m_impl->get() == 0xEF) {
    if (!(m_impl->get() == 0xBB && m_impl->get() == 0xBF)) {
      gzrewind(m_impl->file);
      m_impl->pos = m_impl->size = 0;
      m_impl->bytes = 0;
      m_impl->eof = false;
    }
  } else if (m_impl->size > 0) {
    --m_impl->pos;
  }
}

CsvReader::~CsvReader() = default;

namespace {

// Bytes that end a run of ordinary characters outside quotes.
struct SpecialBytes {
  bool table[256] = {};
  constexpr SpecialBytes() {
    table[static_cast<unsigned char>(',')] = table[static_cast<unsigned char>('"')] = true;
    table[static_cast<unsigned char>('\n')] = table[static_cast<unsigned char>('\r')] = true;
  }
};
constexpr SpecialBytes kSpecial;

}  // namespace

// Block tokeniser: ordinary characters are appended a run at a time (memchr for the closing
// quote inside quotes, a table scan outside), so a 19 kB CheXmask row costs a few dozen
// appends instead of one call per byte (docs/performance.md, import). The grammar is the
// byte-at-a-time one it replaced: RFC 4180 quotes ("" inside quotes is a quote), a quote
// opens quotes only at the start of a field, text after a closing quote is an error,
// \n, \r\n and \r end a record, blank lines between records are skipped.
bool CsvReader::next(std::vector<std::string>& fields) {
  Impl& d = *m_impl;
  int c = d.get();
  // Skip blank lines between records.
  while (c == '\n' || c == '\r') {
    if (c == '\n') ++d.line;
    c = d.get();
  }
  if (c < 0) {
    fields.clear();
    return false;
  }
  --d.pos;  // get() just returned this byte from the buffer: read it again below
  d.recordLine = d.line;
  // Fields are reused (their capacity too) from one record to the next.
  size_t k = 0;
  const auto fieldAt = [&fields](size_t i) -> std::string& {
    if (i == fields.size()) return fields.emplace_back();
    fields[i].clear();
    return fields[i];
  };
  std::string* field = &fieldAt(0);
  bool quoted = false, inQuotes = false;
  size_t recordBytes = 0;
  const auto count = [&](size_t n) {
    recordBytes += n;
    if (recordBytes > kMaxRecordBytes)
      throw FormatError(d.path + ": line " + std::to_string(d.recordLine) + ": record longer than " +
                        std::to_string(kMaxRecordBytes >> 20) +
                        " MiB (not a CheXmask row; a missing newline or quote?)");
  };
  for (;;) {
    if (d.pos == d.size && d.get() >= 0) --d.pos;  // refill
    if (d.pos == d.size) {  // end of input
      if (inQuotes)
        throw FormatError(d.path + ": line " + std::to_string(d.recordLine) +
                          ": unterminated quoted field (file ends inside quotes)");
      fields.resize(k + 1);
      return true;
    }
    const char* const base = d.buffer.get();
    const char* const s = base + d.pos;
    const char* const e = base + d.size;
    if (inQuotes) {
      const char* q = static_cast<const char*>(std::memchr(s, '"', size_t(e - s)));
      const char* const stop = q ? q : e;
      d.line += std::count(s, stop, '\n');
      count(size_t(stop - s) + (q ? 1 : 0));
      field->append(s, stop);
      d.pos = size_t(stop - base);
      if (!q) continue;
      ++d.pos;  // the quote
      if (d.peek() == '"') {
        d.get();
        count(1);
        field->push_back('"');
      } else {
        inQuotes = false;
      }
      continue;
    }
    const char* p = s;
    while (p < e && !kSpecial.table[static_cast<unsigned char>(*p)]) ++p;
    if (p > s) {
      if (quoted)
        throw FormatError(d.path + ": line " + std::to_string(d.line) + ", field " + std::to_string(k + 1) +
                          ": text after a closing quote");
      count(size_t(p - s));
      field->append(s, p);
      d.pos = size_t(p - base);
      if (p == e) continue;
    }
    const char ch = *p;
    ++d.pos;
    count(1);
    if (ch == '"') {
      if (field->empty() && !quoted) {
        quoted = inQuotes = true;
      } else if (quoted) {
        throw FormatError(d.path + ": line " + std::to_string(d.line) + ", field " + std::to_string(k + 1) +
                          ": text after a closing quote");
      } else {
        field->push_back('"');
      }
    } else if (ch == ',') {
      field = &fieldAt(++k);
      quoted = false;
    } else {  // '\n' or '\r'
      if (ch == '\r' && d.peek() == '\n') d.get();
      ++d.line;
      fields.resize(k + 1);
      return true;
    }
  }
}

long long CsvReader::recordLine() const { return m_impl->recordLine; }
long long CsvReader::bytesRead() const { return m_impl->bytes; }
const std::string& CsvReader::path() const { return m_impl->path; }

}  // namespace cxr::format

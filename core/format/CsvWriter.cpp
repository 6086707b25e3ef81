#include "core/format/CsvWriter.h"

#include "core/format/FormatError.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>

namespace cxr::format {

namespace {
bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

struct CsvWriter::Impl {
  std::string path;
  bool gzip = false;
  FILE* plain = nullptr;
  gzFile gz = nullptr;
  std::string line;

  void put(const std::string& text) {
    bool ok = true;
    if (gzip)
      ok = text.empty() || gzwrite(gz, text.data(), static_cast<unsigned>(text.size())) == int(text.size());
    else
      ok = std::fwrite(text.data(), 1, text.size(), plain) == text.size();
    if (!ok) throw FormatError(path + ": write failed (" + std::strerror(errno) + ")");
  }
};

CsvWriter::CsvWriter(const std::string& path) : m_impl(std::make_unique<Impl>()) {
  m_impl->path = path;
  m_impl->gzip = endsWith(path, ".gz");
  if (m_impl->gzip)
    m_impl->gz = gzopen(path.c_str(), "wb6");
  else
    m_impl->plain = std::fopen(path.c_str(), "wb");
  if (!m_impl->gz && !m_impl->plain)
    throw FormatError(path + ": cannot create (" + std::strerror(errno) + ")");
}

CsvWriter::~CsvWriter() {
  try {
    close();
  } catch (...) {
    // Destructors must not throw; callers who care call close() themselves.
  }
}

std::string CsvWriter::quote(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void CsvWriter::write(const std::vector<std::string>& fields) {
  std::string& line = m_impl->line;
  line.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line.push_back(',');
    line += quote(fields[i]);
  }
  line.push_back('\n');
  m_impl->put(line);
}

void CsvWriter::close() {
  Impl& d = *m_impl;
  if (d.gz) {
    const int rc = gzclose(d.gz);
    d.gz = nullptr;
    if (rc != Z_OK) throw FormatError(d.path + ": could not finish the gzip stream");
  }
  if (d.plain) {
    const bool ok = std::fflush(d.plain) == 0;
    const bool closed = std::fclose(d.plain) == 0;
    d.plain = nullptr;
    if (!ok || !closed) throw FormatError(d.path + ": could not write the file completely");
  }
}

}  // namespace cxr::format

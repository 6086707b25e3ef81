#include "core/format/CsvWriter.h"

#include "core/format/FormatError.h"

#include <zlib.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
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
  std::string writePath;  // a temporary file beside `path`, renamed onto it by close()
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
  // Regular files are written under a temporary name and renamed by close(), so a failure
  // or a kill never leaves a partial file under the requested name. Special files (a FIFO,
  // /dev/stdout) are written directly.
  struct stat st {};
  const bool special = ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
  static std::atomic<unsigned> counter{0};
  m_impl->writePath = special ? path
                              : path + ".partial-" + std::to_string(::getpid()) + "-" +
                                    std::to_string(counter.fetch_add(1));
  errno = 0;
  if (m_impl->gzip)
    m_impl->gz = gzopen(m_impl->writePath.c_str(), "wb6");
  else
    m_impl->plain = std::fopen(m_impl->writePath.c_str(), "wb");
  if (!m_impl->gz && !m_impl->plain)
    throw FormatError(path + ": cannot create (" + std::string(errno ? std::strerror(errno) : "unknown error") + ")");
}

CsvWriter::~CsvWriter() {
  // Not closed: the output is incomplete (an exception unwinds); drop the temporary file.
  Impl& d = *m_impl;
  if (d.gz) gzclose(d.gz);
  if (d.plain) std::fclose(d.plain);
  if ((d.gz || d.plain) && d.writePath != d.path) std::remove(d.writePath.c_str());
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
  if (!d.gz && !d.plain) return;
  const bool temporary = d.writePath != d.path;
  const auto fail = [&](const std::string& what) {
    const std::string reason = errno ? std::string(" (") + std::strerror(errno) + ")" : std::string();
    if (temporary) std::remove(d.writePath.c_str());
    throw FormatError(d.path + ": " + what + reason + "; nothing was written under this name");
  };
  errno = 0;
  if (d.gz) {
    const int rc = gzclose(d.gz);
    d.gz = nullptr;
    if (rc != Z_OK) fail("could not finish the gzip stream");
  }
  if (d.plain) {
    const bool ok = std::fflush(d.plain) == 0 && (!temporary || ::fsync(fileno(d.plain)) == 0);
    const bool closed = std::fclose(d.plain) == 0;
    d.plain = nullptr;
    if (!ok || !closed) fail("could not write the file completely");
  }
  if (temporary && std::rename(d.writePath.c_str(), d.path.c_str()) != 0) fail("could not rename the finished file into place");
}

}  // namespace cxr::format

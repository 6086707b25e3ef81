#include "core/interop/Deidentifier.h"

#include "core/format/CsvWriter.h"
#include "core/interop/DicomSeg.h"
#include "core/interop/InteropError.h"

#include <cstdio>

namespace cxr::interop {

namespace {
std::string numbered(const char* prefix, long long n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%06lld", prefix, n);
  return buf;
}
}  // namespace

struct Deidentifier::Impl {
  std::string tmp;
  std::unique_ptr<format::CsvWriter> csv;
  bool finished = false;
};

Deidentifier::Deidentifier(const std::string& mappingPath) : m_impl(std::make_unique<Impl>()), m_path(mappingPath) {
  m_impl->tmp = mappingPath + ".part";
  m_impl->csv = std::make_unique<format::CsvWriter>(m_impl->tmp);
  m_impl->csv->write({"kind", "original", "exported"});
}

Deidentifier::~Deidentifier() {
  if (!m_impl->finished) {
    m_impl->csv.reset();
    std::remove(m_impl->tmp.c_str());
  }
}

std::string Deidentifier::lookup(const std::string& kind, const std::string& original, const std::string& fresh) {
  const std::string key = kind + '\x1f' + original;
  auto it = m_seen.find(key);
  if (it != m_seen.end()) return it->second;
  m_seen.emplace(key, fresh);
  m_impl->csv->write({kind, original, fresh});
  return fresh;
}

std::string Deidentifier::imageId(const std::string& dataset, const std::string& original) {
  const std::string key = dataset + '\x1f' + original;
  auto it = m_seen.find("image_id\x1f" + key);
  if (it != m_seen.end()) return it->second;
  const std::string fresh = numbered("ANON-IMG-", ++m_images);
  m_seen.emplace("image_id\x1f" + key, fresh);
  m_impl->csv->write({"image_id", dataset + ":" + original, fresh});
  return fresh;
}

std::string Deidentifier::patientId(const std::string& original) {
  auto it = m_seen.find("patient_id\x1f" + original);
  if (it != m_seen.end()) return it->second;
  return lookup("patient_id", original, numbered("ANON-PAT-", ++m_patients));
}

std::string Deidentifier::uid(const std::string& kind, const std::string& original) {
  auto it = m_seen.find(kind + '\x1f' + original);
  if (it != m_seen.end()) return it->second;
  return lookup(kind, original, DicomSeg::newUid());
}

void Deidentifier::finish() {
  m_impl->csv->close();
  if (std::rename(m_impl->tmp.c_str(), m_path.c_str()) != 0)
    throw InteropError(m_path + ": cannot rename the finished mapping file into place");
  m_impl->finished = true;
}

}  // namespace cxr::interop

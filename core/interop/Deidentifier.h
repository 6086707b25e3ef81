#pragma once

#include <memory>
#include <string>
#include <unordered_map>

namespace cxr::interop {

/// Pseudonyms for a de-identified export and the mapping file (CSV: kind,original,exported)
/// that links them to the originals. The same original always gets the same pseudonym within
/// one export; the mapping is written as it grows (flat memory apart from the lookup tables of
/// patients, studies and series) to a temporary file renamed into place by finish().
class Deidentifier {
 public:
  explicit Deidentifier(const std::string& mappingPath);
  ~Deidentifier();
  Deidentifier(const Deidentifier&) = delete;
  Deidentifier& operator=(const Deidentifier&) = delete;

  /// "ANON-IMG-000001", ... for a dataset image id (dataset-qualified original in the map).
  std::string imageId(const std::string& dataset, const std::string& original);
  /// "ANON-PAT-000001", ...
  std::string patientId(const std::string& original);
  /// A fresh DICOM UID for a study, series or instance UID (kind: "study_uid", ...).
  std::string uid(const std::string& kind, const std::string& original);
  /// Renames the mapping file into place; without it the temporary file is removed.
  void finish();
  const std::string& path() const { return m_path; }

 private:
  std::string lookup(const std::string& kind, const std::string& original, const std::string& fresh);
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_path;
  std::unordered_map<std::string, std::string> m_seen;
  long long m_images = 0, m_patients = 0;
};

}  // namespace cxr::interop

#include "ui/widgets/CaseWriter.h"

namespace cxr::widgets {

void CaseWriter::begin(const review::ReviewCase& loaded, const std::string& reader) {
  m_imageId = loaded.image.id;
  m_reader = reader;
  m_expected = loaded.readerCurrentVersionId;
  m_storeCurrent.reset();
  m_conflicted = false;
  m_shownVersion = loaded.reviewVersion ? loaded.reviewVersion->id : 0;
  m_known.clear();
  // Versions the pointer may return to: the model's proposal and this reader's own versions.
  for (const review::CaseVersion& v : loaded.versions)
    if (v.fromModel || v.author == reader) m_known.emplace_back(v.landmarks, v.id);
}

review::SaveResult CaseWriter::refused(const std::string& message) {
  review::SaveResult result;
  result.conflict = true;
  result.message = message;
  return result;
}

std::optional<store::RowId> CaseWriter::knownVersion(const format::LandmarkSet& landmarks) const {
  // Newest first: redo onto the latest identical correction.
  for (auto it = m_known.rbegin(); it != m_known.rend(); ++it)
    if (it->first == landmarks) return it->second;
  return std::nullopt;
}

void CaseWriter::remember(const review::SaveResult& result, const format::LandmarkSet* landmarks) {
  if (result.conflict) {
    m_conflicted = true;
    m_storeCurrent = result.currentVersionId;
    return;
  }
  if (!result.saved) return;
  m_expected = result.versionId;
  m_shownVersion = result.versionId;
  if (landmarks && !knownVersion(*landmarks)) m_known.emplace_back(*landmarks, result.versionId);
}

review::SaveResult CaseWriter::save(const format::LandmarkSet& landmarks, double secondsSpent) {
  if (m_conflicted) return refused("not saved: this image was changed by another session; reload it or keep your version");
  review::SaveResult result;
  if (const auto known = knownVersion(landmarks)) {
    if (m_expected && *known == *m_expected) {  // nothing changed since the last save
      result.saved = true;
      result.versionId = *known;
      result.currentVersionId = *known;
      result.message = "unchanged";
      return result;
    }
    result = m_cases.setCurrent(m_imageId, m_reader, *known, m_expected);
    remember(result, nullptr);
    return result;
  }
  review::EditRequest request;
  request.imageId = m_imageId;
  request.parentVersionId = m_shownVersion;
  request.expectedCurrentVersionId = m_expected;
  request.landmarks = landmarks;
  request.space = store::LandmarkSpace::Original;
  request.reader = m_reader;
  request.timeSpentSeconds = secondsSpent;
  result = m_cases.saveEdit(request);
  remember(result, &landmarks);
  return result;
}

review::SaveResult CaseWriter::decide(review::Decision decision, double secondsSpent,
                                      const std::string& comment) {
  if (m_conflicted) return refused("not recorded: this image was changed by another session; reload it first");
  review::ReviewRequest request;
  request.imageId = m_imageId;
  request.decision = decision;
  request.reader = m_reader;
  request.expectedCurrentVersionId = m_expected;
  request.timeSpentSeconds = secondsSpent;
  request.comment = comment;
  review::SaveResult result = m_cases.review(request);
  if (result.conflict) {
    m_conflicted = true;
    m_storeCurrent = result.currentVersionId;
  } else if (result.saved && result.currentVersionId) {
    m_expected = result.currentVersionId;
  }
  return result;
}

void CaseWriter::resolveKeepMine() {
  m_expected = m_storeCurrent;
  m_conflicted = false;
}

}  // namespace cxr::widgets
